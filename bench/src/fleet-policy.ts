/**
 * The proactive refresh policy, before and after: one simulated hour of a fleet of busy and idle connections,
 * in this process (the figure is a count of token requests, not a time), on PostgreSQL when DATABASE_URL is set
 * or in-memory PGlite. The vault and its refresher share an injected clock; every simulated minute each busy
 * connection hands out a token (vault.getAccessToken, which also records the use) and the refresher runs one
 * pass, as its one-minute timer would. "before" refreshes every active connection ahead of expiry
 * (refreshAheadWindowMs: Infinity), "after" only those used or consented within the last hour (the default).
 *
 * The fleet: access tokens expiring evenly over the next hour, refresh tokens last rotated evenly over the past
 * 30 days, consent 60 days ago; busy connections last used a minute ago, idle ones three days ago.
 *
 * What to expect, per hour: a connection refreshed ahead gets a new token 6 minutes (margin + interval) before the
 * old one expires, so once every 54 minutes; tokens expiring in the hour's first 11 minutes are refreshed twice
 * within it. Before ≈ 1.18 × (busy + idle) (≈ 2,600 for 2,200; ≈ 2,440 an hour once the expiries have settled);
 * after ≈ 1.18 × busy (≈ 235) + the idle connections whose refresh token turns 30 days old within the hour
 * (idle × 1 h / 30 days ≈ 3). Measured: 2,567 (234 busy + 2,333 idle) and 237 (234 + 3).
 */
import { setTimeout as sleep } from 'node:timers/promises';

import {
  confluenceConnections,
  ConnectionVault,
  createDatabase,
  type Database,
  generateKeyringEntry,
  migrate,
  oauthFor,
  parseKeyring,
  scratchPostgresDatabase,
  startBackgroundRefresher,
  TokenCipher,
} from '@hub/api/testing';
import { startEmulator } from '@hub/confluence-emulator';

import { seedConnections } from './fleet-seed.js';
import { refreshLog } from './fleet-log.js';
import { closeAll, type Closers } from './setup.js';

export interface PolicyCounts {
  /** refresh_token grants the emulator answered in the simulated hour. */
  total: number;
  /** Of which for busy connections, and for idle ones (from the vault's refresh log, per connection). */
  busy: number;
  idle: number;
}

export interface PolicyRun extends PolicyCounts {
  /** Token requests refused, refresh warnings logged, rows left with last_error or needs_reauth. */
  failures: number;
  /** Wall time of the simulation. */
  ms: number;
}

export interface PolicyOptions {
  busy: number;
  idle: number;
  progress: (line: string) => void;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const GOLDEN = 0.6180339887498949;

export interface PolicyRuns {
  database: 'postgres' | 'pglite';
  /** Every active connection refreshed ahead (refreshAheadWindowMs: Infinity). */
  before: PolicyRun;
  /** Only those used or consented within the hour (the default window). */
  after: PolicyRun;
}

/** Both simulations, one after the other, on one database emptied between them. */
export async function runPolicy(opts: PolicyOptions): Promise<PolicyRuns> {
  const closers: Closers = [];
  try {
    const baseUrl = process.env.DATABASE_URL;
    let url: string | undefined;
    if (baseUrl) {
      const scratch = await scratchPostgresDatabase(baseUrl, 'hub_fleet_policy');
      closers.push(scratch.drop);
      // The figure is a count, not a time: commits need not wait for the disk (about 5 ms each on this machine).
      url = `${scratch.url}${scratch.url.includes('?') ? '&' : '?'}options=${encodeURIComponent('-c synchronous_commit=off')}`;
    }
    const database = await createDatabase(url === undefined ? {} : { url });
    closers.push(() => database.close());
    await migrate(database);
    const before = await simulateHour(database, Infinity, opts);
    opts.progress(`policy: before (every connection ahead): ${before.total} token requests`);
    await database.db.delete(confluenceConnections);
    const after = await simulateHour(database, undefined, opts);
    opts.progress(`policy: after (recently used only): ${after.total} token requests`);
    return { database: database.kind, before, after };
  } finally {
    await closeAll(closers);
  }
}

/** One simulated hour under a refresh-ahead window (undefined: the default), with an emulator of its own. */
async function simulateHour(
  database: Database,
  windowMs: number | undefined,
  opts: PolicyOptions,
): Promise<PolicyRun> {
  const closers: Closers = [];
  try {
    const emu = await startEmulator({ port: 0, seed: 'empty' });
    closers.push(() => emu.close());

    let at = Date.now();
    const clock = { now: () => at };
    const start = at;
    const count = opts.busy + opts.idle;
    const stride = Math.round(count / opts.busy);
    const isBusy = (i: number) => i % stride === 0;
    const cipher = new TokenCipher(parseKeyring(generateKeyringEntry('fleet')));
    const ids = await seedConnections(
      database.db,
      cipher,
      count,
      () => emu.control.issueTokens({ accountId: 'acc-ada' }),
      (i) => {
        const expiresAt = start + ((i + 0.5) / count) * HOUR;
        return {
          accessTokenExpiresAt: new Date(expiresAt),
          lastRefreshedAt: new Date(expiresAt - HOUR),
          refreshTokenUpdatedAt: new Date(start - ((i * GOLDEN) % 1) * 30 * DAY),
          consentedAt: new Date(start - 60 * DAY),
          lastUsedAt: new Date(start - (isBusy(i) ? MINUTE : 3 * DAY)),
        };
      },
    );
    const busy = ids.filter((_, i) => isBusy(i));

    const log = refreshLog('policy simulation');
    const deps = { db: database.db, cipher, logger: log.logger, oauth: oauthFor(emu), now: clock.now };
    const vault = new ConnectionVault(deps);
    // Its own timer (every real minute) may add a pass at the same simulated time: that pass finds nothing new.
    const refresher = startBackgroundRefresher(
      vault,
      deps,
      windowMs === undefined ? {} : { refreshAheadWindowMs: windowMs },
    );
    closers.push(() => refresher.stop());
    const before = await emu.control.stats();
    const started = performance.now();
    for (let minute = 0; minute < 60; minute++) {
      await Promise.all(busy.map((id) => vault.getAccessToken(id)));
      await refresher.runOnce();
      at += MINUTE;
      await emu.control.advanceClock(MINUTE);
    }
    const ms = performance.now() - started;
    // The last minute's use records are written off the call path; let them land before the database closes.
    await sleep(200);
    const after = await emu.control.stats();
    const busyRefreshes = busy.reduce((n, id) => n + log.refreshesOf(id), 0);
    const rows = await database.db.query.confluenceConnections.findMany({
      columns: { status: true, lastError: true },
    });
    const broken = rows.filter((r) => r.status !== 'active' || r.lastError !== null).length;
    return {
      total: after.token.refresh_token - before.token.refresh_token,
      busy: busyRefreshes,
      idle: log.totals().refreshed - busyRefreshes,
      failures: after.token.failed - before.token.failed + log.totals().problems + broken,
      ms,
    };
  } finally {
    await closeAll(closers);
  }
}
