import { fetchTransport, type Transport } from '@hub/confluence';
import { startEmulator, type Emulator } from '@hub/confluence-emulator';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { confluenceConnections, type NewConnectionRow } from '../db/schema/index.js';
import { useTestDatabase } from '../test-support/database.js';
import { insertWorkspace, testKeyring } from '../test-support/fixtures.js';
import { startBackgroundRefresher } from './background-refresher.js';
import {
  connectEmulatorAccount,
  createTestVault,
  oauthFor,
  refreshGrants,
  storedConnection,
  testClock,
  vaultDeps,
} from './test-support/vault-kit.js';
import { TokenCipher } from './token-cipher.js';

const t = useTestDatabase();
const cipher = new TokenCipher(testKeyring('k1'));
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, seed: 'empty' });
});
afterAll(() => emu.close());
beforeEach(() => emu.control.reset());

/** A connection with real emulator tokens, then the given columns overwritten. */
async function connection(
  workspaceId: string,
  cloudId: string,
  columns: Partial<NewConnectionRow>,
  accountId?: string,
) {
  const conn = await connectEmulatorAccount(t.db, cipher, emu, {
    workspaceId,
    cloudId,
    ...(accountId === undefined ? {} : { accountId }),
  });
  await t.db.update(confluenceConnections).set(columns).where(eq(confluenceConnections.id, conn.id));
  return conn;
}

/** A transport that holds token requests until `open()`; `reached` resolves when the first one arrives. */
function tokenGate() {
  let open: () => void = () => undefined;
  let arrived: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const reached = new Promise<void>((resolve) => (arrived = resolve));
  const inner = fetchTransport();
  const transport: Transport = async (req) => {
    if (req.url.endsWith('/oauth/token')) {
      arrived();
      await opened;
    }
    return inner(req);
  };
  return { transport, reached, open };
}

const inMinutes = (minutes: number) => new Date(Date.now() + minutes * MINUTE);
const daysAgo = (days: number) => new Date(Date.now() - days * DAY);

/** Every connection of the database that is still active, so other tests' rows do not linger as due. */
async function settleAll() {
  await t.db
    .update(confluenceConnections)
    .set({ accessTokenExpiresAt: inMinutes(600), refreshTokenUpdatedAt: new Date(), lastError: null })
    .where(eq(confluenceConnections.status, 'active'));
}

describe('background refresher', () => {
  it('refreshes soon-expiring, month-old and failed ones; leaves the rest', async () => {
    await settleAll();
    const ws = await insertWorkspace(t.db);
    const soon = await connection(ws, 'soon', { accessTokenExpiresAt: inMinutes(5.5) });
    const expired = await connection(ws, 'expired', { accessTokenExpiresAt: inMinutes(-10) });
    const idle = await connection(ws, 'idle', {
      accessTokenExpiresAt: inMinutes(50),
      refreshTokenUpdatedAt: daysAgo(31),
    });
    const failed = await connection(ws, 'failed', {
      accessTokenExpiresAt: inMinutes(50),
      lastError: 'NETWORK: …',
    });
    const later = await connection(ws, 'later', {
      accessTokenExpiresAt: inMinutes(7),
      refreshTokenUpdatedAt: daysAgo(29),
    });
    const reauth = await connection(ws, 'reauth', {
      accessTokenExpiresAt: inMinutes(-10),
      status: 'needs_reauth',
    });
    const revoked = await connection(ws, 'revoked', { accessTokenExpiresAt: inMinutes(1) }, 'acc-bob');
    await emu.control.revoke('acc-bob');

    const vault = createTestVault(t.db, cipher, emu);
    const refresher = startBackgroundRefresher(vault, vaultDeps(t.db, cipher, emu), { intervalMs: MINUTE });
    expect(await refresher.runOnce()).toEqual({ refreshed: 4, failed: 1 });
    expect(await refreshGrants(emu)).toBe(4);
    for (const c of [soon, expired, idle, failed]) {
      const row = await storedConnection(t.db, cipher, c.id);
      expect(row).toMatchObject({ status: 'active', lastError: null });
      expect(row.refreshToken).not.toBe(c.refreshToken);
      expect(row.accessTokenExpiresAt?.getTime()).toBeGreaterThan(Date.now() + 50 * MINUTE);
      // The refresher shares the vault's cache: the next call needs neither the database nor Atlassian.
      expect(await vault.getAccessToken(c.id)).toBe(row.accessToken);
    }
    for (const c of [later, reauth]) {
      expect((await storedConnection(t.db, cipher, c.id)).refreshToken).toBe(c.refreshToken);
    }
    expect(await storedConnection(t.db, cipher, revoked.id)).toMatchObject({ status: 'needs_reauth' });

    expect(await refresher.runOnce()).toEqual({ refreshed: 0, failed: 0 });
    await refresher.stop();
  });

  // Two refreshers with separate vaults (no shared in-flight map or cache) in one process; the real two-process
  // run, where SKIP LOCKED splits rows between processes, is src/suite/refresh.suite.test.ts.
  it('refreshes ahead only connections used or connected within the window; idle ones wait for their next use', async () => {
    await settleAll();
    const ws = await insertWorkspace(t.db);
    const minutesAgo = (minutes: number) => inMinutes(-minutes);
    const long = { consentedAt: daysAgo(3) };
    const busy = await connection(ws, 'busy', {
      ...long,
      lastUsedAt: minutesAgo(10),
      accessTokenExpiresAt: inMinutes(2),
    });
    const connected = await connection(ws, 'connected', { accessTokenExpiresAt: inMinutes(2) });
    const idle = await connection(ws, 'idle', {
      ...long,
      lastUsedAt: daysAgo(1),
      accessTokenExpiresAt: inMinutes(-1),
    });
    const idleFailed = await connection(ws, 'idle-failed', {
      ...long,
      lastUsedAt: null,
      accessTokenExpiresAt: inMinutes(2),
      lastError: 'NETWORK: …',
    });
    const monthOld = await connection(ws, 'month-old', {
      consentedAt: daysAgo(40),
      lastUsedAt: null,
      accessTokenExpiresAt: inMinutes(-600),
      refreshTokenUpdatedAt: daysAgo(31),
    });
    const rotated = async (c: { id: string; refreshToken: string }) =>
      (await storedConnection(t.db, cipher, c.id)).refreshToken !== c.refreshToken;

    const vault = createTestVault(t.db, cipher, emu);
    const deps = vaultDeps(t.db, cipher, emu);
    const refresher = startBackgroundRefresher(vault, deps, { intervalMs: MINUTE });
    expect(await refresher.runOnce()).toEqual({ refreshed: 3, failed: 0 });
    expect(await refreshGrants(emu)).toBe(3);
    expect([await rotated(busy), await rotated(connected), await rotated(monthOld)]).toEqual([
      true,
      true,
      true,
    ]);
    expect([await rotated(idle), await rotated(idleFailed)]).toEqual([false, false]);
    await refresher.stop();

    // Used again: refreshed on demand (its token has expired), and the use is recorded for the next pass.
    const token = await vault.getAccessToken(idle.id);
    expect(await rotated(idle)).toBe(true);
    expect(token).toBe((await storedConnection(t.db, cipher, idle.id)).accessToken);
    await expect
      .poll(async () => (await storedConnection(t.db, cipher, idle.id)).lastUsedAt?.getTime() ?? 0)
      .toBeGreaterThan(Date.now() - MINUTE);

    // The old rule (every active connection ahead, whether used or not) as a window of Infinity.
    const everyone = startBackgroundRefresher(vault, deps, {
      intervalMs: MINUTE,
      refreshAheadWindowMs: Infinity,
    });
    expect(await everyone.runOnce()).toEqual({ refreshed: 1, failed: 0 });
    expect(await rotated(idleFailed)).toBe(true);
    await everyone.stop();
  });

  it("writes a connection's last use at most once a minute per process", async () => {
    await settleAll();
    const ws = await insertWorkspace(t.db);
    const c = await connection(ws, 'used', { lastUsedAt: null });
    const clock = testClock();
    const vault = createTestVault(t.db, cipher, emu, { now: clock.now });
    const lastUsed = async () => (await storedConnection(t.db, cipher, c.id)).lastUsedAt?.getTime() ?? null;

    await vault.getAccessToken(c.id);
    await expect.poll(lastUsed).not.toBeNull();
    const first = await lastUsed();
    clock.advance(30_000);
    await vault.getAccessToken(c.id);
    clock.advance(20_000);
    await vault.getAccessToken(c.id);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await lastUsed()).toBe(first);
    clock.advance(20_000);
    await vault.getAccessToken(c.id);
    await expect.poll(lastUsed).toBeGreaterThan((first ?? 0) + 60_000);
  });

  it('two refreshers in one process, each with its own vault: every due connection refreshed exactly once', async () => {
    await settleAll();
    const ws = await insertWorkspace(t.db);
    const conns = [];
    for (let i = 0; i < 6; i += 1)
      conns.push(await connection(ws, `c${i}`, { accessTokenExpiresAt: inMinutes(2) }));
    await emu.control.addFault({ path: '/oauth/token', delayMs: 100, times: 20 });

    const deps = vaultDeps(t.db, cipher, emu);
    const one = startBackgroundRefresher(createTestVault(t.db, cipher, emu), deps, { concurrency: 3 });
    const two = startBackgroundRefresher(createTestVault(t.db, cipher, emu), deps, { concurrency: 3 });
    const [a, b] = await Promise.all([one.runOnce(), two.runOnce()]);
    expect(a.refreshed + b.refreshed).toBe(6);
    expect(a.failed + b.failed).toBe(0);
    // Six grants and six rows holding new tokens: each connection was refreshed once, none twice.
    expect(await refreshGrants(emu)).toBe(6);
    const rotated = new Set<string | null>();
    for (const c of conns) {
      const row = await storedConnection(t.db, cipher, c.id);
      expect(row).toMatchObject({ status: 'active', lastError: null });
      expect(row.accessToken).not.toBe(c.accessToken);
      expect(row.refreshToken).not.toBe(c.refreshToken);
      expect(row.accessTokenExpiresAt?.getTime()).toBeGreaterThan(Date.now() + 50 * MINUTE);
      rotated.add(row.refreshToken);
    }
    expect(rotated.size).toBe(6);
    // Nothing is left due for either of them.
    expect(await Promise.all([one.runOnce(), two.runOnce()])).toEqual([
      { refreshed: 0, failed: 0 },
      { refreshed: 0, failed: 0 },
    ]);
    expect(await refreshGrants(emu)).toBe(6);
    await Promise.all([one.stop(), two.stop()]);
  });

  it('a caller and the refresher on the same connection: one refresh', async () => {
    await settleAll();
    const ws = await insertWorkspace(t.db);
    const conn = await connection(ws, 'shared', { accessTokenExpiresAt: inMinutes(-1) });
    await emu.control.addFault({ path: '/oauth/token', delayMs: 100 });
    const vault = createTestVault(t.db, cipher, emu);
    const refresher = startBackgroundRefresher(vault, vaultDeps(t.db, cipher, emu));
    const [token, pass, other] = await Promise.all([
      vault.getAccessToken(conn.id),
      refresher.runOnce(),
      createTestVault(t.db, cipher, emu).getAccessToken(conn.id),
    ]);
    expect(other).toBe(token);
    expect(pass.failed).toBe(0);
    expect(await refreshGrants(emu)).toBe(1);
    await refresher.stop();
  });

  it('runs on its timer without keeping the process alive; stop() waits for the refresh in flight', async () => {
    await settleAll();
    const ws = await insertWorkspace(t.db);
    const conn = await connection(ws, 'timer', { accessTokenExpiresAt: inMinutes(1) });
    const gate = tokenGate();
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    const gated = { oauth: { ...oauthFor(emu), transport: gate.transport } };
    const refresher = startBackgroundRefresher(
      createTestVault(t.db, cipher, emu, gated),
      vaultDeps(t.db, cipher, emu, gated),
      { intervalMs: 50 },
    );
    expect(timers()).toBe(before);

    // The timer's pass is now in flight, held at its token request until the gate opens.
    await gate.reached;
    const order: string[] = [];
    const stopping = refresher.stop().then(() => order.push('stopped'));
    // A macrotask: a stop() that did not wait would have resolved (in microtasks) before this runs.
    setImmediate(() => {
      order.push('token answered');
      gate.open();
    });
    await stopping;
    expect(order).toEqual(['token answered', 'stopped']);
    const row = await storedConnection(t.db, cipher, conn.id);
    expect(row.refreshToken).not.toBe(conn.refreshToken);
    expect(await refreshGrants(emu)).toBe(1);
  });
});
