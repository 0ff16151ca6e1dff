import type { CreateExpressContextOptions } from '@trpc/server/adapters/express';
import { fromNodeHeaders } from 'better-auth/node';

import type { ActivityRecorder } from '../activity/recorder.js';
import type { Principal } from '../auth/principal.js';
import type { AuthService } from '../auth/service.js';
import type { ConnectionVault } from '../connections/vault.js';
import type { OAuthRouteDeps } from '../oauth/deps.js';

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

/**
 * The HTTP context: `Authorization: Bearer <api key>` (services), else the session cookie (the panel). A present
 * but wrong API key is refused even when a cookie is also sent: a service must learn that its key is bad.
 */
export function createContextFactory(services: ApiServices) {
  return async function createContext({
    req,
  }: Pick<CreateExpressContextOptions, 'req' | 'res'>): Promise<Context> {
    const authorization = req.headers.authorization;
    if (authorization !== undefined) {
      const key = BEARER.exec(authorization)?.[1];
      const principal = key === undefined ? null : await services.auth.resolveApiKey(key);
      return createContextInner({
        ...services,
        principal,
        authProblem:
          principal === null
            ? 'The API key is invalid, expired or revoked (send "Authorization: Bearer <key>" with a key from API keys)'
            : undefined,
      });
    }
    if (req.headers.cookie === undefined) return createContextInner({ ...services, principal: null });
    const principal = await services.auth.resolveSession(fromNodeHeaders(req.headers));
    return createContextInner({
      ...services,
      principal,
      authProblem:
        principal === null ? 'Your session has expired or you have no workspace: sign in again' : undefined,
    });
  };
}
