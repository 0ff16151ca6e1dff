// Governance over real HTTP: connection capabilities and space allow-lists, key connection lists, the policy log,
// and that every surface (typed procedures, tools.invoke, tools.list) answers the same.
import { written } from '@hub/confluence';
import { SANDBOX_CLOUD_ID } from '@hub/confluence-emulator';
import { beforeAll, describe, expect, it } from 'vitest';

import { useTestDatabase } from '../test-support/database.js';
import {
  apiClient,
  connect,
  newWorkspace,
  rejection,
  useApiHarness,
  type TestWorkspace,
} from '../test-support/api-harness.js';

const t = useTestDatabase();
const harness = useApiHarness(t);
let ws: TestWorkspace;
let acme: string;
let globex: string;

beforeAll(async () => {
  ws = await newWorkspace(harness());
  acme = (await connect(harness(), ws.workspaceId)).id;
  globex = (await connect(harness(), ws.workspaceId, { cloudId: SANDBOX_CLOUD_ID, siteName: 'Sandbox' })).id;
});

const admin = () => apiClient(harness(), { apiKey: ws.adminKey });

describe('connection capabilities', () => {
  it('a read-only connection runs only read tools, on every surface', async () => {
    await admin().integrations.setPolicy.mutate({ connectionId: globex, capabilities: ['read', 'search'] });
    const hub = apiClient(harness(), { apiKey: ws.memberKey });
    const write = { spaceKey: 'ENG', title: 'Refused', body: 'x', connectionId: globex };
    const denied = await rejection(hub.confluence.createPage.mutate(write));
    expect(denied.data).toMatchObject({ kind: 'POLICY_DENIED', httpStatus: 403 });
    expect(denied.message).toMatch(/does not allow "write".*capabilities/);
    const invoked = await hub.tools.invoke.mutate({ name: 'create_confluence_page', input: write });
    expect(invoked).toMatchObject({ ok: false, error: { kind: 'POLICY_DENIED' } });
    const labelled = await hub.tools.invoke.mutate({
      name: 'add_confluence_labels',
      input: { pageId: '1', labels: ['x'], connectionId: globex },
    });
    expect(labelled).toMatchObject({ ok: false, error: { kind: 'POLICY_DENIED' } });
    // Reads still work there, and writes still work on the other connection.
    await expect(hub.confluence.getSpaces.query({ connectionId: globex })).resolves.toBeDefined();
    const made = written(
      await hub.confluence.createPage.mutate({
        ...write,
        title: `Allowed ${Date.now()}`,
        connectionId: acme,
      }),
    );
    expect(made.id).toBeTruthy();
    // tools.list still offers writes: one of the caller's connections allows them.
    expect((await hub.tools.list.query()).map((tool) => tool.name)).toContain('create_confluence_page');
    await admin().integrations.setPolicy.mutate({
      connectionId: globex,
      capabilities: ['read', 'search', 'write', 'comment'],
    });
  });
});

describe('space allow-list', () => {
  it('hides other spaces from lists, reads and search, and refuses writes there as NOT_FOUND', async () => {
    const view = await admin().integrations.setPolicy.mutate({
      connectionId: acme,
      allowedSpaceKeys: ['ENG'],
    });
    expect(view.policy.allowedSpaceKeys).toEqual(['ENG']);
    const hub = apiClient(harness(), { apiKey: ws.memberKey });
    const spaces = await hub.confluence.getSpaces.query({ connectionId: acme });
    expect(spaces.spaces.map((s) => s.key)).toEqual(['ENG']);
    const found = await hub.confluence.searchPages.query({
      cql: 'type = page',
      limit: 100,
      connectionId: acme,
    });
    expect(found.results.every((r) => r.spaceKey === 'ENG')).toBe(true);
    const outside = await rejection(
      hub.confluence.getSpacePages.query({ spaceKey: 'HR', connectionId: acme }),
    );
    expect(outside.data?.kind).toBe('NOT_FOUND');
    const write = await rejection(
      hub.confluence.createPage.mutate({ spaceKey: 'HR', title: 'x', body: 'x', connectionId: acme }),
    );
    expect(write.data?.kind).toBe('NOT_FOUND');
    // The other connection is not limited.
    await expect(hub.confluence.getSpaces.query({ connectionId: globex })).resolves.toBeDefined();
    await admin().integrations.setPolicy.mutate({ connectionId: acme, allowedSpaceKeys: null });
    const unlimited = await hub.confluence.getSpaces.query({ connectionId: acme });
    expect(unlimited.spaces.map((s) => s.key)).toEqual(expect.arrayContaining(['ENG', 'HR']));
    await admin().integrations.setPolicy.mutate({ connectionId: acme, allowedSpaceKeys: null });
  });

  it('refuses an empty or malformed allow-list with a message naming the field', async () => {
    const empty = await rejection(
      admin().integrations.setPolicy.mutate({ connectionId: acme, allowedSpaceKeys: [] }),
    );
    expect(empty.data?.kind).toBe('BAD_REQUEST');
    expect(empty.message).toMatch(/null to allow every space/);
    expect(empty.message).toMatch(/allowedSpaceKeys/);
    const bad = await rejection(
      admin().integrations.setPolicy.mutate({ connectionId: acme, allowedSpaceKeys: ['a b'] }),
    );
    expect(bad.data?.kind).toBe('BAD_REQUEST');
  });
});

describe('key connection lists', () => {
  it('a key limited to one connection may not use another, named or default', async () => {
    const { key, apiKey } = await admin().apiKeys.create.mutate({
      name: 'globex only',
      connectionIds: [globex],
    });
    expect(apiKey.policy).toEqual({ kind: 'service', tools: null, connectionIds: [globex] });
    const hub = apiClient(harness(), { apiKey: key });
    await expect(hub.confluence.getSpaces.query({ connectionId: globex })).resolves.toBeDefined();
    const named = await rejection(hub.confluence.getSpaces.query({ connectionId: acme }));
    expect(named.data?.kind).toBe('POLICY_DENIED');
    // acme is the workspace default: a call naming no connection would use it.
    const byDefault = await rejection(hub.confluence.getSpaces.query({}));
    expect(byDefault.data?.kind).toBe('POLICY_DENIED');
    expect(byDefault.message).toMatch(/Pass one of those as connectionId/);
    // Another workspace's connection id cannot be granted.
    const stranger = await newWorkspace(harness(), 'Strangers');
    const theirs = (await connect(harness(), stranger.workspaceId)).id;
    const grant = await rejection(
      admin().apiKeys.setPolicy.mutate({ id: apiKey.id, connectionIds: [theirs] }),
    );
    expect(grant.data?.kind).toBe('NOT_FOUND');
  });
});

describe('the policy log', () => {
  it('records who changed what, newest first, for admins only', async () => {
    const { apiKey } = await admin().apiKeys.create.mutate({ name: 'to be narrowed' });
    await admin().apiKeys.setPolicy.mutate({ id: apiKey.id, tools: ['get_confluence_page'], kind: 'agent' });
    await admin().apiKeys.setPolicy.mutate({ id: apiKey.id, tools: ['get_confluence_page'] });
    const log = await admin().activity.policyChanges.query({ limit: 3 });
    const [latest, created] = log.items;
    expect(latest).toMatchObject({
      by: { kind: 'apiKey', name: 'admin service' },
      target: { kind: 'apiKey', id: apiKey.id, name: 'to be narrowed' },
      changes: { tools: { from: null, to: ['get_confluence_page'] }, kind: { from: 'service', to: 'agent' } },
    });
    // Setting the same policy again changed nothing and recorded nothing.
    expect(created?.target.id).toBe(apiKey.id);
    expect(created?.changes).toMatchObject({ created: { to: true } });
    const member = await rejection(
      apiClient(harness(), { apiKey: ws.memberKey }).activity.policyChanges.query({}),
    );
    expect(member.data?.kind).toBe('FORBIDDEN');

    const page2 = await admin().activity.policyChanges.query({
      limit: 1,
      cursor: log.nextCursor ?? undefined,
    });
    expect(page2.items[0]?.id).not.toBe(latest?.id);
  });

  it('an edit holds from the next call on the process that made it: narrowing a key takes effect at once', async () => {
    const { key, apiKey } = await admin().apiKeys.create.mutate({ name: 'narrowed live' });
    const hub = apiClient(harness(), { apiKey: key });
    await expect(hub.confluence.getSpaces.query({})).resolves.toBeDefined();
    await admin().apiKeys.setPolicy.mutate({ id: apiKey.id, tools: [] });
    expect(await hub.tools.list.query()).toEqual([]);
    expect((await rejection(hub.confluence.getSpaces.query({}))).data?.kind).toBe('FORBIDDEN_TOOL');
    const listed = (await admin().apiKeys.list.query()).find((k) => k.id === apiKey.id);
    expect(listed?.policy.tools).toEqual([]);
  });
});
