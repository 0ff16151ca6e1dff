import { initTRPC, TRPCError } from '@trpc/server';
import { z } from 'zod';

import { HubError } from '../errors.js';
import { findUnsafeText } from '../http/unsafe-text.js';
import type { Principal } from '../auth/principal.js';
import type { Context } from './context.js';
import { describeDomainError, toTRPCError, type DomainErrorInfo, type ErrorKind } from './error-mapping.js';
import { outcomeKindOf, recordToolCall, type ToolCallTrace } from './tool-calls.js';

/** `data` of every error: tRPC's code and status, plus what a client acts on. Never a stack or a secret. */
export interface HubErrorData extends Omit<DomainErrorInfo, 'code' | 'kind' | 'message' | 'retryable'> {
  code: string;
  httpStatus: number;
  path?: string;
  /** The error kind to branch on (NOT_CONNECTED, VERSION_CONFLICT, …); null for transport-level errors. */
  kind: ErrorKind | null;
  retryable?: boolean;
  /** Field errors of invalid input. */
  zodError: { formErrors: string[]; fieldErrors: Record<string, string[] | undefined> } | null;
}

/**
 * The root context type is `object`: procedures get the real Context from the first middleware (`withContext`).
 * Router types then carry no trace of the server's context (database, vault, auth services), so the declarations
 * of AppRouter stand alone and @hub/client can ship them without this package or its dependencies.
 */
const t = initTRPC.context<object>().create({
  // Stacks and internal messages stay in the server log.
  isDev: false,
  errorFormatter({ shape, error }) {
    const { stack: _stack, ...base } = shape.data;
    const cause = error.cause;
    const invalidInput = error.code === 'BAD_REQUEST' && cause instanceof z.core.$ZodError;
    const domain = invalidInput ? undefined : describeDomainError(cause);
    let message = shape.message;
    if (invalidInput) message = `Invalid input: ${z.prettifyError(cause)}`;
    else if (error.code === 'INTERNAL_SERVER_ERROR' && domain === undefined)
      message = 'Internal server error';
    const { code: _code, kind, message: _message, ...extras } = domain ?? {};
    const data: HubErrorData = {
      ...base,
      ...extras,
      kind: invalidInput ? 'BAD_REQUEST' : (kind ?? null),
      zodError: invalidInput ? z.flattenError(cause) : null,
    };
    return { ...shape, message, data };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

/**
 * Domain errors (HubError, AuthError, ConfluenceError) thrown anywhere below become TRPCErrors with their proper
 * code; the formatter then adds `data.kind` and the safe extras.
 */
const mapDomainErrors = t.middleware(async ({ next }) => throwMapped(await next()));

/** A failed result whose cause is a domain error is thrown as its proper TRPCError; anything else passes. */
function throwMapped<R extends { ok: true } | { ok: false; error: TRPCError }>(result: R): R {
  if (!result.ok) {
    const mapped = toTRPCError(result.error.cause);
    if (mapped !== undefined) throw mapped;
  }
  return result;
}

/**
 * createContext (HTTP) and createCaller always pass a Context: typed here once, for every procedure. The context
 * is not passed on, only its type: tRPC copies the whole context at every `next({ ctx })`, and this one needs no
 * copy (tRPC's context copies, over all middlewares, were ≈ 5.6% of the API's CPU on a tool call).
 */
const withContext = t.middleware(({ next }) => next<Context>({}));

export const publicProcedure = t.procedure.use(withContext).use(mapDomainErrors);

/**
 * NUL and lone surrogates anywhere in the input (tools.invoke's nested `input` included) are refused as invalid
 * input naming the field, before any schema, query or upstream call sees them. Runs after authentication, so an
 * anonymous caller's body is never read.
 */
const refuseUnsafeText = t.middleware(async ({ getRawInput, next }) => {
  await checkRawInput(getRawInput);
  return next();
});

async function checkRawInput(getRawInput: () => Promise<unknown>): Promise<void> {
  let raw: unknown;
  try {
    raw = await getRawInput();
  } catch (cause) {
    throw new TRPCError({ code: 'PARSE_ERROR', message: 'The request body is not valid JSON', cause });
  }
  const unsafe = findUnsafeText(raw);
  if (unsafe !== null) {
    const issue = { code: 'custom' as const, path: unsafe.path, message: unsafe.message, input: undefined };
    throw new TRPCError({ code: 'BAD_REQUEST', cause: new z.ZodRealError([issue]) });
  }
}

function principalOf(ctx: Context): Principal {
  if (ctx.principal === null) {
    throw new HubError(
      'UNAUTHENTICATED',
      ctx.authProblem ?? 'Sign in, or send "Authorization: Bearer <api key>"',
    );
  }
  return ctx.principal;
}

/** A signed-in user or a valid API key; narrows `ctx.principal` and adds `ctx.workspaceId`. */
export const protectedProcedure = publicProcedure
  .use(({ ctx, next }) => {
    const principal = principalOf(ctx);
    return next({ ctx: { principal, workspaceId: principal.workspaceId } });
  })
  .use(refuseUnsafeText);

/**
 * The base of a tool's procedure: what `protectedProcedure` does (the caller, unsafe text, domain errors mapped)
 * plus recording the call in the activity log, in one middleware — tool calls are the hot path, and tRPC's cost
 * grows with every middleware and context copy. A call refused for invalid input is recorded too (recording wraps
 * the input validation that follows); an anonymous call or one with unsafe text is refused before it is a call.
 */
export function toolCallProcedure(tool: string) {
  return t.procedure.use(async ({ ctx: given, next, signal, getRawInput }) => {
    const ctx = given as Context;
    let principal: Principal;
    try {
      principal = principalOf(ctx);
      await checkRawInput(getRawInput);
    } catch (error) {
      throw toTRPCError(error) ?? error;
    }
    const trace: ToolCallTrace = { connectionId: null };
    const call = { tool, at: new Date(), startedMs: performance.now() };
    // tRPC merges these keys into the context it has (one copy); the cast names the merged type.
    const added = { principal, workspaceId: principal.workspaceId, trace };
    const result = await next({ ctx: added as Context & typeof added });
    const outcomeKind = outcomeKindOf(result.ok ? undefined : result.error, signal);
    recordToolCall(
      { principal, workspaceId: principal.workspaceId, activity: ctx.activity },
      { ...call, connectionId: trace.connectionId, outcomeKind },
    );
    return throwMapped(result);
  });
}

/** Workspace admins: users with the admin role, or API keys created with it. */
export const adminProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (ctx.principal.role !== 'admin') {
    throw new HubError(
      'FORBIDDEN',
      ctx.principal.kind === 'apiKey'
        ? `This needs admin rights; the API key "${ctx.principal.name}" has the member role. Use a key created with the admin role.`
        : 'This needs admin rights in the workspace; you are a member. Ask a workspace admin.',
    );
  }
  return next();
});

/** An admin signed in through the panel (not an API key): for steps bound to a browser session. */
export const sessionAdminProcedure = adminProcedure.use(({ ctx, next }) => {
  if (ctx.principal.kind !== 'user') {
    throw new HubError('FORBIDDEN', 'This step happens in the panel, signed in as the admin who started it.');
  }
  return next({ ctx: { principal: ctx.principal } });
});
