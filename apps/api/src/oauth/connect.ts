import type { UserPrincipal } from '../auth/principal.js';
import { PENDING_TTL_MS, nowDate, type OAuthRouteDeps } from './deps.js';
import { redeemCode } from './consent.js';
import { ConnectFailure, FORBIDDEN_MESSAGE } from './outcome.js';
import { savePending } from './pending-store.js';
import { withQuery } from './return-path.js';
import { saveSite } from './save-site.js';
import { consumeState, type ConsumedState } from './state-store.js';

export interface CallbackQuery {
  state?: unknown;
  code?: unknown;
  error?: unknown;
}

/**
 * The callback, framework-free: checks the state against the caller's session, then redeems the code and either
 * connects the one site, or parks the consent for the admin to choose a site. Returns the panel path to
 * redirect to; throws ConnectFailure for anything the admin should be told.
 */
export async function finishConsent(
  deps: OAuthRouteDeps,
  principal: UserPrincipal | null,
  query: CallbackQuery,
): Promise<string> {
  if (principal === null) {
    throw new ConnectFailure(
      'invalid_state',
      'You were signed out before Atlassian sent you back, so the connection cannot be finished. Sign in and connect Confluence again.',
      'no session at callback',
    );
  }
  if (principal.role !== 'admin') throw new ConnectFailure('forbidden', FORBIDDEN_MESSAGE, 'not an admin');
  if (typeof query.state !== 'string' || query.state === '') {
    throw new ConnectFailure(
      'invalid_state',
      "Atlassian's answer carried no state, so it cannot be matched to a connection you started. Start again from Integrations.",
      'missing state',
    );
  }
  const now = nowDate(deps);
  // Consumed before anything else, whatever Atlassian answered: a state works once, even for a denial.
  const state = await consumeState(deps.db, query.state, principal, now);
  try {
    return await redeemAndStore(deps, state, query, now);
  } catch (error) {
    throw error instanceof ConnectFailure ? error.returningTo(state.returnPath) : error;
  }
}

async function redeemAndStore(
  deps: OAuthRouteDeps,
  state: ConsumedState,
  query: CallbackQuery,
  now: Date,
): Promise<string> {
  if (query.error !== undefined) throw authorizeError(query.error);
  if (typeof query.code !== 'string' || query.code === '') {
    throw new ConnectFailure(
      'exchange_failed',
      'Atlassian sent no authorization code. Connect again.',
      'missing code',
    );
  }
  const consent = await redeemCode(deps, query.code);
  const owner = { workspaceId: state.workspaceId, userId: state.userId };
  const [only, ...others] = consent.sites;
  if (only === undefined) {
    throw new ConnectFailure(
      'no_sites',
      'The Atlassian account you chose has no Confluence site this app may use. Connect again and pick a site that has Confluence, or ask a site admin for access.',
    );
  }
  if (others.length === 0) {
    const connectionId = await saveSite(deps, owner, consent, only);
    return withQuery(state.returnPath, { connected: connectionId });
  }
  // Several sites: never pick one silently. The consent waits, encrypted, for the admin's choice.
  await savePending(deps.db, deps.cipher, state.stateHash, consent, new Date(now.getTime() + PENDING_TTL_MS));
  deps.logger.info(
    { ...owner, sites: consent.sites.length },
    'Atlassian consent reaches several Confluence sites; waiting for the admin to choose one',
  );
  return withQuery(state.returnPath, { choose: state.stateHash });
}

function authorizeError(error: unknown): ConnectFailure {
  if (error === 'access_denied') {
    return new ConnectFailure(
      'access_denied',
      'Confluence was not connected: access was declined on the Atlassian consent page. Connect again and choose Accept to finish.',
    );
  }
  // Only a well-formed OAuth error code is repeated; error_description is upstream text and is not.
  const code = typeof error === 'string' && /^[a-z_]{1,64}$/.test(error) ? error : 'unknown error';
  return new ConnectFailure(
    'exchange_failed',
    `Atlassian refused the request (${code}). An operator should check the app's permissions (scopes) and callback URL in the Atlassian developer console.`,
    `authorize answered ${code}`,
  );
}
