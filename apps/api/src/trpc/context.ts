import type { IncomingHttpHeaders } from 'node:http';

import type { CreateExpressContextOptions } from '@trpc/server/adapters/express';
import { fromNodeHeaders } from 'better-auth/node';

import type { ActivityRecorder } from '../activity/recorder.js';
import type { Principal } from '../auth/principal.js';
import type { AuthService } from '../auth/service.js';
import type { ConnectionVault } from '../connections/vault.js';
import { isDatabaseUnavailable } from '../db/errors.js';
import { databaseUnavailable } from '../errors.js';
import type { OAuthRouteDeps } from '../oauth/deps.js';
import { toTRPCError } from './error-mapping.js';

/**
 * Everything procedures use besides the caller. A superset of the OAuth routes' deps, so the site-choice
 * procedures can hand it to the OAuth module as is.
 */
export interface ApiServices extends OAuthRouteDeps {
  auth: AuthService;
  vault: ConnectionVault;
  activity: ActivityRecorder;
}

export interface InnerContextOptions extends ApiServices {
  /** Who is calling; null when the request carried no valid credentials. */
  principal: Principal | null;
  /** Why credentials were refused, for a clearer UNAUTHORIZED message (never echoes the credential). */
  authProblem?: string | undefined;
}

/**
 * What every procedure starts from. An interface (not an inferred type) so that clients' declaration files name
 * `Context` from @hub/api instead of reaching into this package's internals.
 */
export interface Context extends ApiServices {
  principal: Principal | null;
  authProblem: string | null;
}

/**
 * The context without HTTP: what tests and `createCaller` build directly, and what the HTTP context resolves to.
 */
export function createContextInner(options: InnerContextOptions): Context {
  return { ...options, authProblem: options.authProblem ?? null };
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

export interface RequestAuth {
  principal: Principal | null;
  authProblem?: string | undefined;
}

/**
 * Who is calling: `Authorization: Bearer <api key>` (services), else the session cookie (the panel). A present
 * but wrong API key is refused even when a cookie is also sent: a service must learn that its key is bad. Throws
 * UNAVAILABLE when the database cannot be reached (a valid key must not be told it is invalid).
 */
export async function authenticateRequest(
  services: Pick<ApiServices, 'auth'>,
  headers: IncomingHttpHeaders,
): Promise<RequestAuth> {
  try {
    const authorization = headers.authorization;
    if (authorization !== undefined) {
      const key = BEARER.exec(authorization)?.[1];
      const principal = key === undefined ? null : await services.auth.resolveApiKey(key);
      return {
        principal,
        authProblem:
          principal === null
            ? 'The API key is invalid, expired or revoked (send "Authorization: Bearer <key>" with a key from API keys)'
            : undefined,
      };
    }
    if (headers.cookie === undefined) return { principal: null };
    const principal = await services.auth.resolveSession(fromNodeHeaders(headers));
    return {
      principal,
      authProblem:
        principal === null ? 'Your session has expired or you have no workspace: sign in again' : undefined,
    };
  } catch (error) {
    throw isDatabaseUnavailable(error) ? databaseUnavailable(error) : error;
  }
}

/** What the /trpc gate learnt before tRPC ran: who is calling, or why the request is refused. */
export interface GateOutcome {
  auth?: RequestAuth;
  refusal?: Error;
}

const GATE_KEY = 'hubGate';

export function setGateOutcome(res: { locals: Record<string, unknown> }, outcome: GateOutcome): void {
  res.locals[GATE_KEY] = outcome;
}

function gateOutcome(res: { locals: Record<string, unknown> }): GateOutcome | undefined {
  return res.locals[GATE_KEY] as GateOutcome | undefined;
}

/**
 * The HTTP context. The /trpc gate (trpc/http-gate.ts) has usually authenticated the request already, before
 * reading its body, and left the outcome in `res.locals`; a refusal it recorded (body too large or too deep,
 * not JSON, database down) is thrown here, so tRPC answers it in its own error shape for every call of a batch.
 */
export function createContextFactory(services: ApiServices) {
  return async function createContext({
    req,
    res,
  }: Pick<CreateExpressContextOptions, 'req' | 'res'>): Promise<Context> {
    const gate = gateOutcome(res);
    if (gate?.refusal !== undefined) {
      throw toTRPCError(gate.refusal) ?? gate.refusal;
    }
    const auth = gate?.auth ?? (await authenticateRequest(services, req.headers));
    return createContextInner({ ...services, ...auth });
  };
}
