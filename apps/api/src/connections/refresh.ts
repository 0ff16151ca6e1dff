import {
  type ConfluenceError,
  isConfluenceError,
  isConfluenceErrorKind,
  type OAuthConfig,
  redactUpstreamText,
  refreshTokens,
  type TokenSet,
} from '@hub/confluence';

import type { LockedTokenRow, TokenRow } from './token-row.js';

/** Why a refresh is being considered; decides, after the lock, whether one is still needed. */
export type RefreshPolicy =
  /** Hand out a token valid for at least the margin: refresh only when the stored one is not. */
  | { kind: 'usable' }
  /** Confluence rejected this token (401): refresh unless the stored token is already another one. */
  | { kind: 'rejected'; token: string }
  /**
   * Background: the refresh token was last rotated before `keepAliveCutoff` (Atlassian drops refresh tokens unused
   * for 90 days); or the connection was used or consented since `wantedSince` (null: any connection) and its token
   * expires before `horizon` or its last refresh failed. Idle connections are refreshed on demand instead.
   */
  | { kind: 'due'; horizon: number; keepAliveCutoff: number; wantedSince: number | null };

export interface HeldToken {
  accessToken: string;
  expiresAt: number;
  /** Hand it out until then. */
  usableUntil: number;
}

export type RefreshOutcome =
  /** No refresh was needed (another caller or process may have done it): the stored token. */
  | { kind: 'current'; token: HeldToken }
  | { kind: 'refreshed'; token: HeldToken }
  /** Atlassian refused the refresh token for good: status is needs_reauth (`marked`: by this refresh). */
  | { kind: 'needs_reauth'; siteName: string; lastError: string; marked: boolean }
  /** Transient failure: tokens kept, error recorded. `token` = the stored one, possibly expired. */
  | { kind: 'failed'; siteName: string; error: ConfluenceError; token: HeldToken | null }
  /** Missing or disconnected. */
  | { kind: 'gone' };

export interface RefreshContext {
  oauth: OAuthConfig;
  now: () => number;
  marginMs: number;
}

const LAST_ERROR_MAX = 300;

/**
 * The margin, but at most half the token's lifetime: with a lifetime shorter than the margin (a test emulator, a
 * tenant with short tokens) a fresh token would otherwise count as due at once and every call would refresh.
 */
export function usableUntil(expiresAt: number, obtainedAt: number | null, marginMs: number): number {
  const lifetime = obtainedAt === null ? Infinity : expiresAt - obtainedAt;
  return expiresAt - Math.min(marginMs, Math.max(0, lifetime / 2));
}

export function heldToken(row: TokenRow, marginMs: number): HeldToken | null {
  if (row.accessToken === null || row.expiresAt === null) return null;
  return {
    accessToken: row.accessToken,
    expiresAt: row.expiresAt,
    usableUntil: usableUntil(row.expiresAt, row.lastRefreshedAt, marginMs),
  };
}

/** Whether the row, as read now, still calls for a refresh under the policy. */
export function needsRefresh(row: TokenRow, policy: RefreshPolicy, now: number, marginMs: number): boolean {
  const token = heldToken(row, marginMs);
  switch (policy.kind) {
    case 'usable':
      return token === null || now >= token.usableUntil;
    case 'rejected':
      return token === null || token.accessToken === policy.token;
    case 'due': {
      const keepAlive =
        row.refreshTokenUpdatedAt === null || row.refreshTokenUpdatedAt < policy.keepAliveCutoff;
      const wanted =
        policy.wantedSince === null || (row.wantedAt !== null && row.wantedAt >= policy.wantedSince);
      return (
        keepAlive ||
        (wanted && (token === null || token.expiresAt < policy.horizon || row.lastError !== null))
      );
    }
  }
}

/** The outcome a row gives without refreshing, or undefined when it is active with a refresh token. */
export function settledOutcome(row: TokenRow | null): RefreshOutcome | undefined {
  if (row === null || row.status === 'disconnected') return { kind: 'gone' };
  if (row.status === 'needs_reauth') {
    return {
      kind: 'needs_reauth',
      siteName: row.siteName,
      lastError: row.lastError ?? 'Atlassian refused the refresh token.',
      marked: false,
    };
  }
  return undefined;
}

/**
 * The refresh itself, for a caller that has opened a transaction: lock the row, re-read it (another process may
 * have refreshed meanwhile), and only if the policy still says so call Atlassian while holding the lock, then
 * write the rotated refresh token with the new access token. Failures are recorded in the row and returned as
 * outcomes, not thrown, so the transaction commits them; only unexpected errors (database, decryption) throw.
 */
export async function refreshLocked(
  store: LockedTokenRow,
  ctx: RefreshContext,
  policy: RefreshPolicy,
): Promise<RefreshOutcome> {
  const row = await store.lock();
  const settled = settledOutcome(row);
  if (settled !== undefined || row === null) return settled ?? { kind: 'gone' };
  const held = heldToken(row, ctx.marginMs);
  if (held !== null && !needsRefresh(row, policy, ctx.now(), ctx.marginMs))
    return { kind: 'current', token: held };
  if (row.refreshToken === null) {
    const lastError = 'No refresh token is stored (offline access was not granted).';
    await store.markNeedsReauth(lastError);
    return { kind: 'needs_reauth', siteName: row.siteName, lastError, marked: true };
  }

  try {
    const set = await requestRefresh(ctx, row.refreshToken);
    const at = new Date(ctx.now());
    const refreshToken = set.refreshToken ?? row.refreshToken;
    await store.saveRefreshed({ accessToken: set.accessToken, refreshToken, expiresAt: set.expiresAt }, at);
    const expiresAt = set.expiresAt.getTime();
    return {
      kind: 'refreshed',
      token: {
        accessToken: set.accessToken,
        expiresAt,
        usableUntil: usableUntil(expiresAt, at.getTime(), ctx.marginMs),
      },
    };
  } catch (error) {
    if (!isConfluenceError(error)) throw error;
    const lastError = shortError(error);
    if (isConfluenceErrorKind(error, 'REAUTH_REQUIRED')) {
      await store.markNeedsReauth(lastError);
      return { kind: 'needs_reauth', siteName: row.siteName, lastError, marked: true };
    }
    await store.recordFailure(lastError);
    return { kind: 'failed', siteName: row.siteName, error, token: held };
  }
}

/**
 * One refresh_token grant, sent once more at once if the connection dropped: the request may have reached
 * Atlassian and rotated the token with the answer lost, and the old refresh token stays valid only for a short
 * reuse leeway (~10 minutes), so the retry belongs here, under the lock, rather than to a later caller.
 */
async function requestRefresh(ctx: RefreshContext, refreshToken: string): Promise<TokenSet> {
  const cfg: OAuthConfig = { ...ctx.oauth, now: ctx.oauth.now ?? ctx.now };
  try {
    return await refreshTokens(cfg, refreshToken);
  } catch (error) {
    if (!isConfluenceErrorKind(error, 'NETWORK')) throw error;
    return refreshTokens(cfg, refreshToken);
  }
}

/**
 * For the last_error column, shown to every member: the typed error's message, whose upstream part is already
 * redacted (redactUpstreamText), redacted once more as a whole and kept short.
 */
export function shortError(error: ConfluenceError): string {
  const text = redactUpstreamText(`${error.kind}: ${error.message}`);
  return text.length <= LAST_ERROR_MAX ? text : `${text.slice(0, LAST_ERROR_MAX - 1)}…`;
}
