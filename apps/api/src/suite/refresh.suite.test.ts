import { randomBytes } from 'node:crypto';

import { refreshTokens } from '@hub/confluence';
import { startEmulator, type Emulator } from '@hub/confluence-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { formatKeyringEntry, parseKeyring } from '../connections/keyring.js';
import { connectEmulatorAccount, oauthFor, storedConnection } from '../connections/test-support/vault-kit.js';
import { TokenCipher } from '../connections/token-cipher.js';
import { createTestAuthService } from '../test-support/auth.js';
import { useTestDatabase } from '../test-support/database.js';
import { postgresSkipReason } from '../test-support/postgres-only.js';
import { reportSummary } from '../test-support/suite-summary.js';
import { errorLines, linesWith, startHubProcesses, type HubProcesses } from './support/hub-processes.js';
import { seedConnections } from './support/seed-connections.js';
import { bearer, trpcCall, trpcTarget } from './support/trpc-http.js';

/**
 * Refresh under load, across real API processes (src/main.ts) on one PostgreSQL database, one emulator here:
 * callers on expired tokens (the row lock and per-process single flight) and the background refresher in every
 * process (FOR UPDATE SKIP LOCKED). Atlassian must see one refresh_token grant per connection, and the rotated
 * refresh token must be the one stored: past the reuse leeway a rotated-out token kills the whole family.
 */

const t = useTestDatabase();
const SKIP_REASON = postgresSkipReason(
  'the refresh group of the reliability suite (several API processes on one database)',
);
const keys = formatKeyringEntry('k1', randomBytes(32));
const cipher = new TokenCipher(parseKeyring(keys));
const authSecret = randomBytes(32).toString('base64url');

const CONNECTIONS = 20;
/** At EACH process, per connection: 2 × 20 × 200 = 8,000 calls, all issued at once. */
const CALLS = 200;
const IN_FLIGHT_PER_PROCESS = 400;
/** Keeps each refresh (and its row lock) in flight while the other process's calls arrive. */
const TOKEN_DELAY_MS = 400;
const DUE = 500;
const BACKGROUND_TOKEN_DELAY_MS = 200;
/** Past the emulator's (Atlassian's) 10-minute reuse leeway only a family's newest refresh token works. */
const PAST_LEEWAY_MS = 11 * 60_000;

let emu: Emulator | undefined;
const hubs: HubProcesses[] = [];
const held: string[] = [];

beforeAll(async () => {
  if (SKIP_REASON === null) emu = await startEmulator({ port: 0, seed: 'demo' });
});

afterAll(async () => {
  await Promise.all(hubs.map((h) => h.stop()));
  await emu?.close();
  reportSummary('refresh', SKIP_REASON ?? (held.join('; ') || 'nothing held (see the failures above)'));
}, 60_000);

function databaseUrl(): string {
  if (t.database.kind !== 'postgres') throw new Error('PostgreSQL only');
  return String(t.database.pool.options.connectionString);
}

/**
 * Each connection is active with a new refresh token and a fresh access token, and its STORED refresh token is the
 * live one: refreshed directly past the reuse leeway, a rotated-out token would be refused.
 */
async function expectRefreshedAndPersisted(
  emulator: Emulator,
  connections: { id: string; refreshToken: string }[],
): Promise<void> {
  for (const connection of connections) {
    const row = await storedConnection(t.db, cipher, connection.id);
    expect(row).toMatchObject({ status: 'active', lastError: null });
    expect(row.refreshToken).not.toBe(connection.refreshToken);
    expect(row.accessTokenExpiresAt?.getTime()).toBeGreaterThan(Date.now() + 30 * 60_000);
  }
  expect(
    await rotatedTokensPersisted(
      emulator,
      connections.map((c) => c.id),
    ),
  ).toEqual([]);
}

/** Refreshes each connection's STORED refresh token directly, past the leeway: fails for a rotated-out one. */
async function rotatedTokensPersisted(emulator: Emulator, ids: string[]): Promise<string[]> {
  await emulator.control.clearFaults();
  await emulator.control.advanceClock(PAST_LEEWAY_MS);
  const refused: string[] = [];
  for (let from = 0; from < ids.length; from += 25) {
    await Promise.all(
      ids.slice(from, from + 25).map(async (id) => {
        const { refreshToken } = await storedConnection(t.db, cipher, id);
        await refreshTokens(oauthFor(emulator), refreshToken ?? '').catch((error: unknown) =>
          refused.push(`${id}: ${String(error)}`),
        );
      }),
    );
  }
  return refused;
}

/**
 * Token requests in flight, from the emulator's log (`at` = when answered, after the fault's delay): each was in
 * flight at least the delay before it. 90% of it: a timer may fire a little early on a loaded machine, and
 * requests that only follow one another must never count as overlapping. `mean` is over the whole run.
 */
function inFlight(answeredAt: number[], delayMs: number): { peak: number; mean: number } {
  const held = delayMs * 0.9;
  const events = answeredAt.flatMap((at) => [
    { at: at - held, step: 1 },
    { at, step: -1 },
  ]);
  events.sort((a, b) => a.at - b.at || a.step - b.step);
  let current = 0;
  let peak = 0;
  for (const e of events) peak = Math.max(peak, (current += e.step));
  const span = Math.max(...answeredAt) - Math.min(...answeredAt) + held;
  return { peak, mean: (answeredAt.length * held) / span };
}

const refreshedIds = (h: HubProcesses) =>
  h.processes.map((p) => linesWith(p, 'Confluence token refreshed').map((l) => String(l.connectionId)));

async function stopCleanly(h: HubProcesses): Promise<void> {
  expect(await h.stop()).toEqual([0, 0]);
  for (const p of h.processes) {
    expect(linesWith(p, 'shut down cleanly')).toHaveLength(1);
    expect(errorLines(p)).toEqual([]);
  }
}

describe('refresh', () => {
  it(
    `2 processes × ${CONNECTIONS} expired connections × ${CALLS} calls at each → one token request per connection`,
    { timeout: 300_000 },
    async (ctx) => {
      if (SKIP_REASON !== null || emu === undefined) return ctx.skip(SKIP_REASON ?? 'no emulator');
      const auth = createTestAuthService(t.db);
      const tenants: { key: string; connectionId: string; refreshToken: string }[] = [];
      const { userId } = await auth.bootstrapAdmin({
        email: 'owner@example.com',
        password: 'owner-password-1',
      });
      for (let i = 0; i < CONNECTIONS; i += 1) {
        const workspaceId = await auth.createWorkspace({ name: `Expired ${i}`, ownerUserId: userId });
        const { key } = await auth.createApiKey({
          workspaceId,
          name: 'svc',
          role: 'member',
          createdBy: { kind: 'system' },
        });
        const c = await connectEmulatorAccount(t.db, cipher, emu, {
          workspaceId,
          expiresAt: new Date(Date.now() - 60_000),
        });
        tenants.push({ key, connectionId: c.id, refreshToken: c.refreshToken });
      }
      // Expired at the emulator too: a process that used the old token anyway would get a 401.
      await emu.control.expireTokens();
      // No background pass during this test (10 minutes): the callers themselves must refresh.
      const hub = await startHubProcesses({
        count: 2,
        databaseUrl: databaseUrl(),
        emulator: emu,
        tokenKeys: keys,
        authSecret,
        env: { BACKGROUND_REFRESH_INTERVAL_MS: '600000' },
      });
      hubs.push(hub);
      const targets = hub.processes.map((p) => trpcTarget(p.url, IN_FLIGHT_PER_PROCESS));
      await emu.control.addFault({ path: '/oauth/token', delayMs: TOKEN_DELAY_MS, times: 1000 });

      // Interleaved, so the first sockets' worth at each process already covers every connection several times.
      const calls = [];
      for (let round = 0; round < CALLS; round += 1) {
        for (const tenant of tenants) {
          for (const target of targets) {
            const input = { path: 'confluence.getSpaces', input: { limit: 1 } };
            calls.push(trpcCall(target, [input], { headers: bearer(tenant.key), timeoutMs: 120_000 }));
          }
        }
      }
      const started = performance.now();
      const answers = await Promise.all(calls);
      const seconds = (performance.now() - started) / 1000;
      for (const target of targets) target.agent.destroy();

      const failures = answers.filter((a) => {
        const first = a.outcomes[0];
        const spaces = first?.ok === true ? (first.data as { spaces?: unknown[] }).spaces : undefined;
        return a.status !== 200 || spaces?.length !== 1;
      });
      expect(failures.slice(0, 3)).toEqual([]);
      expect(answers).toHaveLength(2 * CONNECTIONS * CALLS);

      const stats = await emu.control.stats();
      expect(stats.token).toEqual({ authorization_code: 0, refresh_token: CONNECTIONS, failed: 0 });
      const log = await emu.control.requests();
      const tokenStatuses = log.filter((r) => r.path === '/oauth/token').map((r) => r.status);
      expect(tokenStatuses).toEqual(Array.from({ length: CONNECTIONS }, () => 200));
      // Every call reached Confluence once, none with an expired token (that would be a 401, then a retry).
      const served = log.filter((r) => r.path.endsWith('/wiki/api/v2/spaces')).map((r) => r.status);
      expect(served.filter((s) => s !== 200)).toEqual([]);
      expect(served).toHaveLength(answers.length);

      await stopCleanly(hub);
      const perProcess = refreshedIds(hub);
      expect(perProcess.flat().sort()).toEqual(tenants.map((x) => x.connectionId).sort());
      for (const p of hub.processes) expect(linesWith(p, 'Background token refresh pass')).toEqual([]);
      await expectRefreshedAndPersisted(
        emu,
        tenants.map((x) => ({ id: x.connectionId, refreshToken: x.refreshToken })),
      );
      held.push(
        `2 processes × ${CONNECTIONS} expired connections × ${CALLS} calls at each ` +
          `(${answers.length.toLocaleString('en')} at once, ≤${IN_FLIGHT_PER_PROCESS} in flight per process) → ` +
          `${tokenStatuses.length} token requests (p1 ${perProcess[0]?.length}, p2 ${perProcess[1]?.length}), ` +
          `${failures.length} failures, ${CONNECTIONS}/${CONNECTIONS} rotated tokens persisted ` +
          `(${seconds.toFixed(1)} s)`,
      );
    },
  );

  it(
    `background refresher in both processes over ${DUE} connections about to expire → each refreshed once`,
    { timeout: 300_000 },
    async (ctx) => {
      if (SKIP_REASON !== null || emu === undefined) return ctx.skip(SKIP_REASON ?? 'no emulator');
      await emu.control.reset();
      const hub = await startHubProcesses({
        count: 2,
        databaseUrl: databaseUrl(),
        emulator: emu,
        tokenKeys: keys,
        authSecret,
        env: { BACKGROUND_REFRESH_INTERVAL_MS: '1000' },
      });
      hubs.push(hub);
      // Each refresh holds its row for a while: the processes' workers must claim different rows meanwhile.
      await emu.control.addFault({
        path: '/oauth/token',
        delayMs: BACKGROUND_TOKEN_DELAY_MS,
        times: 10 * DUE,
      });
      // Inside the 5-minute refresh margin; committed at once while both refreshers tick every second.
      const seeded = await seedConnections(t.db, cipher, emu, {
        count: DUE,
        expiresAt: new Date(Date.now() + 2 * 60_000),
      });
      const started = performance.now();
      const passTotal = () =>
        hub.processes
          .flatMap((p) => linesWith(p, 'Background token refresh pass'))
          .reduce((sum, l) => sum + Number(l.refreshed) + Number(l.failed), 0);
      await expect.poll(passTotal, { timeout: 240_000, interval: 250 }).toBeGreaterThanOrEqual(DUE);
      const seconds = (performance.now() - started) / 1000;
      // Stopping waits for refreshes in flight: whatever either process did is now in its log and the stats.
      await stopCleanly(hub);

      const perProcess = refreshedIds(hub);
      const all = perProcess.flat();
      const twice = all.length - new Set(all).size;
      expect(twice).toBe(0);
      expect(all.sort()).toEqual(seeded.map((s) => s.id).sort());
      const failed = hub.processes
        .flatMap((p) => linesWith(p, 'Background token refresh pass'))
        .reduce((sum, l) => sum + Number(l.failed), 0);
      expect(failed).toBe(0);
      // Both took part: the work was split, not done by whichever process ticked first.
      expect(perProcess.map((ids) => ids.length > 0)).toEqual([true, true]);

      const stats = await emu.control.stats();
      expect(stats.token).toEqual({ authorization_code: 0, refresh_token: DUE, failed: 0 });
      const tokenLog = (await emu.control.requests()).filter((r) => r.path === '/oauth/token');
      expect(tokenLog.filter((r) => r.status !== 200)).toEqual([]);
      expect(tokenLog).toHaveLength(DUE);
      // SKIP LOCKED lets each worker (4 per process) pass rows others hold, so the 8 refresh side by side; with
      // plain FOR UPDATE they queue behind one another on the same most urgent row (about 1 at a time).
      const flight = inFlight(
        tokenLog.map((r) => Date.parse(r.at)),
        BACKGROUND_TOKEN_DELAY_MS,
      );
      expect(flight.mean).toBeGreaterThanOrEqual(3);

      await expectRefreshedAndPersisted(emu, seeded);
      held.push(
        `background ${DUE} due connections → ${all.length} refreshes (p1 ${perProcess[0]?.length}, ` +
          `p2 ${perProcess[1]?.length}), ${twice} twice, ${flight.mean.toFixed(1)} token requests in flight on average (peak ${flight.peak}), ` +
          `${DUE}/${DUE} rotated tokens persisted (${seconds.toFixed(1)} s)`,
      );
    },
  );
});
