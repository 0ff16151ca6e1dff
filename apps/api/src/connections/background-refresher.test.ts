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
  refreshGrants,
  storedConnection,
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

  it('two refreshers on one database (two processes) refresh each connection exactly once', async () => {
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
    expect(await refreshGrants(emu)).toBe(6);
    for (const c of conns) {
      expect(await storedConnection(t.db, cipher, c.id)).toMatchObject({ status: 'active', lastError: null });
    }
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
    await emu.control.addFault({ path: '/oauth/token', delayMs: 300 });
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    const refresher = startBackgroundRefresher(
      createTestVault(t.db, cipher, emu),
      vaultDeps(t.db, cipher, emu),
      {
        intervalMs: 50,
      },
    );
    expect(timers()).toBe(before);

    // stats.requests counts a request when it arrives, before the fault's delay: the refresh is then in flight.
    await expect.poll(async () => (await emu.control.stats()).requests, { interval: 10 }).toBeGreaterThan(0);
    expect(await refreshGrants(emu)).toBe(0);
    await refresher.stop();
    const row = await storedConnection(t.db, cipher, conn.id);
    expect(row.refreshToken).not.toBe(conn.refreshToken);
    expect(await refreshGrants(emu)).toBe(1);
  });
});
