// The page hierarchy and structure tools end to end: tRPC with an API key and /mcp with the SDK client, against
// the emulator, through the same gate (capabilities, with `delete` off until an admin turns it on).
import { written } from '@hub/confluence';
import { beforeAll, describe, expect, it } from 'vitest';

import { useTestDatabase } from '../../test-support/database.js';
import { structured, useMcpClients } from '../../test-support/mcp-clients.js';
import {
  apiClient,
  connect,
  newWorkspace,
  rejection,
  useApiHarness,
  type TestWorkspace,
} from '../../test-support/api-harness.js';

const t = useTestDatabase();
const harness = useApiHarness(t);
let ws: TestWorkspace;
let connectionId: string;
const mcp = useMcpClients(harness, 'structure-test');
const { call } = mcp;

beforeAll(async () => {
  ws = await newWorkspace(harness());
  connectionId = (await connect(harness(), ws.workspaceId)).id;
});

const member = () => apiClient(harness(), { apiKey: ws.memberKey });
const admin = () => apiClient(harness(), { apiKey: ws.adminKey });
const unique = (title: string) => `${title} ${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;

async function page(title: string, parentId?: string): Promise<{ id: string; title: string }> {
  const made = written(
    await member().confluence.createPage.mutate({
      spaceKey: 'ENG',
      title: unique(title),
      body: `${title} body`,
      ...(parentId === undefined ? {} : { parentId }),
    }),
  );
  return { id: made.id, title: made.title };
}

describe('structure tools over tRPC', () => {
  it('children, ancestors, move, copy and archive; delete refused until an admin allows it', async () => {
    const hub = member();
    const root = await page('Tree root');
    const a = await page('Tree a', root.id);
    const b = await page('Tree b', root.id);
    const a1 = await page('Tree a1', a.id);

    const children = await hub.confluence.getPageChildren.query({ pageId: root.id, depth: 2 });
    expect(children.items.map((i) => [i.id, i.depth])).toEqual([
      [a.id, 1],
      [a1.id, 2],
      [b.id, 1],
    ]);
    const read = await hub.confluence.getPage.query({ pageId: a1.id });
    expect(read.ancestors?.slice(-2)).toEqual([
      { id: root.id, title: root.title, type: 'page' },
      { id: a.id, title: a.title, type: 'page' },
    ]);

    const moved = await hub.confluence.movePage.mutate({ pageId: a1.id, targetPageId: b.id });
    expect(moved).toMatchObject({ id: a1.id, parentId: b.id, previousParentId: a.id });
    const copy = await hub.confluence.copyPage.mutate({
      pageId: b.id,
      parentId: a.id,
      includeChildren: true,
      titlePrefix: 'Copy of ',
    });
    expect(copy).toMatchObject({ status: 'done', page: { title: `Copy of ${b.title}`, parentId: a.id } });
    const archived = await hub.confluence.archivePage.mutate({ pageId: a.id });
    expect(archived).toMatchObject({ id: a.id, status: 'archived' });

    const denied = await rejection(hub.confluence.deletePage.mutate({ pageId: b.id }));
    expect(denied.data).toMatchObject({ kind: 'POLICY_DENIED', httpStatus: 403 });
    expect(denied.message).toMatch(/"delete" is off by default/);
    expect(await hub.confluence.getPage.query({ pageId: b.id })).toMatchObject({ status: 'current' });

    await admin().integrations.setPolicy.mutate({
      connectionId,
      capabilities: ['read', 'search', 'write', 'comment', 'delete'],
    });
    try {
      expect(await hub.confluence.deletePage.mutate({ pageId: b.id })).toMatchObject({
        id: b.id,
        status: 'trashed',
      });
      expect((await rejection(hub.confluence.getPage.query({ pageId: b.id }))).data?.kind).toBe('NOT_FOUND');
    } finally {
      await admin().integrations.setPolicy.mutate({
        connectionId,
        capabilities: ['read', 'search', 'write', 'comment'],
      });
    }
  });

  it('bad input is a typed BAD_REQUEST, never a 500', async () => {
    const hub = member();
    const root = await page('Bad input root');
    const loop = await rejection(hub.confluence.movePage.mutate({ pageId: root.id, targetPageId: root.id }));
    expect(loop.data).toMatchObject({ kind: 'BAD_REQUEST', httpStatus: 400 });
    const both = await rejection(
      hub.confluence.copyPage.mutate({ pageId: root.id, parentId: root.id, spaceKey: 'ENG' }),
    );
    expect(both.data?.httpStatus).toBe(400);
    const cursor = await rejection(hub.confluence.getPageChildren.query({ pageId: root.id, cursor: 'nope' }));
    expect(cursor.data).toMatchObject({ kind: 'BAD_REQUEST', httpStatus: 400 });
  });
});

describe('structure tools over /mcp', () => {
  it('lists the delete tool only once allowed, with destructive annotations; every structure tool runs', async () => {
    const before = await mcp.connect(ws.memberKey);
    const names = (await before.listTools()).tools.map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(['get_confluence_page_children', 'move_confluence_page']));
    expect(names).not.toContain('delete_confluence_page');
    const refused = await call(before, 'delete_confluence_page', { pageId: '1' });
    expect(refused.isError).toBe(true);
    expect(refused._meta?.['integrations-hub/error']).toMatchObject({ kind: 'POLICY_DENIED' });

    await admin().integrations.setPolicy.mutate({
      connectionId,
      capabilities: ['read', 'search', 'write', 'comment', 'delete'],
    });
    try {
      const client = await mcp.connect(ws.memberKey);
      const tools = new Map((await client.listTools()).tools.map((tool) => [tool.name, tool]));
      expect(tools.get('delete_confluence_page')?.annotations).toMatchObject({
        readOnlyHint: false,
        destructiveHint: true,
      });
      expect(tools.get('move_confluence_page')?.annotations).toMatchObject({ destructiveHint: false });
      expect(tools.get('get_confluence_page_children')?.annotations).toMatchObject({ readOnlyHint: true });

      const root = await page('MCP root');
      const kid = await page('MCP kid', root.id);
      const listed = structured<{ items: { id: string }[] }>(
        await call(client, 'get_confluence_page_children', { pageId: root.id }),
      );
      expect(listed.items.map((i) => i.id)).toEqual([kid.id]);
      const copied = structured<{ page: { id: string; parentId: string } }>(
        await call(client, 'copy_confluence_page', {
          pageId: kid.id,
          parentId: root.id,
          title: unique('MCP copy'),
        }),
      );
      expect(copied.page.parentId).toBe(root.id);
      const moved = structured<{ parentId: string }>(
        await call(client, 'move_confluence_page', { pageId: copied.page.id, targetPageId: kid.id }),
      );
      expect(moved.parentId).toBe(kid.id);
      const archived = structured<{ status: string }>(
        await call(client, 'archive_confluence_page', { pageId: copied.page.id }),
      );
      expect(archived.status).toBe('archived');
      const deleted = structured<{ status: string }>(
        await call(client, 'delete_confluence_page', { pageId: kid.id }),
      );
      expect(deleted.status).toBe('trashed');
      const gone = await call(client, 'get_confluence_page', { pageId: kid.id });
      expect(gone._meta?.['integrations-hub/error']).toMatchObject({ kind: 'NOT_FOUND' });
    } finally {
      await admin().integrations.setPolicy.mutate({
        connectionId,
        capabilities: ['read', 'search', 'write', 'comment'],
      });
    }
  });
});
