import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';

import { confluenceConnections } from '../db/schema/index.js';
import { useTestDatabase } from '../test-support/database.js';
import { insertWorkspace, testKeyring } from '../test-support/fixtures.js';
import {
  disconnectConnection,
  listConnections,
  readTokens,
  saveConnection,
  type SaveConnectionInput,
} from './store.js';
import { TokenCipher } from './token-cipher.js';

const t = useTestDatabase();
const cipher = new TokenCipher(testKeyring('k1'));

const consent = (workspaceId: string, overrides: Partial<SaveConnectionInput> = {}): SaveConnectionInput => ({
  workspaceId,
  cloudId: 'cloud-acme',
  siteName: 'acme',
  siteUrl: 'https://acme.atlassian.net',
  accountId: 'acc-1',
  accountName: 'Ada',
  accountEmail: 'ada@acme.test',
  scopes: ['read:page:confluence', 'offline_access'],
  accessToken: 'ACCESS-TOKEN-ONE',
  refreshToken: 'REFRESH-TOKEN-ONE',
  accessTokenExpiresAt: new Date(Date.now() + 3_600_000),
  createdBy: null,
  ...overrides,
});

describe('connections store', () => {
  it('stores tokens only encrypted and never lists them', async () => {
    const ws = await insertWorkspace(t.db);
    const id = await saveConnection(t.db, cipher, consent(ws));
    const [raw] = await t.db.select().from(confluenceConnections).where(eq(confluenceConnections.id, id));
    expect(raw?.accessTokenEnc).toMatch(/^v1\.k1\./);
    expect(JSON.stringify(raw)).not.toContain('ACCESS-TOKEN-ONE');
    expect(JSON.stringify(raw)).not.toContain('REFRESH-TOKEN-ONE');

    const listed = await listConnections(t.db, ws);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ id, cloudId: 'cloud-acme', status: 'active', isDefault: true });
    expect(Object.keys(listed[0] ?? {})).not.toContain('accessTokenEnc');
    expect(JSON.stringify(listed)).not.toContain(raw?.refreshTokenEnc);

    expect(await readTokens(t.db, cipher, ws, id)).toMatchObject({
      accessToken: 'ACCESS-TOKEN-ONE',
      refreshToken: 'REFRESH-TOKEN-ONE',
    });
  });

  it('reconnecting the same site updates the same connection; another workspace sees nothing', async () => {
    const ws = await insertWorkspace(t.db);
    const other = await insertWorkspace(t.db);
    const id = await saveConnection(t.db, cipher, consent(ws));
    const again = await saveConnection(
      t.db,
      cipher,
      consent(ws, { accessToken: 'ACCESS-2', refreshToken: 'R-2' }),
    );
    expect(again).toBe(id);
    expect((await readTokens(t.db, cipher, ws, id)).accessToken).toBe('ACCESS-2');

    expect(await listConnections(t.db, other)).toEqual([]);
    await expect(readTokens(t.db, cipher, other, id)).rejects.toMatchObject({ kind: 'NOT_FOUND' });
    await expect(disconnectConnection(t.db, other, id)).rejects.toMatchObject({ kind: 'NOT_FOUND' });

    const second = await saveConnection(t.db, cipher, consent(ws, { cloudId: 'cloud-beta' }));
    const listed = await listConnections(t.db, ws);
    expect(listed.map((c) => [c.id, c.isDefault])).toEqual([
      [id, true],
      [second, false],
    ]);
  });

  it('concurrent consents for one site end in one connection', async () => {
    const ws = await insertWorkspace(t.db);
    const ids = await Promise.all([1, 2, 3].map(() => saveConnection(t.db, cipher, consent(ws))));
    expect(new Set(ids).size).toBe(1);
    expect(await listConnections(t.db, ws)).toHaveLength(1);
  });

  it('disconnect deletes the tokens; a reconnect revives the same row', async () => {
    const ws = await insertWorkspace(t.db);
    const id = await saveConnection(t.db, cipher, consent(ws));
    await disconnectConnection(t.db, ws, id);
    const [raw] = await t.db.select().from(confluenceConnections).where(eq(confluenceConnections.id, id));
    expect(raw).toMatchObject({
      status: 'disconnected',
      accessTokenEnc: null,
      refreshTokenEnc: null,
      isDefault: true,
    });
    await expect(readTokens(t.db, cipher, ws, id)).rejects.toMatchObject({ kind: 'NOT_FOUND' });

    expect(await saveConnection(t.db, cipher, consent(ws))).toBe(id);
    expect(await listConnections(t.db, ws)).toMatchObject([{ id, status: 'active', isDefault: true }]);
  });
});
