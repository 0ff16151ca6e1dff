import { getTool, toolNames, type ToolDefinition } from '@hub/confluence';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';

import { OUTCOME_OK, type ActivityRecorder } from '../activity/recorder.js';
import type { Principal } from '../auth/principal.js';
import { DEFAULT_CONNECTION_RULE } from '../connections/resolve-connection.js';
import type { ConnectionVault } from '../connections/vault.js';
import { HubError } from '../errors.js';
import { findUnsafeText } from '../http/unsafe-text.js';
import type { Db } from '../db/client.js';
import type { Logger } from '../logger.js';
import { listConnections } from '../connections/store.js';
import { policyCache, workspacePoliciesKey } from '../policy/cache.js';
import {
  callableTools,
  checkConnectionAllowed,
  checkConnectionRequested,
  checkToolAllowed,
  loadConnectionPolicy,
  loadKeyPolicy,
  scopedClient,
  toConnectionPolicy,
} from '../policy/policy.js';
import { fingerprintOf, runOnce } from './idempotency.js';
import { describeDomainError, type DomainErrorInfo, type ErrorKind } from './error-mapping.js';
import { logSafeError } from '../http/log-safe-error.js';

export const connectionIdSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .optional()
  .describe(`Which Confluence connection to use (see integrations.list). ${DEFAULT_CONNECTION_RULE}`);

/** What running a tool needs from the procedure's context. */
export interface ToolCallScope {
  db: Db;
  principal: Principal;
  workspaceId: string;
  vault: ConnectionVault;
  activity: ActivityRecorder;
  logger: Logger;
}

/** Filled in while a call runs, read when it is recorded. */
export interface ToolCallTrace {
  connectionId: string | null;
}

/**
 * Checks the caller's policy, resolves the connection (`connectionId` or the workspace default) and runs the tool
 * on already validated input, with the request's abort signal so a client that hangs up stops the upstream calls
 * too. The one gate every surface goes through: the key's tool list first, then the key's connections, then the
 * connection's capabilities; a read then passes the site's rate-limit budget; the tool sees only the connection's
 * allowed spaces.
 */
export async function executeTool<I extends z.ZodType, O extends z.ZodType>(
  scope: ToolCallScope,
  tool: ToolDefinition<I, O>,
  args: z.output<I>,
  connectionId: string | undefined,
  signal: AbortSignal | undefined,
  trace: ToolCallTrace,
): Promise<z.input<O>> {
  const key = await loadKeyPolicy(scope.db, scope.principal);
  checkToolAllowed(scope.principal, key, tool);
  checkConnectionRequested(scope.principal, key, connectionId);
  let resolved;
  try {
    resolved = await scope.vault.clientFor(scope.workspaceId, connectionId);
  } catch (error) {
    trace.connectionId = connectionOfFailure(error, connectionId);
    throw error;
  }
  const { connection } = resolved;
  trace.connectionId = connection.id;
  const policy = await loadConnectionPolicy(scope.db, scope.workspaceId, connection.id);
  // Resolved a moment ago; gone now means it was just deleted.
  if (policy === undefined) throw new HubError('NOT_FOUND', `Connection ${connection.id} no longer exists.`);
  checkConnectionAllowed(scope.principal, key, connection, policy, tool);
  const { idempotencyKey, dryRun } = args as { idempotencyKey?: string; dryRun?: boolean };
  // The site's rate-limit budget holds reads (a dry run only reads) back before Atlassian would answer 429;
  // writes are refused by Atlassian's own 429 alone.
  if (tool.readOnly || dryRun === true) await scope.vault.admitRead(connection, signal);
  const run = () => tool.run({ client: scopedClient(resolved.client, policy), signal }, args);
  // A dry run writes nothing, so repeating it is safe as it is (and must not use up the key of the real call).
  if (idempotencyKey === undefined || dryRun === true) return run();
  const call = {
    workspaceId: scope.workspaceId,
    principal: scope.principal,
    key: idempotencyKey,
    tool: tool.name,
    fingerprint: fingerprintOf(tool.name, connection.id, args as Record<string, unknown>),
  };
  return runOnce(scope.db, call, run, signal);
}

/**
 * The tools this caller may call now (tools.list and MCP tools/list show only these). From the policy cache, like
 * the calls themselves: a listing needs no database round trip, and answers through an outage.
 */
export async function toolsFor(scope: Pick<ToolCallScope, 'db' | 'principal' | 'workspaceId'>) {
  const [key, connections] = await Promise.all([
    loadKeyPolicy(scope.db, scope.principal),
    policyCache.get(workspacePoliciesKey(scope.workspaceId), async () =>
      (await listConnections(scope.db, scope.workspaceId))
        .filter((c) => c.status !== 'disconnected')
        .map((c) => ({ id: c.id, policy: toConnectionPolicy(c) })),
    ),
  ]);
  return callableTools(key, connections);
}

/**
 * The connection a failed resolution was about, for the activity row. A given id that was NOT_FOUND may belong
 * to another workspace: never recorded.
 */
function connectionOfFailure(error: unknown, requested: string | undefined): string | null {
  if (!(error instanceof HubError) || error.kind === 'NOT_FOUND') return null;
  if (requested !== undefined) return requested;
  const id = error.details?.connectionId;
  return typeof id === 'string' ? id : null;
}

/**
 * 'OK' or the error kind stored in the activity row. Takes what the call failed with: a TRPCError from a
 * procedure (whose cause is the domain error, or a ZodError for invalid input) or the raw error of tools.invoke.
 */
export function outcomeKindOf(error: unknown, signal: AbortSignal | undefined): string {
  if (error === undefined) return OUTCOME_OK;
  if (error instanceof TRPCError) {
    if (error.cause instanceof z.core.$ZodError)
      return error.code === 'BAD_REQUEST' ? 'BAD_REQUEST' : 'INTERNAL';
    return outcomeKindOf(error.cause ?? new Error(error.message), signal);
  }
  if (error instanceof z.core.$ZodError) return 'BAD_REQUEST';
  const domain = describeDomainError(error);
  if (domain !== undefined) return domain.kind;
  return signal?.aborted === true ? 'ABORTED' : 'INTERNAL';
}

export function recordToolCall(
  scope: Pick<ToolCallScope, 'principal' | 'workspaceId' | 'activity'>,
  call: { tool: string; at: Date; startedMs: number; connectionId: string | null; outcomeKind: string },
): void {
  scope.activity.record({
    workspaceId: scope.workspaceId,
    principal: { kind: scope.principal.kind, id: scope.principal.id },
    tool: call.tool,
    connectionId: call.connectionId,
    outcomeKind: call.outcomeKind,
    durationMs: performance.now() - call.startedMs,
    at: call.at,
  });
}

/** The `error` of a failed `tools.call`: kind, safe message and the same extras as a procedure's `data`. */
export type ToolErrorPayload = Omit<DomainErrorInfo, 'code'>;

export function toolErrorPayload(
  error: unknown,
  scope: Pick<ToolCallScope, 'logger'>,
  signal?: AbortSignal,
): ToolErrorPayload {
  if (error instanceof z.core.$ZodError) {
    return {
      kind: 'BAD_REQUEST',
      message: `Invalid input: ${z.prettifyError(error)}`,
      retryable: false,
      fieldErrors: fieldErrorsOf(z.flattenError(error).fieldErrors),
    };
  }
  const domain = describeDomainError(error);
  if (domain !== undefined) {
    const { code: _code, ...payload } = domain;
    return payload;
  }
  const kind: ErrorKind = signal?.aborted === true ? 'ABORTED' : 'INTERNAL';
  if (kind === 'INTERNAL')
    scope.logger.error({ error: logSafeError(error) }, 'tool call failed unexpectedly');
  return {
    kind,
    message: kind === 'ABORTED' ? 'The request was cancelled' : 'Internal error; the server log has details',
    retryable: kind === 'INTERNAL',
  };
}

function fieldErrorsOf(errors: Record<string, string[] | undefined>): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [field, messages] of Object.entries(errors))
    if (messages !== undefined) result[field] = messages;
  return result;
}

export type ToolCallOutcome = { ok: true; result: unknown } | { ok: false; error: ToolErrorPayload };

/**
 * Runs a tool by name on raw input, for callers that dispatch on names (`tools.invoke`, `/mcp`). Every failure is
 * an answer (`{ ok: false, error }`), never a throw; every call is recorded. `connectionId` may come beside the
 * input or inside it, as tools.list describes it.
 */
export async function invokeTool(
  scope: ToolCallScope,
  name: string,
  rawInput: unknown,
  connectionId: string | undefined,
  signal: AbortSignal | undefined,
): Promise<ToolCallOutcome> {
  const tool = getTool(name);
  if (tool === undefined) {
    const message = `Unknown tool "${name}". Available tools: ${toolNames.join(', ')}.`;
    return { ok: false, error: { kind: 'BAD_REQUEST', message, retryable: false } };
  }
  const call = { tool: tool.name, at: new Date(), startedMs: performance.now() };
  const trace: ToolCallTrace = { connectionId: null };
  let failure: unknown;
  try {
    const unsafe = findUnsafeText(rawInput);
    if (unsafe !== null) {
      throw new z.ZodRealError([
        { code: 'custom', path: unsafe.path, message: unsafe.message, input: undefined },
      ]);
    }
    const { connectionId: inner, args } = splitConnectionId(rawInput ?? {});
    if (inner !== undefined && connectionId !== undefined && inner !== connectionId) {
      throw new HubError('BAD_REQUEST', 'connectionId is given twice, with different values: give it once');
    }
    const parsed = tool.input.safeParse(args);
    if (!parsed.success) throw parsed.error;
    const result: unknown = await executeTool(scope, tool, parsed.data, connectionId ?? inner, signal, trace);
    return { ok: true, result };
  } catch (error) {
    failure = error;
    return { ok: false, error: toolErrorPayload(error, scope, signal) };
  } finally {
    recordToolCall(scope, {
      ...call,
      connectionId: trace.connectionId,
      outcomeKind: outcomeKindOf(failure, signal),
    });
  }
}

/** `connectionId` inside a tool's input (where tools.list puts it), taken out before the tool's own schema. */
function splitConnectionId(raw: unknown): { connectionId: string | undefined; args: unknown } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || !('connectionId' in raw)) {
    return { connectionId: undefined, args: raw };
  }
  const { connectionId, ...args } = raw as Record<string, unknown>;
  const parsed = connectionIdSchema.safeParse(connectionId);
  if (!parsed.success) throw parsed.error;
  return { connectionId: parsed.data, args };
}
