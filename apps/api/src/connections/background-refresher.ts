import { and, asc, eq, isNotNull, isNull, lt, notInArray, or, sql } from 'drizzle-orm';

import { confluenceConnections } from '../db/schema/index.js';
import type { RefreshOutcome, RefreshPolicy } from './refresh.js';
import { DEFAULT_REFRESH_MARGIN_MS, type ConnectionVault, type VaultDeps } from './vault.js';
import { logFailure } from './vault-errors.js';

export const DEFAULT_REFRESH_INTERVAL_MS = 60_000;
export const DEFAULT_REFRESH_CONCURRENCY = 4;
/** Atlassian drops a refresh token unused for 90 days: rotate any that is a month old. */
export const KEEP_ALIVE_AFTER_MS = 30 * 24 * 60 * 60_000;
/** Refresh ahead only connections used (or consented) within this window; Atlassian's access tokens last an hour. */
export const DEFAULT_REFRESH_AHEAD_WINDOW_MS = 60 * 60_000;

export interface BackgroundRefresherOptions {
  intervalMs?: number;
  /** Refreshes in flight at once in this process; each holds a database connection (and its row lock) for the
   *  length of one token request, so keep it well below the pool size. */
  concurrency?: number;
  /**
   * Refresh ahead (before expiry) only connections used or consented within this long; the others keep their
   * refresh token alive through the 30-day rotation and are refreshed when next used. `Infinity` refreshes every
   * active connection ahead (token traffic then grows with the fleet, not with use); 0 never refreshes ahead.
   * Default one hour.
   */
  refreshAheadWindowMs?: number;
}

export interface BackgroundRefresher {
  /** Stops the timer and waits for the refreshes in flight. */
  stop(): Promise<void>;
  /** One pass over the due connections (serialized with the timer's passes). */
  runOnce(): Promise<{ refreshed: number; failed: number }>;
}

type Tally = { refreshed: number; failed: number };

/**
 * Every `intervalMs`, refreshes the active connections whose refresh token was last rotated more than 30 days ago,
 * and those used or consented within the refresh-ahead window whose access token expires within margin + interval
 * or whose last refresh failed. Rows are claimed one at a
 * time with `FOR UPDATE SKIP LOCKED`, so several API processes split the work and skip rows a caller is
 * refreshing; each claimed row goes through the vault's locked refresh in the claiming transaction.
 * The timer does not keep the process alive.
 */
export function startBackgroundRefresher(
  vault: ConnectionVault,
  deps: VaultDeps,
  opts: BackgroundRefresherOptions = {},
): BackgroundRefresher {
  const intervalMs = opts.intervalMs ?? DEFAULT_REFRESH_INTERVAL_MS;
  const concurrency = Math.max(1, opts.concurrency ?? DEFAULT_REFRESH_CONCURRENCY);
  const marginMs = deps.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS;
  const aheadWindowMs = opts.refreshAheadWindowMs ?? DEFAULT_REFRESH_AHEAD_WINDOW_MS;
  const now = deps.now ?? Date.now;
  let stopped = false;
  let queue: Promise<unknown> = Promise.resolve();
  let passing = false;

  const pass = async (): Promise<Tally> => {
    const at = now();
    const policy: RefreshPolicy = {
      kind: 'due',
      horizon: at + marginMs + intervalMs,
      keepAliveCutoff: at - KEEP_ALIVE_AFTER_MS,
      wantedSince: aheadWindowMs === Infinity ? null : at - aheadWindowMs,
    };
    const attempted = new Set<string>();
    const tally: Tally = { refreshed: 0, failed: 0 };
    const worker = async (): Promise<void> => {
      while (!stopped) {
        let outcome: RefreshOutcome | null | undefined;
        try {
          outcome = await claimAndRefresh(vault, deps, policy, attempted);
        } catch (error) {
          logFailure(deps.logger, error, {}, 'Background token refresh failed');
          tally.failed += 1;
          return;
        }
        if (outcome === undefined) return;
        if (outcome?.kind === 'refreshed') tally.refreshed += 1;
        if (outcome?.kind === 'failed' || outcome?.kind === 'needs_reauth') tally.failed += 1;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    if (tally.refreshed + tally.failed > 0) deps.logger.info(tally, 'Background token refresh pass');
    return tally;
  };

  const runOnce = (): Promise<Tally> => {
    const run = queue.then(async () => {
      passing = true;
      try {
        return await pass();
      } finally {
        passing = false;
      }
    });
    queue = run.catch(() => undefined);
    return run;
  };

  const timer = setInterval(() => {
    if (!passing && !stopped) void runOnce().catch(() => undefined);
  }, intervalMs);
  timer.unref();

  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await queue;
    },
  };
}

/**
 * One transaction: claim the most urgent due row nobody holds, then refresh it under that same lock.
 * Undefined when no row is left for this pass; null when the row was claimed but this process already had a
 * refresh of it in flight.
 */
async function claimAndRefresh(
  vault: ConnectionVault,
  deps: VaultDeps,
  policy: Extract<RefreshPolicy, { kind: 'due' }>,
  attempted: Set<string>,
): Promise<RefreshOutcome | null | undefined> {
  const c = confluenceConnections;
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ id: c.id })
      .from(c)
      .where(
        and(
          eq(c.status, 'active'),
          isNotNull(c.refreshTokenEnc),
          notInArray(c.id, [...attempted]),
          // needsRefresh's 'due' rule, as SQL.
          or(
            isNull(c.refreshTokenUpdatedAt),
            lt(c.refreshTokenUpdatedAt, new Date(policy.keepAliveCutoff)),
            and(
              policy.wantedSince === null
                ? undefined
                : sql`greatest(${c.lastUsedAt}, ${c.consentedAt}) >= ${new Date(policy.wantedSince).toISOString()}::timestamptz`,
              or(
                isNull(c.accessTokenExpiresAt),
                lt(c.accessTokenExpiresAt, new Date(policy.horizon)),
                isNotNull(c.lastError),
              ),
            ),
          ),
        ),
      )
      .orderBy(asc(c.accessTokenExpiresAt))
      .limit(1)
      .for('update', { skipLocked: true });
    if (row === undefined) return undefined;
    // Tried at most once per pass, even if it stays due (a transient failure).
    attempted.add(row.id);
    return (await vault.refreshClaimed(tx, row.id, policy)) ?? null;
  });
}
