import { beforeAll, describe, expect, it } from 'vitest';

import { createTestAuthService } from '../../test-support/auth.js';
import { useTestDatabase } from '../../test-support/database.js';
import { runHub } from '../test-support/run-hub.js';

const t = useTestDatabase();
const hub = (argv: string[]) => runHub(argv, { database: t.database });
let workspaceId: string;

beforeAll(async () => {
  const run = await runHub(
    ['workspace', 'create', '--name', 'Keys Inc', '--owner', 'owner@keys.test', '--create-owner'],
    { database: t.database, env: { HUB_USER_PASSWORD: 'owner-password' } },
  );
  expect(run.code).toBe(0);
  workspaceId = run.lines.at(-1) ?? '';
});

interface ListedKey {
  id: string;
  name: string;
  start: string;
  role: string;
  status: string;
}

async function listKeys(): Promise<ListedKey[]> {
  const run = await hub(['api-key', 'list', '--workspace', workspaceId, '--json']);
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as ListedKey[];
}

describe('hub api-key create', () => {
  it('prints the key alone on the last line, after a note that it is shown once; the key verifies', async () => {
    const run = await hub(['api-key', 'create', '--workspace', 'Keys Inc', '--name', 'billing']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const key = run.lines.at(-1) ?? '';
    expect(key).toMatch(/^hub_[A-Za-z]{64}$/);
    expect(run.lines.at(-2)).toBe('This is the only time the key is shown: store it now. The key:');
    expect(run.lines[0]).toMatch(
      /^Created member API key "billing" \(id \S+\) for workspace "Keys Inc"; it never expires\.$/,
    );

    const principal = await createTestAuthService(t.db).resolveApiKey(key);
    expect(principal).toMatchObject({ kind: 'apiKey', workspaceId, role: 'member', name: 'billing' });
    expect(run.logs).not.toContain(key);
  });

  it('creates admin keys that expire', async () => {
    const run = await hub([
      'api-key',
      'create',
      '--workspace',
      workspaceId,
      '--name',
      'deployer',
      '--role',
      'admin',
      '--expires-in-days',
      '30',
    ]);
    expect(run.code).toBe(0);
    expect(run.lines[0]).toMatch(/; it expires \d{4}-\d\d-\d\d \d\d:\d\d UTC\.$/);
    const principal = await createTestAuthService(t.db).resolveApiKey(run.lines.at(-1) ?? '');
    expect(principal?.role).toBe('admin');
  });
});

describe('hub api-key list', () => {
  it('shows ids, names, visible starts and roles, never a whole key', async () => {
    const created = await hub(['api-key', 'create', '--workspace', workspaceId, '--name', 'listed']);
    const key = created.lines.at(-1) ?? '';
    const table = await hub(['api-key', 'list', '--workspace', 'keys inc']);
    expect(table.code).toBe(0);
    expect(table.lines[0]).toMatch(/^ID +NAME +STARTS WITH +ROLE +STATUS +CREATED +LAST USED +EXPIRES$/);
    expect(table.stdout).toContain(key.slice(0, 10));
    expect(table.stdout).not.toContain(key);
    const keys = await listKeys();
    expect(keys.map((k) => k.name)).toEqual(expect.arrayContaining(['billing', 'deployer', 'listed']));
    expect(JSON.stringify(keys)).not.toContain(key);
  });
});

describe('hub api-key revoke', () => {
  it('revokes a key: it no longer verifies and is listed as revoked', async () => {
    const created = await hub(['api-key', 'create', '--workspace', workspaceId, '--name', 'doomed']);
    const key = created.lines.at(-1) ?? '';
    const id = (await listKeys()).find((k) => k.name === 'doomed')?.id ?? '';
    const auth = createTestAuthService(t.db);
    expect(await auth.resolveApiKey(key)).not.toBeNull();

    const run = await hub(['api-key', 'revoke', '--workspace', workspaceId, '--id', id]);
    expect(run.code).toBe(0);
    expect(run.lines).toEqual([`Revoked API key ${id} of workspace "Keys Inc".`]);
    expect(await createTestAuthService(t.db).resolveApiKey(key)).toBeNull();
    expect((await listKeys()).find((k) => k.id === id)?.status).toBe('revoked');
    expect((await hub(['api-key', 'revoke', '--workspace', workspaceId, '--id', id])).code).toBe(0);
  });

  it('says where to find ids when the key is not in that workspace', async () => {
    const other = await runHub(['workspace', 'create', '--name', 'Other', '--owner', 'owner@keys.test'], {
      database: t.database,
    });
    const id = (await listKeys())[0]?.id ?? '';
    const run = await hub(['api-key', 'revoke', '--workspace', other.lines.at(-1) ?? '', '--id', id]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `error: Workspace "Other" has no API key with the id ${id}: see \`hub api-key list --workspace ${other.lines.at(-1) ?? ''}\`.\n`,
    );
  });
});
