import { beforeAll, describe, expect, it } from 'vitest';

import { listKeyPolicies, listPolicyChanges } from '../../policy/store.js';
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
      /^Created member service API key "billing" \(id \S+\) for workspace "Keys Inc"; it never expires\.$/,
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
    expect(table.lines[0]).toMatch(
      /^ID +NAME +STARTS WITH +ROLE +KIND +TOOLS +STATUS +CREATED +LAST USED +EXPIRES$/,
    );
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

describe('tool lists from the CLI', () => {
  it('creates an agent key limited to some tools, shows it in the list, and changes it later', async () => {
    const run = await hub([
      'api-key',
      'create',
      '--workspace',
      workspaceId,
      '--name',
      'docs-agent',
      '--kind',
      'agent',
      '--tools',
      'get_confluence_page, search_confluence_pages',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.lines[1]).toBe('Tools: get_confluence_page, search_confluence_pages. Connections: all.');
    const id = /\(id (\S+)\)/.exec(run.lines[0] ?? '')?.[1] ?? '';
    expect((await listKeyPolicies(t.db, workspaceId)).get(id)).toEqual({
      kind: 'agent',
      tools: ['get_confluence_page', 'search_confluence_pages'],
      connectionIds: null,
    });
    const listed = (await listKeys()).find((key) => key.id === id) as ListedKey & {
      policy: { kind: string };
    };
    expect(listed.policy.kind).toBe('agent');

    const changed = await hub([
      'api-key',
      'set-policy',
      '--workspace',
      workspaceId,
      '--id',
      id,
      '--tools',
      'all',
    ]);
    expect(changed.code).toBe(0);
    expect(changed.lines.at(-1)).toMatch(/now an agent key\. Tools: all\. Connections: all\./);
    expect((await listKeyPolicies(t.db, workspaceId)).get(id)?.tools).toBeNull();
    const log = await listPolicyChanges(t.db, workspaceId, { limit: 1 });
    expect(log.items[0]).toMatchObject({
      by: { kind: 'system', name: 'hub CLI' },
      target: { id, name: 'docs-agent' },
      changes: { tools: { from: ['get_confluence_page', 'search_confluence_pages'], to: null } },
    });
  });

  it('refuses unknown tools and unknown connections with a clear message, creating nothing', async () => {
    const before = (await listKeys()).length;
    const badTool = await hub([
      'api-key',
      'create',
      '--workspace',
      workspaceId,
      '--name',
      'x',
      '--tools',
      'rm_rf',
    ]);
    expect(badTool.code).toBe(2);
    expect(badTool.stderr).toMatch(/--tools: "rm_rf" is not a tool name/);
    const badConnection = await hub([
      'api-key',
      'create',
      '--workspace',
      workspaceId,
      '--name',
      'x',
      '--connections',
      'nope',
    ]);
    expect(badConnection.code).toBe(1);
    expect(badConnection.stderr).toMatch(/Connection nope not found in this workspace/);
    expect((await listKeys()).length).toBe(before);
  });
});
