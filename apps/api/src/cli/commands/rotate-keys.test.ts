import { randomBytes } from 'node:crypto';

import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';

import { formatKeyringEntry, parseKeyring } from '../../connections/keyring.js';
import { envelopeKid, TokenCipher } from '../../connections/token-cipher.js';
import { confluenceConnections } from '../../db/schema/index.js';
import { useTestDatabase } from '../../test-support/database.js';
import { insertConnection, insertWorkspace } from '../../test-support/fixtures.js';
import { runHub } from '../test-support/run-hub.js';

const t = useTestDatabase();
const entry = (kid: string) => formatKeyringEntry(kid, randomBytes(32));

async function seed(cipher: TokenCipher, workspaceId: string, id: string): Promise<void> {
  await insertConnection(t.db, {
    id,
    workspaceId,
    accessTokenEnc: cipher.encrypt(`access-of-${id}`, { rowId: id, field: 'access_token' }),
    refreshTokenEnc: cipher.encrypt(`refresh-of-${id}`, { rowId: id, field: 'refresh_token' }),
  });
}

describe('hub rotate-keys', () => {
  it('re-encrypts every connection under the active key, printing each batch', async () => {
    const k1 = entry('k1');
    const k2 = entry('k2');
    const workspaceId = await insertWorkspace(t.db);
    const old = new TokenCipher(parseKeyring(k1));
    for (let i = 0; i < 5; i += 1) await seed(old, workspaceId, `rot-${i}`);
    const env = { TOKEN_ENCRYPTION_KEYS: `${k2},${k1}` };

    const run = await runHub(['rotate-keys', '--batch-size', '2'], { database: t.database, env });
    expect(run.code).toBe(0);
    expect(run.stderr.split('\n')).toEqual([
      '5 connection(s) have tokens under another key than "k2"; re-encrypting in batches of 2 …',
      '  batch 1: 2 connection(s), 2 of 5 done',
      '  batch 2: 2 connection(s), 4 of 5 done',
      '  batch 3: 1 connection(s), 5 of 5 done',
      '',
    ]);
    expect(run.lines).toEqual([
      'Re-encrypted the tokens of 5 connection(s) under key "k2"; 0 value(s) could not be decrypted.',
      'Keep "k1" in TOKEN_ENCRYPTION_KEYS for ten more minutes (OAuth consents in progress), then remove them and restart the servers.',
    ]);
    const newOnly = new TokenCipher(parseKeyring(k2));
    for (const row of await t.db.select().from(confluenceConnections)) {
      expect(envelopeKid(row.accessTokenEnc ?? '')).toBe('k2');
      expect(newOnly.decrypt(row.refreshTokenEnc ?? '', { rowId: row.id, field: 'refresh_token' })).toBe(
        `refresh-of-${row.id}`,
      );
    }
    expect(`${run.stdout}${run.stderr}${run.logs}`).not.toMatch(/access-of|refresh-of/);

    const again = await runHub(['rotate-keys'], { database: t.database, env });
    expect(again.code).toBe(0);
    expect(again.lines[0]).toBe(
      'Re-encrypted the tokens of 0 connection(s) under key "k2"; 0 value(s) could not be decrypted.',
    );
  });

  it('exits 1 naming each value it could not decrypt, and leaves those rows alone', async () => {
    const current = entry('current');
    const lost = new TokenCipher(parseKeyring(entry('lost')));
    await t.db.delete(confluenceConnections); // only this test's row, whose key is lost
    const workspaceId = await insertWorkspace(t.db);
    await seed(lost, workspaceId, 'rot-lost');
    const before = await t.db
      .select()
      .from(confluenceConnections)
      .where(eq(confluenceConnections.id, 'rot-lost'));

    const run = await runHub(['rotate-keys'], {
      database: t.database,
      env: { TOKEN_ENCRYPTION_KEYS: current },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      '  connection rot-lost: access_token not rotated: its key is not in TOKEN_ENCRYPTION_KEYS (key id "lost")\n',
    );
    expect(run.stderr).toContain('  connection rot-lost: refresh_token not rotated');
    expect(run.stderr.trimEnd().split('\n').at(-1)).toBe(
      'error: Some tokens were not rotated (listed above): add their keys back to TOKEN_ENCRYPTION_KEYS after the active one and run rotate-keys again, or have an admin reconnect those connections.',
    );
    expect(run.lines.at(-1)).toMatch(/; 2 value\(s\) could not be decrypted\.$/);
    const after = await t.db
      .select()
      .from(confluenceConnections)
      .where(eq(confluenceConnections.id, 'rot-lost'));
    expect(after).toEqual(before);
    expect(`${run.stdout}${run.stderr}${run.logs}`).not.toContain(current.split(':')[1] ?? '-');
  });

  it('refuses to run without a key in production mode, saying which variable to set', async () => {
    const run = await runHub(['rotate-keys'], { database: t.database, env: { NODE_ENV: 'production' } });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^error: Invalid configuration:\n {2}- TOKEN_ENCRYPTION_KEYS: is required in production mode/,
    );
  });
});
