import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';

import { confluenceConnections } from '../db/schema/index.js';
import { useTestDatabase } from '../test-support/database.js';
import { insertConnection, insertWorkspace, testKeyring } from '../test-support/fixtures.js';
import { rotateKeys } from './rotate-keys.js';
import { envelopeKid, TokenCipher } from './token-cipher.js';

const t = useTestDatabase();

describe('rotateKeys', () => {
  it('re-encrypts every connection under the active key, in batches, and is idempotent', async () => {
    const old = testKeyring('old');
    const oldCipher = new TokenCipher(old);
    const workspaceId = await insertWorkspace(t.db);
    const ids: string[] = [];
    for (let i = 0; i < 7; i += 1) {
      const id = `conn-${i}`;
      await insertConnection(t.db, {
        id,
        workspaceId,
        accessTokenEnc: oldCipher.encrypt(`access-${i}`, { rowId: id, field: 'access_token' }),
        refreshTokenEnc: oldCipher.encrypt(`refresh-${i}`, { rowId: id, field: 'refresh_token' }),
      });
      ids.push(id);
    }
    // A disconnected connection has no tokens and must simply be skipped.
    await insertConnection(t.db, { id: 'conn-gone', workspaceId, status: 'disconnected' });

    const fresh = testKeyring('new');
    const cipher = new TokenCipher({ activeKid: 'new', keys: new Map([...fresh.keys, ...old.keys]) });
    const first = await rotateKeys(t.db, cipher, { batchSize: 3 });
    expect(first).toEqual({ rotated: 7, failures: [] });

    // After rotation the retired key can go: a keyring with only the new key reads everything.
    const newOnly = new TokenCipher(fresh);
    const rows = await t.db.select().from(confluenceConnections);
    expect(rows).toHaveLength(8);
    for (const row of rows.filter((r) => r.id !== 'conn-gone')) {
      expect(envelopeKid(row.accessTokenEnc ?? '')).toBe('new');
      const index = row.id.split('-')[1] ?? '';
      expect(newOnly.decrypt(row.accessTokenEnc ?? '', { rowId: row.id, field: 'access_token' })).toBe(
        `access-${index}`,
      );
      expect(newOnly.decrypt(row.refreshTokenEnc ?? '', { rowId: row.id, field: 'refresh_token' })).toBe(
        `refresh-${index}`,
      );
    }

    expect(await rotateKeys(t.db, cipher, { batchSize: 3 })).toEqual({ rotated: 0, failures: [] });
  });

  it('reports rows it cannot decrypt and leaves them untouched', async () => {
    const workspaceId = await insertWorkspace(t.db);
    const lost = new TokenCipher(testKeyring('lost'));
    const id = 'conn-lost';
    const envelope = lost.encrypt('secret', { rowId: id, field: 'access_token' });
    await insertConnection(t.db, { id, workspaceId, accessTokenEnc: envelope, refreshTokenEnc: null });

    const cipher = new TokenCipher(testKeyring('current'));
    const report = await rotateKeys(t.db, cipher);
    expect(report.failures).toContainEqual({
      connectionId: id,
      field: 'access_token',
      reason: 'UNKNOWN_KEY',
    });
    const [row] = await t.db.select().from(confluenceConnections).where(eq(confluenceConnections.id, id));
    expect(row?.accessTokenEnc).toBe(envelope);
  });
});
