import { buildAuthorizeUrl, CONFLUENCE_SCOPES } from '@hub/confluence';

import type { UserPrincipal } from '../auth/principal.js';
import { callbackUrl, nowDate, type OAuthRouteDeps } from './deps.js';
import { ConnectFailure, FORBIDDEN_MESSAGE } from './outcome.js';
import { DEFAULT_RETURN_PATH, parseReturnPath, withQuery } from './return-path.js';
import { createState, deleteExpired } from './state-store.js';

export type StartResult =
  | { kind: 'redirect'; location: string }
  /** A returnTo that is not a same-origin path: refused outright rather than silently replaced. */
  | { kind: 'bad_request'; message: string };

export const BAD_RETURN_TO_MESSAGE =
  'returnTo must be a path on this site, such as /integrations. Open Integrations and connect Confluence from there.';

/**
 * `GET /oauth/confluence/start`, framework-free. A signed-in admin gets a fresh state and the way to Atlassian's
 * consent page; anyone else is sent back to the panel (sign-in, or Integrations with error=forbidden).
 */
export async function startConsent(
  deps: OAuthRouteDeps,
  principal: UserPrincipal | null,
  returnTo: unknown,
): Promise<StartResult> {
  const returnPath =
    returnTo === undefined || returnTo === '' ? DEFAULT_RETURN_PATH : parseReturnPath(returnTo);
  if (returnPath === null) return { kind: 'bad_request', message: BAD_RETURN_TO_MESSAGE };
  if (principal === null) return { kind: 'redirect', location: withQuery('/', { next: returnPath }) };
  if (principal.role !== 'admin') {
    throw new ConnectFailure('forbidden', FORBIDDEN_MESSAGE, 'not an admin', returnPath);
  }
  const now = nowDate(deps);
  await deleteExpired(deps.db, now);
  const state = await createState(
    deps.db,
    { userId: principal.id, workspaceId: principal.workspaceId, sessionId: principal.sessionId, returnPath },
    now,
  );
  deps.logger.info(
    { workspaceId: principal.workspaceId, userId: principal.id },
    'Confluence connect started; sending the admin to Atlassian',
  );
  return {
    kind: 'redirect',
    location: buildAuthorizeUrl(deps.oauth, {
      redirectUri: callbackUrl(deps),
      state,
      scopes: CONFLUENCE_SCOPES,
    }),
  };
}
