import { confluenceTools, DEFAULT_CAPABILITIES } from '@hub/confluence';
import { beforeAll, describe, expect, it } from 'vitest';

import { useTestDatabase } from '../../test-support/database.js';
import {
  apiClient,
  connect,
  newWorkspace,
  useApiHarness,
  type TestWorkspace,
} from '../../test-support/api-harness.js';

const t = useTestDatabase();
const harness = useApiHarness(t);
let ws: TestWorkspace;

beforeAll(async () => {
  ws = await newWorkspace(harness());
  await connect(harness(), ws.workspaceId);
});

describe('tools.list', () => {
  it('lists every tool with JSON Schema input and output', async () => {
    const tools = await apiClient(harness(), { apiKey: ws.memberKey }).tools.list.query();
    // Every tool the connection allows: a new one does not allow the off-by-default `delete` capability.
    const allowed: readonly string[] = DEFAULT_CAPABILITIES;
    expect(tools.map((tool) => tool.name)).toEqual(
      confluenceTools.filter((tool) => allowed.includes(tool.capability)).map((tool) => tool.name),
    );
    for (const tool of tools) {
      expect(tool.title).not.toBe('');
      expect(tool.description.length).toBeGreaterThan(40);
      for (const schema of [tool.inputSchema, tool.outputSchema]) {
        expect(schema.type).toBe('object');
        // A write's output is a union on dryRun: each variant is an object with properties.
        const variants = (schema.oneOf as (typeof schema)[] | undefined) ?? [schema];
        for (const variant of variants)
          expect(Object.keys(variant.properties ?? {}).length).toBeGreaterThan(0);
      }
    }
    const readOnly = Object.fromEntries(tools.map((tool) => [tool.name, tool.readOnly]));
    expect(readOnly).toMatchObject({ get_confluence_page: true, update_confluence_page: false });
    const getPage = tools.find((tool) => tool.name === 'get_confluence_page');
    expect(getPage?.inputSchema).toMatchObject({ required: ['pageId'] });
    // Every tool takes connectionId, and says which connection a call without it uses.
    for (const tool of tools) {
      const property = (tool.inputSchema.properties as Record<string, { description?: string }>).connectionId;
      expect(property?.description, tool.name).toMatch(/Only the default is ever used/);
    }
  });

  it("takes connectionId inside a tool's input too, as tools.list describes it", async () => {
    const hub = apiClient(harness(), { apiKey: ws.memberKey });
    const outcome = await hub.tools.invoke.mutate({
      name: 'get_confluence_spaces',
      input: { limit: 1, connectionId: 'no-such-connection' },
    });
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'NOT_FOUND' } });
    const twice = await hub.tools.invoke.mutate({
      name: 'get_confluence_spaces',
      input: { connectionId: 'a' },
      connectionId: 'b',
    });
    expect(twice).toMatchObject({ ok: false, error: { kind: 'BAD_REQUEST', message: /given twice/ } });
  });

  it('needs credentials', async () => {
    const response = await fetch(`${harness().url}/trpc/tools.list`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      error: { data: { code: 'UNAUTHORIZED', kind: 'UNAUTHENTICATED' } },
    });
    const badKey = await fetch(`${harness().url}/trpc/tools.list`, {
      headers: { authorization: `Bearer hub_${'x'.repeat(64)}` },
    });
    expect(badKey.status).toBe(401);
    expect(((await badKey.json()) as { error: { message: string } }).error.message).toContain(
      'API key is invalid',
    );
  });
});

describe("tools.invoke (the issue's tools.call)", () => {
  it('returns { ok: true, result } for a successful call', async () => {
    const hub = apiClient(harness(), { apiKey: ws.memberKey });
    const outcome = await hub.tools.invoke.mutate({ name: 'get_confluence_spaces', input: { limit: 2 } });
    if (!outcome.ok) throw new Error(outcome.error.message);
    const result = outcome.result as { spaces: { key: string }[]; nextCursor: string | null };
    expect(result.spaces).toHaveLength(2);
    expect(result.nextCursor).not.toBeNull();
  });

  it('returns { ok: false, error } for bad input, unknown tools, upstream errors and no connection', async () => {
    const hub = apiClient(harness(), { apiKey: ws.memberKey });
    const bad = await hub.tools.invoke.mutate({ name: 'get_confluence_page', input: { pageId: 'abc' } });
    expect(bad).toMatchObject({ ok: false, error: { kind: 'BAD_REQUEST', retryable: false } });
    expect(bad.ok ? undefined : bad.error.fieldErrors?.pageId).toEqual([
      expect.stringContaining('numeric id'),
    ]);

    const unknown = await hub.tools.invoke.mutate({ name: 'delete_everything', input: {} });
    expect(unknown).toMatchObject({ ok: false, error: { kind: 'BAD_REQUEST' } });
    expect(unknown.ok ? '' : unknown.error.message).toContain('get_confluence_spaces');

    const missing = await hub.tools.invoke.mutate({
      name: 'get_confluence_page',
      input: { pageId: '999999999' },
    });
    expect(missing).toMatchObject({ ok: false, error: { kind: 'NOT_FOUND' } });

    const empty = await newWorkspace(harness(), 'Nothing connected');
    const notConnected = await apiClient(harness(), { apiKey: empty.memberKey }).tools.invoke.mutate({
      name: 'get_confluence_spaces',
    });
    expect(notConnected).toMatchObject({ ok: false, error: { kind: 'NOT_CONNECTED' } });
    expect(notConnected.ok ? '' : notConnected.error.message).toContain(
      'Connect Confluence in Integrations first',
    );
  });

  it('carries currentVersion on a version conflict, like the typed procedure', async () => {
    const hub = apiClient(harness(), { apiKey: ws.memberKey });
    const created = await hub.tools.invoke.mutate({
      name: 'create_confluence_page',
      input: { spaceKey: 'ENG', title: `Invoke ${Date.now()}`, body: 'one' },
    });
    if (!created.ok) throw new Error(created.error.message);
    const { id } = created.result as { id: string };
    await hub.tools.invoke.mutate({
      name: 'update_confluence_page',
      input: { pageId: id, version: 1, body: 'two' },
    });
    const stale = await hub.tools.invoke.mutate({
      name: 'update_confluence_page',
      input: { pageId: id, version: 1, body: 'three' },
    });
    expect(stale).toMatchObject({ ok: false, error: { kind: 'VERSION_CONFLICT', currentVersion: 2 } });
  });

  it('records each call in the activity log', async () => {
    const other = await newWorkspace(harness(), 'Invoke activity');
    await connect(harness(), other.workspaceId);
    const hub = apiClient(harness(), { apiKey: other.memberKey });
    await hub.tools.invoke.mutate({ name: 'get_confluence_spaces', input: {} });
    await hub.tools.invoke.mutate({ name: 'get_confluence_page', input: { pageId: 'x' } });
    await harness().activity.flush();
    const admin = apiClient(harness(), { apiKey: other.adminKey });
    const { items } = await admin.activity.list.query({});
    expect(items.map((item) => [item.tool, item.outcomeKind]).sort()).toEqual([
      ['get_confluence_page', 'BAD_REQUEST'],
      ['get_confluence_spaces', 'OK'],
    ]);
  });
});
