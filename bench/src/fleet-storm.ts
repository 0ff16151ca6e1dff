/**
 * Refresh storm: `connections` connections whose access tokens all expire at once, two API processes (vault +
 * background refresher each, servers/fleet-refresher.ts) on one PostgreSQL database, the emulator in a third.
 * Each round marks every token expired and just used (so the refresh-ahead policy wants them all), then waits
 * until every row holds a token refreshed since, sampling the database's connections every ~50 ms.
 */
import { setTimeout as sleep } from 'node:timers/promises';

import {
  createDatabase,
  type Database,
  generateKeyringEntry,
  migrate,
  parseKeyring,
  scratchPostgresDatabase,
  TokenCipher,
} from '@hub/api/testing';
import type { TokenResponse } from '@hub/confluence-emulator';

import { seedConnections } from './fleet-seed.js';
import type { RefreshTotals } from './fleet-log.js';
import { startChild, type Child } from './servers/child.js';
import { closeAll, get, post, type Closers } from './setup.js';

export interface StormRound {
  /** From the instant every token expired until the last row held a new one (its last_refreshed_at). */
  msToRefreshAll: number;
  /** Until the first token request reached the emulator: the background interval's share of the above. */
  msToFirstTokenRequest: number;
  /** refresh_token grants the emulator answered (should equal the connections). */
  tokenRequests: number;
  /** Token requests the emulator refused (invalid_grant for a reused refresh token, …). */
  refusedTokenRequests: number;
  /** Rows left with last_error or needs_reauth, plus warnings the processes logged. */
  failures: number;
  /** Rows whose refresh token changed; with tokenRequests = connections and none refused: each exactly once. */
  rotated: number;
  /** Refreshes per API process: how the two split the work. */
  refreshedByProcess: number[];
  /** Most client connections to the database at once (pg_stat_activity, the sampler's own excluded). */
  peakDatabaseConnections: number;
}

export interface StormOptions {
  /** The emulator's process: the storm's Atlassian. */
  emulator: Child;
  connections: number;
  /** At most this many rounds, and no new one once `budgetMs` has passed since the first began (at least one). */
  rounds: number;
  budgetMs: number;
  intervalMs: number;
  progress: (line: string) => void;
}

const PROCESSES = 2;
const SAMPLE_MS = 50;
const ROUND_TIMEOUT_MS = 120_000;

export async function runStorm(baseUrl: string, opts: StormOptions): Promise<StormRound[]> {
  const closers: Closers = [];
  try {
    const { emulator } = opts;
    const scratch = await scratchPostgresDatabase(baseUrl, 'hub_fleet');
    closers.push(scratch.drop);
    // One connection: seeding, then the sampler, which leaves itself out of the count by its backend pid.
    const handle = await createDatabase({ url: scratch.url, poolMax: 1 });
    closers.push(() => handle.close());
    if (handle.kind !== 'postgres') throw new Error('the storm needs PostgreSQL');
    await migrate(handle);
    const keys = generateKeyringEntry('fleet');
    const issue = async () =>
      (await post(`${emulator.url}/__control/tokens`, { accountId: 'acc-ada' })) as TokenResponse;
    const now = Date.now();
    // Not due until a round says so: fresh for two hours, used a moment ago.
    await seedConnections(handle.db, new TokenCipher(parseKeyring(keys)), opts.connections, issue, () => ({
      accessTokenExpiresAt: new Date(now + 2 * 3_600_000),
      lastRefreshedAt: new Date(now),
      refreshTokenUpdatedAt: new Date(now),
      consentedAt: new Date(now - 86_400_000),
      lastUsedAt: new Date(now),
    }));
    const env = {
      DATABASE_URL: scratch.url,
      EMULATOR_URL: emulator.url,
      TOKEN_ENCRYPTION_KEYS: keys,
      FLEET_INTERVAL_MS: String(opts.intervalMs),
    };
    const processes = await Promise.all(
      Array.from({ length: PROCESSES }, () => startChild('fleet-refresher', env)),
    );
    for (const p of processes) closers.push(() => p.close());
    const rounds: StormRound[] = [];
    const started = Date.now();
    for (let r = 0; r < opts.rounds && (r === 0 || Date.now() - started < opts.budgetMs); r++) {
      rounds.push(await stormRound(handle.pool, emulator.url, processes, opts));
      opts.progress(`storm: round ${r + 1}/${opts.rounds}, ${rounds.at(-1)?.msToRefreshAll ?? 0} ms`);
    }
    return rounds;
  } finally {
    await closeAll(closers);
  }
}

type Pool = Extract<Database, { kind: 'postgres' }>['pool'];
type Stats = { token: { refresh_token: number; failed: number } };

const SAMPLE = `select
    (select count(*) from pg_stat_activity
      where datname = current_database() and backend_type = 'client backend' and pid <> pg_backend_pid()) as busy,
    count(*) filter (where last_refreshed_at >= $1) as fresh
  from confluence_connections`;

async function stormRound(pool: Pool, emulatorUrl: string, processes: Child[], opts: StormOptions) {
  await fetch(`${emulatorUrl}/__control/requests`, { method: 'DELETE' });
  const statsBefore = (await get(`${emulatorUrl}/__control/stats`)) as Stats;
  const statusBefore = await Promise.all(processes.map((p) => get(p.url) as Promise<RefreshTotals>));
  const tokensBefore = await refreshTokens(pool);
  const dueAt = new Date();
  await pool.query('update confluence_connections set access_token_expires_at = $1, last_used_at = $1', [
    dueAt,
  ]);
  const sampled = { peak: 0, fresh: 0, stop: false, error: undefined as Error | undefined };
  const sampler = (async () => {
    while (!sampled.stop) {
      const { rows } = await pool.query<{ busy: string; fresh: string }>(SAMPLE, [dueAt]);
      sampled.peak = Math.max(sampled.peak, Number(rows[0]?.busy ?? 0));
      sampled.fresh = Number(rows[0]?.fresh ?? 0);
      await sleep(SAMPLE_MS);
    }
  })().catch((error: unknown) => {
    sampled.error = error instanceof Error ? error : new Error(String(error));
  });
  try {
    while (sampled.fresh < opts.connections) {
      if (sampled.error !== undefined) throw sampled.error;
      if (Date.now() - dueAt.getTime() > ROUND_TIMEOUT_MS) {
        throw new Error(`storm: ${sampled.fresh}/${opts.connections} refreshed after ${ROUND_TIMEOUT_MS} ms`);
      }
      await sleep(SAMPLE_MS);
    }
    // A pass still running, or a second refresh of a row, shows within one more interval.
    await sleep(opts.intervalMs + 200);
  } finally {
    sampled.stop = true;
    await sampler;
  }
  const { rows } = await pool.query<{ problems: string; last: Date }>(
    `select count(*) filter (where last_error is not null or status <> 'active') as problems,
            max(last_refreshed_at) as last
       from confluence_connections`,
  );
  const tokensAfter = await refreshTokens(pool);
  const statsAfter = (await get(`${emulatorUrl}/__control/stats`)) as Stats;
  const statusAfter = await Promise.all(processes.map((p) => get(p.url) as Promise<RefreshTotals>));
  const log = (await get(`${emulatorUrl}/__control/requests`)) as { path: string; at: string }[];
  const firstGrant = log.find((e) => e.path === '/oauth/token');
  const problemsLogged = statusAfter.reduce(
    (n, s, i) => n + s.problems - (statusBefore[i]?.problems ?? 0),
    0,
  );
  return {
    msToRefreshAll: (rows[0]?.last.getTime() ?? Number.NaN) - dueAt.getTime(),
    msToFirstTokenRequest:
      firstGrant === undefined ? Number.NaN : new Date(firstGrant.at).getTime() - dueAt.getTime(),
    tokenRequests: statsAfter.token.refresh_token - statsBefore.token.refresh_token,
    refusedTokenRequests: statsAfter.token.failed - statsBefore.token.failed,
    failures: Number(rows[0]?.problems ?? 0) + problemsLogged,
    rotated: [...tokensAfter].filter(([id, enc]) => tokensBefore.get(id) !== enc).length,
    refreshedByProcess: statusAfter.map((s, i) => s.refreshed - (statusBefore[i]?.refreshed ?? 0)),
    peakDatabaseConnections: sampled.peak,
  };
}

/** Each row's refresh-token envelope: only a refresh rewrites it. */
async function refreshTokens(pool: Pool): Promise<Map<string, string>> {
  const { rows } = await pool.query<{ id: string; enc: string }>(
    'select id, refresh_token_enc as enc from confluence_connections',
  );
  return new Map(rows.map((r) => [r.id, r.enc]));
}
