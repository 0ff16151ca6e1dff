import { randomBytes } from 'node:crypto';

import { startEmulator, type Emulator } from '@hub/confluence-emulator';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { formatKeyringEntry, parseKeyring } from '../connections/keyring.js';
import { connectEmulatorAccount } from '../connections/test-support/vault-kit.js';
import { TokenCipher } from '../connections/token-cipher.js';
import { toolActivity } from '../db/schema/index.js';
import { createTestAuthService } from '../test-support/auth.js';
import { useTestDatabase } from '../test-support/database.js';
import { postgresSkipReason } from '../test-support/postgres-only.js';
import { reportSummary } from '../test-support/suite-summary.js';
import {
  DATABASE_KINDS,
  startLoad,
  succeeded,
  type CallKind,
  type CallRecord,
  type Load,
} from './support/db-fault-load.js';
import { errorLines, linesWith, startHubProcesses, type HubProcesses } from './support/hub-processes.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';
import { trpcTarget } from './support/trpc-http.js';

/**
 * The database failing under load, for one real API process (src/main.ts) whose DATABASE_URL goes through a TCP
 * proxy this test controls: connections killed mid-load (pg_terminate_backend, and the proxy cutting them), then
 * the database refusing connections for a while (not listening; accepting and resetting at once). While it is
 * down, calls that need it answer 503 UNAVAILABLE (retryable), never 500, never 401 for a valid credential, and
 * /readyz says so; afterwards everything works again without a restart, and every tool call that ran has its
 * activity row: the recorder keeps them in memory and writes them once the database answers.
 */

const t = useTestDatabase();
const SKIP_REASON = postgresSkipReason(
  'the database-faults group of the reliability suite (connections killed and refused on a PostgreSQL server)',
);
const keys = formatKeyringEntry('k1', randomBytes(32));
const cipher = new TokenCipher(parseKeyring(keys));
/** How long each refusal lasts at least; it goes on until its effects have been seen (a busy machine). */
const OUTAGE_MS = 4000;
const FRESH_KEYS = 400;
const ALL_KINDS: CallKind[] = ['tool', 'invoke', ...DATABASE_KINDS];

let emu: Emulator | undefined;
let proxy: TcpProxy | undefined;
let hub: HubProcesses | undefined;
let load: Load | undefined;
let summary: string | undefined;

beforeAll(async () => {
  if (SKIP_REASON === null) emu = await startEmulator({ port: 0, seed: 'demo' });
});

afterAll(async () => {
  await load?.stop();
  await hub?.stop();
  await proxy?.close();
  await emu?.close();
  reportSummary('database faults', SKIP_REASON ?? summary ?? 'nothing held (see the failures above)');
}, 60_000);

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, predicate: () => boolean, timeoutMs = 120_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!predicate()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await pause(50);
  }
}

/** Kills the API's PostgreSQL backends from an admin connection (straight to the server, not the proxy). */
async function terminateBackends(): Promise<number> {
  if (t.database.kind !== 'postgres') throw new Error('PostgreSQL only');
  const { rows } = await t.database.pool.query<{ n: number }>(
    `select count(*)::int as n from (select pg_terminate_backend(pid) from pg_stat_activity
       where datname = current_database() and application_name = 'hub-api') as killed`,
  );
  return rows[0]?.n ?? 0;
}

async function setUp() {
  if (emu === undefined || t.database.kind !== 'postgres')
    throw new Error('PostgreSQL and the emulator only');
  const auth = createTestAuthService(t.db);
  const admin = { email: 'owner@example.com', password: 'owner-password-1' };
  const { workspaceId } = await auth.bootstrapAdmin({ ...admin, workspaceName: 'Database faults' });
  const createKey = (name: string) =>
    auth.createApiKey({ workspaceId, name, role: 'member', createdBy: { kind: 'system' } });
  const steady = await createKey('steady');
  const freshKeys: string[] = [];
  for (let i = 0; i < FRESH_KEYS; i += 20) {
    const batch = await Promise.all(Array.from({ length: 20 }, (_, j) => createKey(`fresh ${i + j}`)));
    freshKeys.push(...batch.map((k) => k.key));
  }
  await connectEmulatorAccount(t.db, cipher, emu, { workspaceId });

  const direct = new URL(String(t.database.pool.options.connectionString));
  proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
  const proxied = new URL(direct);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(proxy.port);
  hub = await startHubProcesses({
    count: 1,
    databaseUrl: proxied.toString(),
    emulator: emu,
    tokenKeys: keys,
    authSecret: randomBytes(32).toString('base64url'),
  });
  const api = hub.processes[0];
  if (api === undefined) throw new Error('no API process');
  const signIn = await fetch(`${api.url}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: api.url },
    body: JSON.stringify(admin),
  });
  expect(signIn.status).toBe(200);
  const cookie = signIn.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return { api, steadyKey: steady.key, steadyKeyId: steady.summary.id, freshKeys, cookie };
}

/** The activity rows owed: one per tool call that ran, by outcome ('OK' or the error kind). */
function owedRows(calls: CallRecord[]): Record<string, number> {
  const owed: Record<string, number> = {};
  for (const c of calls) {
    if (!c.ran) continue;
    const tool = c.outcomes[0];
    const outcome = tool === undefined || tool.ok ? 'OK' : (tool.kind ?? 'INTERNAL');
    owed[outcome] = (owed[outcome] ?? 0) + 1;
  }
  return owed;
}

async function storedRows(principalId: string): Promise<Record<string, number>> {
  const rows = await t.db
    .select({ outcome: toolActivity.outcomeKind, n: count() })
    .from(toolActivity)
    .where(eq(toolActivity.principalId, principalId))
    .groupBy(toolActivity.outcomeKind);
  return Object.fromEntries(rows.map((r) => [r.outcome, r.n]));
}

const total = (byOutcome: Record<string, number>) => Object.values(byOutcome).reduce((a, b) => a + b, 0);

type Outage = 'refused' | 'reset' | 'hold';

/** `refused`: the proxy stops listening (ECONNREFUSED); otherwise new connections are reset or held. */
async function breakDatabase(pg: TcpProxy, how: Outage): Promise<void> {
  if (how === 'refused') await pg.stopListening();
  else pg.setNewConnections(how);
}

async function mendDatabase(pg: TcpProxy, how: Outage): Promise<void> {
  if (how === 'refused') await pg.startListening();
  else pg.setNewConnections('forward');
}

/** The HTTP status a call's answer must have: 503 for a refused request, 207 for a batch half answered. */
function expectedStatus(c: CallRecord): number {
  if (succeeded(c)) return 200;
  if (c.kind === 'tool') return c.outcomes.every((o) => !o.ok) ? 503 : 207;
  return c.kind === 'invoke' && c.outcomes[0]?.ok === false && c.outcomes[0].httpStatus === undefined
    ? 200
    : 503;
}

/** Anything but "the database is unavailable, retry": a 500, a 401 for a valid credential, another kind. */
function misreported(c: CallRecord): boolean {
  if (c.status !== expectedStatus(c)) return true;
  return c.outcomes.some(
    (o) =>
      !o.ok &&
      (o.kind !== 'UNAVAILABLE' ||
        o.retryable !== true ||
        (o.httpStatus !== undefined && o.httpStatus !== 503)),
  );
}

describe('database faults', () => {
  it(
    'connections killed and refused under load → 503 UNAVAILABLE during, full recovery, no activity row lost',
    { timeout: 300_000 },
    async (ctx) => {
      if (SKIP_REASON !== null) return ctx.skip(SKIP_REASON);
      const { api, steadyKey, steadyKeyId, freshKeys, cookie } = await setUp();
      const pg = proxy as TcpProxy;
      const l = (load = startLoad({ target: trpcTarget(api.url, 50), steadyKey, freshKeys, cookie }));
      const since = (from: number, kind: CallKind) =>
        l.calls.filter((c) => c.kind === kind && c.startedAt >= from);
      const recoveredSince = (from: number, n: number) => () =>
        ALL_KINDS.every((kind) => since(from, kind).filter(succeeded).length >= n);
      await until('a warm start', recoveredSince(0, 20));

      const kills: { how: string; killed: number }[] = [];
      for (const how of ['pg_terminate_backend', 'proxy cut', 'pg_terminate_backend']) {
        await until('pooled connections to kill', () => pg.open > 0);
        const at = performance.now();
        kills.push({ how, killed: how === 'proxy cut' ? pg.cut() : await terminateBackends() });
        await until(`recovery after ${how}`, recoveredSince(at, 10));
      }

      // 'hold' is a black hole (connects accepted, never answered): the pool's 5 s connect timeout turns it into
      // 503s, and the pool recovers once the database answers again.
      const outages: { how: Outage; begin: number; start: number; end: number }[] = [];
      for (const how of ['refused', 'reset', 'hold'] as const) {
        const begin = performance.now();
        await breakDatabase(pg, how);
        pg.cut();
        const start = performance.now();
        await until(
          `the ${how} outage to show`,
          () =>
            performance.now() - start >= OUTAGE_MS &&
            l.ready.some((r) => r.startedAt >= start && r.status === 503) &&
            DATABASE_KINDS.every((kind) => since(start, kind).filter((c) => !succeeded(c)).length >= 2),
        );
        await mendDatabase(pg, how);
        const end = performance.now();
        outages.push({ how, begin, start, end });
        await until(
          `recovery after the ${how} outage`,
          () => recoveredSince(end, 20)() && l.ready.some((r) => r.startedAt >= end && r.status === 200),
        );
      }
      await l.stop();
      const { calls, ready } = l;

      // Never a hang, a 500, a 401 or any other kind: only "unavailable, retry" while the database is away.
      expect(calls.filter((c) => c.status === 0).slice(0, 3)).toEqual([]);
      expect(calls.filter(misreported).slice(0, 3)).toEqual([]);
      outages.forEach((o, i) => {
        const during = calls.filter(
          (c) => DATABASE_KINDS.includes(c.kind) && c.startedAt >= o.start && c.endedAt <= o.end,
        );
        expect(during.length).toBeGreaterThan(0);
        expect(during.filter(succeeded)).toEqual([]);
        const readyDuring = ready.filter((r) => r.startedAt >= o.start && r.endedAt <= o.end);
        expect(readyDuring.map((r) => r.status)).toContain(503);
        expect(readyDuring.filter((r) => r.status !== 503)).toEqual([]);
        // From the moment the database answers again, everything does: no restart, no stale pooled connection.
        const next = outages[i + 1]?.begin ?? Infinity;
        const after = calls.filter((c) => c.startedAt >= o.end && c.endedAt < next);
        expect(after.filter((c) => !succeeded(c)).slice(0, 3)).toEqual([]);
        expect(ready.filter((r) => r.startedAt >= o.end && r.endedAt < next && r.status !== 200)).toEqual([]);
      });
      expect(ready.at(-1)?.status).toBe(200);

      // Every tool call that ran has its row, written while the process still runs (not only at shutdown).
      const owed = owedRows(calls);
      await expect.poll(() => storedRows(steadyKeyId), { timeout: 120_000, interval: 500 }).toEqual(owed);
      expect(api.child.exitCode).toBeNull();
      expect(linesWith(api, 'Integrations Hub API listening')).toHaveLength(1);
      expect(await hub?.stop()).toEqual([0]);
      expect(await storedRows(steadyKeyId)).toEqual(owed);
      const kept = 'database unreachable: activity rows kept in memory until it answers again';
      expect(linesWith(api, kept).length).toBeGreaterThan(0);
      expect(api.logs.filter((line) => /dropped|lost/.test(line.msg))).toEqual([]);
      // better-auth logs each session lookup the database failed as an error of its own, stack included (the
      // Hub answered 503 for it); anything else at error level is a failure.
      // An outage is expected, not an error: better-auth's failed session lookups are warn lines, one each.
      expect(errorLines(api)).toEqual([]);
      const outageWarnings = api.logs.filter(
        (line) => line.component === 'better-auth' && line.level === 40,
      ).length;

      const failed = calls.filter((c) => !succeeded(c));
      const failedAtKills = failed.filter((c) => c.startedAt < (outages[0]?.begin ?? Infinity)).length;
      const toolCallsDuring = calls.filter(
        (c) => c.ran && outages.some((o) => c.startedAt >= o.start && c.endedAt <= o.end),
      ).length;
      const seconds = (o: (typeof outages)[number]) => ((o.end - o.start) / 1000).toFixed(1);
      const [refused, reset, hold] = outages;
      summary =
        `connections killed ×${kills.length} (${kills.map((k) => `${k.how}: ${k.killed}`).join(', ')}; ` +
        `${failedAtKills} calls in flight answered 503), ` +
        `refused ${refused ? seconds(refused) : '?'} s (not listening), reset ${reset ? seconds(reset) : '?'} s ` +
        `(accepted, closed at once), black hole ${hold ? seconds(hold) : '?'} s (accepted, never answered) under ${calls.length.toLocaleString('en')} calls → ${failed.length} answered ` +
        `503 UNAVAILABLE (retryable), 0 × 500, 0 × 401, 0 hung, /readyz 503→200 after each refusal, ` +
        `${total(owed).toLocaleString('en')}/${total(owed).toLocaleString('en')} activity rows kept ` +
        `(${toolCallsDuring} tool calls ran during the refusals), no restart ` +
        `(0 error lines; ${outageWarnings} warn lines for session lookups that failed)`;
    },
  );
});
