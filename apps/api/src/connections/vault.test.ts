import { startEmulator, type Emulator } from '@hub/confluence-emulator';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { confluenceConnections } from '../db/schema/index.js';
import { useTestDatabase } from '../test-support/database.js';
import { insertWorkspace, testKeyring } from '../test-support/fixtures.js';
import {
  captureLogger,
  connectEmulatorAccount,
  countingDb,
  createTestVault,
  refreshGrants,
  storedConnection,
  testClock,
  tokenRequests,
} from './test-support/vault-kit.js';
import { TokenCipher } from './token-cipher.js';

const t = useTestDatabase();
const cipher = new TokenCipher(testKeyring('k1'));
const HOUR = 3_600_000;
const MARGIN = 5 * 60_000;
let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, seed: 'empty', accessTokenTtlSeconds: 3600 });
});
afterAll(() => emu.close());
beforeEach(() => emu.control.reset());

/** A workspace with one Acme connection whose stored expiry is `expiresInMs` from now (default: an hour). */
async function setup(expiresInMs = HOUR) {
  const workspaceId = await insertWorkspace(t.db);
  const conn = await connectEmulatorAccount(t.db, cipher, emu, {
    workspaceId,
    expiresAt: new Date(Date.now() + expiresInMs),
  });
  await emu.control.clearRequests();
  return { workspaceId, ...conn };
}

describe('ConnectionVault tokens', () => {
  it('serves the cached token: no database read, no token request', async () => {
    const { workspaceId, id, accessToken } = await setup();
    const vault = createTestVault(t.db, cipher, emu);
    expect(await vault.getAccessToken(id)).toBe(accessToken);
    // Were the row read again, this garbage would fail to decrypt.
    await t.db
      .update(confluenceConnections)
      .set({ accessTokenEnc: 'v1.k1.garbage.garbage' })
      .where(eq(confluenceConnections.id, id));
    expect(await vault.getAccessToken(id)).toBe(accessToken);

    const { client } = await vault.clientFor(workspaceId);
    const spaces = await client.listSpaces();
    expect(spaces.items).toEqual([]);
    expect(await emu.control.requests()).toMatchObject([{ method: 'GET', status: 200 }]);
    expect(await refreshGrants(emu)).toBe(0);
  });

  it('refreshes inside the margin and persists the rotated refresh token, which refreshes again', async () => {
    const { id, accessToken, refreshToken } = await setup();
    const clock = testClock();
    const vault = createTestVault(t.db, cipher, emu, { now: clock.now });
    clock.advance(HOUR - MARGIN + 1000);

    const fresh = await vault.getAccessToken(id);
    expect(fresh).not.toBe(accessToken);
    expect(await refreshGrants(emu)).toBe(1);
    const row = await storedConnection(t.db, cipher, id);
    expect(row).toMatchObject({ status: 'active', lastError: null, accessToken: fresh });
    expect(row.refreshToken).not.toBe(refreshToken);
    expect(row.refreshTokenUpdatedAt?.getTime()).toBeGreaterThanOrEqual(clock.now() - 1000);
    expect(row.lastRefreshedAt?.getTime()).toBe(row.refreshTokenUpdatedAt?.getTime());
    expect(row.accessTokenExpiresAt?.getTime()).toBeGreaterThan(clock.now() + HOUR - 5000);
    expect(JSON.stringify(row.accessTokenEnc)).not.toContain(fresh);

    // Past the emulator's reuse leeway, only the newest refresh token still works: a second refresh proves the
    // stored one is it. A fresh vault (another process) reads it from the database.
    await emu.control.advanceClock(11 * 60_000);
    clock.advance(HOUR);
    const other = createTestVault(t.db, cipher, emu, { now: clock.now });
    const second = await other.getAccessToken(id);
    expect(second).not.toBe(fresh);
    expect(await refreshGrants(emu)).toBe(2);
    expect(await storedConnection(t.db, cipher, id)).toMatchObject({ status: 'active', accessToken: second });
  });

  it('50 concurrent calls on an expired token make exactly one refresh_token grant', async () => {
    const { id, accessToken } = await setup(-60_000);
    const { db, counts } = countingDb(t.db);
    const vault = createTestVault(db, cipher, emu);
    await emu.control.addFault({ path: '/oauth/token', delayMs: 150 });
    const tokens = await Promise.all(Array.from({ length: 50 }, () => vault.getAccessToken(id)));
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).not.toBe(accessToken);
    expect(await refreshGrants(emu)).toBe(1);
    expect(await tokenRequests(emu)).toEqual([200]);
    // In-process single flight: one plain read and one locking transaction for all 50 callers.
    expect(counts).toEqual({ select: 1, transaction: 1 });
    expect(await vault.getAccessToken(id)).toBe(tokens[0]);
    expect(counts).toEqual({ select: 1, transaction: 1 });
  });

  it("a connection needing re-consent does not evict other workspaces' resolved connections", async () => {
    const healthy = await setup();
    const broken = await setup();
    await t.db
      .update(confluenceConnections)
      .set({ status: 'needs_reauth' })
      .where(eq(confluenceConnections.id, broken.id));
    const vault = createTestVault(t.db, cipher, emu);
    expect((await vault.resolve(healthy.workspaceId)).id).toBe(healthy.id);
    // Were the healthy workspace's entry dropped and re-read, it would now be NOT_CONNECTED.
    await t.db.delete(confluenceConnections).where(eq(confluenceConnections.id, healthy.id));
    await expect(vault.resolve(broken.workspaceId)).rejects.toMatchObject({ kind: 'NEEDS_REAUTH' });
    expect((await vault.resolve(healthy.workspaceId)).id).toBe(healthy.id);
  });

  it('invalid_grant marks the connection needs_reauth and stops handing out tokens', async () => {
    const { workspaceId, id, refreshToken } = await setup(-60_000);
    const { logger, output } = captureLogger();
    const vault = createTestVault(t.db, cipher, emu, { logger });
    await emu.control.revoke('acc-ada');

    const failure = vault.getAccessToken(id);
    await expect(failure).rejects.toMatchObject({ kind: 'NEEDS_REAUTH', details: { connectionId: id } });
    await expect(failure).rejects.toThrow(/reconnect Confluence in Integrations/);
    const row = await storedConnection(t.db, cipher, id);
    expect(row.status).toBe('needs_reauth');
    expect(row.lastError).toMatch(/invalid_grant/);
    expect(row.lastError?.length).toBeLessThanOrEqual(300);
    expect(row.refreshToken).toBe(refreshToken);
    expect(row.lastError).not.toContain(refreshToken);

    await expect(vault.getAccessToken(id)).rejects.toMatchObject({ kind: 'NEEDS_REAUTH' });
    await expect(vault.resolve(workspaceId)).rejects.toMatchObject({ kind: 'NEEDS_REAUTH' });
    await expect(vault.clientFor(workspaceId, id)).rejects.toMatchObject({ kind: 'NEEDS_REAUTH' });
    expect(await tokenRequests(emu)).toEqual([403]);
    expect(output()).toMatch(/needs re-consent/);
    expect(output()).not.toContain(refreshToken);

    // Reconnecting (the OAuth callback saves the same row, then calls forget) makes it usable again.
    const again = await connectEmulatorAccount(t.db, cipher, emu, { workspaceId });
    expect(again.id).toBe(id);
    vault.forget(id);
    expect(await vault.getAccessToken(id)).toBe(again.accessToken);
  });

  it('a 503 from the token endpoint keeps the tokens and hands out the still-valid one', async () => {
    const { id, accessToken, refreshToken } = await setup();
    const clock = testClock();
    const vault = createTestVault(t.db, cipher, emu, { now: clock.now });
    clock.advance(HOUR - 60_000); // inside the margin, not yet expired
    await emu.control.addFault({ path: '/oauth/token', status: 503 });

    expect(await vault.getAccessToken(id)).toBe(accessToken);
    const row = await storedConnection(t.db, cipher, id);
    expect(row).toMatchObject({ status: 'active', accessToken, refreshToken });
    expect(row.lastError).toMatch(/^UPSTREAM_UNAVAILABLE: /);

    // Within the cooldown nobody asks Atlassian again; after it, the refresh goes through and clears the error.
    expect(await vault.getAccessToken(id)).toBe(accessToken);
    expect(await tokenRequests(emu)).toEqual([503]);
    clock.advance(6000);
    const fresh = await vault.getAccessToken(id);
    expect(fresh).not.toBe(accessToken);
    expect(await storedConnection(t.db, cipher, id)).toMatchObject({ lastError: null, accessToken: fresh });
  });

  it('network failures on an expired token: CONNECTION_UNAVAILABLE, tokens kept; a single drop is retried', async () => {
    const { id, refreshToken } = await setup(-60_000);
    const clock = testClock();
    const vault = createTestVault(t.db, cipher, emu, { now: clock.now });
    await emu.control.addFault({ path: '/oauth/token', drop: true, times: 2 });

    await expect(vault.getAccessToken(id)).rejects.toMatchObject({
      kind: 'CONNECTION_UNAVAILABLE',
      details: { connectionId: id, retryable: true, upstreamKind: 'NETWORK' },
    });
    expect(await tokenRequests(emu)).toEqual([0, 0]);
    const row = await storedConnection(t.db, cipher, id);
    expect(row).toMatchObject({ status: 'active', refreshToken });
    expect(row.lastError).toMatch(/^NETWORK: /);
    await expect(vault.getAccessToken(id)).rejects.toMatchObject({ kind: 'CONNECTION_UNAVAILABLE' });
    expect(await tokenRequests(emu)).toHaveLength(2);

    clock.advance(6000);
    await emu.control.addFault({ path: '/oauth/token', drop: true, times: 1 });
    const fresh = await vault.getAccessToken(id);
    expect(await tokenRequests(emu)).toEqual([0, 0, 0, 200]);
    expect(await storedConnection(t.db, cipher, id)).toMatchObject({ accessToken: fresh, lastError: null });
  });

  it('forceRefresh refreshes once for many callers, and not at all for a token already replaced', async () => {
    const { id, accessToken } = await setup();
    const vault = createTestVault(t.db, cipher, emu);
    expect(await vault.getAccessToken(id)).toBe(accessToken);
    await emu.control.addFault({ path: '/oauth/token', delayMs: 100 });

    const tokens = await Promise.all(Array.from({ length: 10 }, () => vault.forceRefresh(id, accessToken)));
    expect(new Set(tokens).size).toBe(1);
    const [fresh] = tokens;
    expect(fresh).not.toBe(accessToken);
    expect(await refreshGrants(emu)).toBe(1);

    // A late 401 for the old token: the new one is already there.
    expect(await vault.forceRefresh(id, accessToken)).toBe(fresh);
    // Another process (no cache) sees the old token rejected: the row already holds another one.
    const other = createTestVault(t.db, cipher, emu);
    expect(await other.forceRefresh(id, accessToken)).toBe(fresh);
    expect(await refreshGrants(emu)).toBe(1);

    expect(await vault.forceRefresh(id, fresh ?? '')).not.toBe(fresh);
    expect(await refreshGrants(emu)).toBe(2);
  });

  it('clientFor: a 401 from Confluence forces one refresh and the call succeeds', async () => {
    const { workspaceId, id } = await setup();
    const { logger, output } = captureLogger();
    const vault = createTestVault(t.db, cipher, emu, { logger });
    const { client, connection } = await vault.clientFor(workspaceId);
    expect(connection).toMatchObject({ id, workspaceId, siteName: 'Acme', status: 'active' });
    expect((await vault.clientFor(workspaceId, id)).client).toBe(client);

    await emu.control.expireTokens('acc-ada'); // the emulator no longer takes the token the vault holds
    await client.listSpaces();
    expect((await emu.control.requests()).map((r) => `${r.method} ${r.status}`)).toEqual([
      'GET 401',
      'POST 200',
      'GET 200',
    ]);
    const stored = await storedConnection(t.db, cipher, id);
    expect(output()).toMatch(/Confluence token refreshed/);
    for (const secret of [stored.accessToken, stored.refreshToken]) expect(output()).not.toContain(secret);
  });

  it('forget() drops the cached token and client; a disconnected connection is NOT_CONNECTED', async () => {
    const { workspaceId, id, accessToken } = await setup();
    const vault = createTestVault(t.db, cipher, emu);
    const { client } = await vault.clientFor(workspaceId);
    expect(await vault.getAccessToken(id)).toBe(accessToken);

    const again = await connectEmulatorAccount(t.db, cipher, emu, { workspaceId });
    expect(await vault.getAccessToken(id)).toBe(accessToken);
    vault.forget(id);
    expect(await vault.getAccessToken(id)).toBe(again.accessToken);
    expect((await vault.clientFor(workspaceId)).client).not.toBe(client);

    await t.db
      .update(confluenceConnections)
      .set({ status: 'disconnected', accessTokenEnc: null, refreshTokenEnc: null, isDefault: false })
      .where(eq(confluenceConnections.id, id));
    vault.forget(id);
    await expect(vault.getAccessToken(id)).rejects.toMatchObject({ kind: 'NOT_CONNECTED' });
    await expect(vault.clientFor(workspaceId, id)).rejects.toMatchObject({ kind: 'NOT_CONNECTED' });
  });

  it('another process disconnecting reaches this cache within its maximum age', async () => {
    const { id, accessToken } = await setup();
    const clock = testClock();
    const vault = createTestVault(t.db, cipher, emu, { now: clock.now, tokenCacheMaxAgeMs: 30_000 });
    expect(await vault.getAccessToken(id)).toBe(accessToken);
    await t.db
      .update(confluenceConnections)
      .set({ status: 'disconnected', accessTokenEnc: null, refreshTokenEnc: null, isDefault: false })
      .where(eq(confluenceConnections.id, id));
    expect(await vault.getAccessToken(id)).toBe(accessToken);
    clock.advance(30_000);
    await expect(vault.getAccessToken(id)).rejects.toMatchObject({ kind: 'NOT_CONNECTED' });
  });
});
