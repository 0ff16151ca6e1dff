import type { RefreshOutcome, RefreshPolicy } from './refresh.js';
import { connectionGone, connectionUnavailable, needsReauth } from './vault-errors.js';

/**
 * Whether an outcome answers a caller with this policy. A caller may have joined a flight started for another
 * reason (a background refresh, a forced one); if it does not answer, the caller starts its own.
 */
export function answers(outcome: RefreshOutcome, policy: RefreshPolicy, now: number): boolean {
  if (outcome.kind !== 'current' && outcome.kind !== 'refreshed') return true;
  if (policy.kind === 'rejected') return outcome.token.accessToken !== policy.token;
  return outcome.kind === 'refreshed' || now < outcome.token.usableUntil;
}

/** The token for the caller, or the HubError that says what to do. */
export function handOut(
  connectionId: string,
  outcome: RefreshOutcome,
  policy: RefreshPolicy,
  now: number,
): string {
  switch (outcome.kind) {
    case 'current':
    case 'refreshed':
      return outcome.token.accessToken;
    case 'needs_reauth':
      throw needsReauth(connectionId, outcome.siteName, outcome.lastError);
    case 'gone':
      throw connectionGone();
    case 'failed': {
      // Atlassian is failing, but the stored token has not expired yet: better than nothing, unless it is the
      // very token Confluence just rejected.
      const token = outcome.token;
      const rejected = policy.kind === 'rejected' && token?.accessToken === policy.token;
      if (token !== null && !rejected && now < token.expiresAt) return token.accessToken;
      throw connectionUnavailable(connectionId, outcome.siteName, outcome.error);
    }
  }
}
