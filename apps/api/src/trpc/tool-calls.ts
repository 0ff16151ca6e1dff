import type { ToolDefinition } from '@hub/confluence';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';

import { OUTCOME_OK, type ActivityRecorder } from '../activity/recorder.js';
import type { Principal } from '../auth/principal.js';
import { DEFAULT_CONNECTION_RULE } from '../connections/resolve-connection.js';
import type { ConnectionVault } from '../connections/vault.js';
import { HubError } from '../errors.js';
import type { Logger } from '../logger.js';
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
 * Resolves the connection (`connectionId` or the workspace default) and runs the tool on already validated
 * input, with the request's abort signal so a client that hangs up stops the upstream calls too.
 */
export async function executeTool<I extends z.ZodType, O extends z.ZodType>(
  scope: ToolCallScope,
  tool: ToolDefinition<I, O>,
  args: z.output<I>,
  connectionId: string | undefined,
  signal: AbortSignal | undefined,
  trace: ToolCallTrace,
): Promise<z.input<O>> {
  let resolved;
  try {
    resolved = await scope.vault.clientFor(scope.workspaceId, connectionId);
  } catch (error) {
    trace.connectionId = connectionOfFailure(error, connectionId);
    throw error;
  }
  trace.connectionId = resolved.connection.id;
  return tool.run({ client: resolved.client, signal }, args);
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
