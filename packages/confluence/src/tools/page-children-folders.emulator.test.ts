// get_confluence_page_children with folders in the tree, over real HTTP: tool → ConfluenceClient → the emulator.
import { ACME_CLOUD_ID, DEFAULT_TOKEN_SCOPES, startEmulator, type Emulator } from '@hub/confluence-emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { ConfluenceClient, SpaceScopedClient } from '../client/index.js';
import { NotFoundError } from '../errors.js';
import { runChecked } from '../test-support/run-tool.js';
import { callTool } from './call-tool.js';
import type { ToolContext } from './define-tool.js';

let emu: Emulator;
let ctx: ToolContext;

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
});
afterAll(() => emu.close());

function clientWith(token: string): ConfluenceClient {
  return new ConfluenceClient({
    cloudId: ACME_CLOUD_ID,
    apiBaseUrl: emu.url,
    getAccessToken: () => Promise.resolve(token),
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
  });
}

async function contextWith(scopes?: string[]): Promise<ToolContext> {
  const tokens = await emu.control.issueTokens({ accountId: 'acc-ada', ...(scopes ? { scopes } : {}) });
  return { client: clientWith(tokens.access_token) };
}

beforeEach(async () => {
  await emu.control.reset();
  ctx = await contextWith();
});

/** Runs a tool and checks its result against the tool's own output schema. */
const run = <T = Record<string, unknown>>(name: string, input: unknown, on = ctx) =>
  runChecked<T>(on, name, input);

interface Child {
  id: string;
  title: string;
  type: string;
  parentId: string;
  depth: number;
  childPosition: number | null;
  webUrl: string | null;
}
interface Children {
  rootType: string;
  spaceKey: string | null;
  items: Child[];
  nextCursor: string | null;
}

async function page(title: string, parentId?: string): Promise<string> {
  const made = await run<{ id: string }>('create_confluence_page', {
    spaceKey: 'ENG',
    title,
    body: `${title} body`,
    ...(parentId === undefined ? {} : { parentId }),
  });
  return made.id;
}

/** root → [kid (→ kid1), Box folder → [boxed, Inner folder → [deep]]] */
async function tree() {
  const root = await page('F root');
  const kid = await page('F kid', root);
  const kid1 = await page('F kid1', kid);
  const box = await emu.control.seedFolder({ parentId: root, title: 'Box', pages: ['F boxed'] });
  const inner = await emu.control.seedFolder({ parentId: box.folderId, title: 'Inner', pages: ['F deep'] });
  return {
    root,
    kid,
    kid1,
    box: box.folderId,
    boxed: box.pageIds[0] ?? '',
    inner: inner.folderId,
    deep: inner.pageIds[0] ?? '',
  };
}

async function allChildren(pageId: string, depth: number, limit: number, on = ctx) {
  const items: Child[] = [];
  let cursor: string | undefined;
  let calls = 0;
  do {
    const batch = await run<Children>('get_confluence_page_children', { pageId, depth, limit, cursor }, on);
    items.push(...batch.items);
    cursor = batch.nextCursor ?? undefined;
    calls += 1;
    if (calls > 50) throw new Error('the listing does not end');
  } while (cursor !== undefined);
  return { items, calls };
}

describe('get_confluence_page_children with folders', () => {
  test('direct children show the folder (type folder, folder web URL), before the pages', async () => {
    const t = await tree();
    const out = await run<Children>('get_confluence_page_children', { pageId: t.root });
    expect(out.items.map((i) => [i.id, i.type, i.depth])).toEqual([
      [t.box, 'folder', 1],
      [t.kid, 'page', 1],
    ]);
    expect(out.items[0]).toMatchObject({ title: 'Box', parentId: t.root, childPosition: null });
    expect(out.items[0]?.webUrl).toBe(`https://acme.atlassian.net/wiki/spaces/ENG/folder/${t.box}`);
    expect(out.items[1]?.webUrl).toBe(`https://acme.atlassian.net/wiki/spaces/ENG/pages/${t.kid}`);
    expect(out).toMatchObject({ rootType: 'page', spaceKey: 'ENG', nextCursor: null });
  });

  test('depth 2 shows the page inside the folder; depth 3 the folder inside it and its page', async () => {
    const t = await tree();
    const two = await allChildren(t.root, 2, 25);
    expect(two.items.map((i) => [i.id, i.type, i.parentId, i.depth])).toEqual([
      [t.box, 'folder', t.root, 1],
      [t.inner, 'folder', t.box, 2],
      [t.boxed, 'page', t.box, 2],
      [t.kid, 'page', t.root, 1],
      [t.kid1, 'page', t.kid, 2],
    ]);
    expect(two.items.find((i) => i.id === t.boxed)?.webUrl).toBe(
      `https://acme.atlassian.net/wiki/spaces/ENG/pages/${t.boxed}`,
    );
    const three = await allChildren(t.root, 3, 25);
    expect(three.items.map((i) => i.id)).toEqual([t.box, t.inner, t.deep, t.boxed, t.kid, t.kid1]);
    expect(three.items.find((i) => i.id === t.deep)).toMatchObject({ parentId: t.inner, depth: 3 });
  });

  test('cursor paging across a folder boundary gives the same walk, one item a call, no repeats', async () => {
    const t = await tree();
    const whole = await allChildren(t.root, 3, 25);
    const paged = await allChildren(t.root, 3, 1);
    expect(paged.items).toEqual(whole.items);
    expect(paged.calls).toBeGreaterThanOrEqual(whole.items.length);
    // Two at a time: a call ends inside the folder, the next resumes there.
    const first = await run<Children>('get_confluence_page_children', { pageId: t.root, depth: 3, limit: 2 });
    expect(first.items.map((i) => i.id)).toEqual([t.box, t.inner]);
    const second = await run<Children>('get_confluence_page_children', {
      pageId: t.root,
      depth: 3,
      limit: 2,
      cursor: first.nextCursor,
    });
    expect(second.items.map((i) => i.id)).toEqual([t.deep, t.boxed]);
  });

  test('paging inside a folder with more pages than one Confluence batch, and a folder as the root', async () => {
    const parent = await page('Big parent');
    const titles = Array.from({ length: 130 }, (_, i) => `Big ${String(i).padStart(3, '0')}`);
    const box = await emu.control.seedFolder({ parentId: parent, title: 'Big box', pages: titles });
    const inside = await allChildren(box.folderId, 1, 50);
    expect(inside.items.map((i) => i.id)).toEqual(box.pageIds);
    expect(inside.items.every((i) => i.parentId === box.folderId && i.type === 'page')).toBe(true);
    const head = await run<Children>('get_confluence_page_children', { pageId: box.folderId, limit: 1 });
    expect(head).toMatchObject({ rootType: 'folder', spaceKey: 'ENG' });
    const under = await allChildren(parent, 2, 250);
    expect(under.items).toHaveLength(131);
    expect(under.items[0]).toMatchObject({ id: box.folderId, type: 'folder' });
  });

  test("get_confluence_page's breadcrumb of a page in a folder names the folders (type folder, no title)", async () => {
    const t = await tree();
    const read = await run<{ ancestors: { id: string; title: string | null; type: string }[] }>(
      'get_confluence_page',
      { pageId: t.deep },
    );
    expect(read.ancestors.slice(1)).toEqual([
      { id: t.root, title: 'F root', type: 'page' },
      { id: t.box, title: null, type: 'folder' },
      { id: t.inner, title: null, type: 'folder' },
    ]);
  });

  test('a folder outside the allow-list answers NOT_FOUND, as a missing one does', async () => {
    const t = await tree();
    const tokens = await emu.control.issueTokens({ accountId: 'acc-ada' });
    const scoped: ToolContext = { client: new SpaceScopedClient(clientWith(tokens.access_token), ['OPS']) };
    const outside = await callTool(scoped, 'get_confluence_page_children', { pageId: t.box });
    const missing = await callTool(scoped, 'get_confluence_page_children', { pageId: '999999' });
    expect(outside.ok || missing.ok).toBe(false);
    if (outside.ok || missing.ok) return;
    expect(outside.error.kind).toBe('NOT_FOUND');
    expect(outside.error.message.replace(t.box, 'X')).toBe(missing.error.message.replace('999999', 'X'));
    // The client methods themselves check the parent's space (a folder by its web UI link).
    const opsOnly = new SpaceScopedClient(clientWith(tokens.access_token), ['OPS']);
    await expect(opsOnly.listTreeChildren({ id: t.box, type: 'folder' }, 'page')).rejects.toThrow(
      NotFoundError,
    );
    await expect(opsOnly.listTreeChildren({ id: t.root, type: 'page' }, 'folder')).rejects.toThrow(
      NotFoundError,
    );
    await expect(opsOnly.getFolder(t.inner)).rejects.toThrow(NotFoundError);
    const allowed: ToolContext = { client: new SpaceScopedClient(clientWith(tokens.access_token), ['ENG']) };
    expect(
      (await allowed.client.listTreeChildren({ id: t.box, type: 'folder' }, 'page')).items.map((i) => i.id),
    ).toEqual([t.boxed]);
    const inside = await run<Children>('get_confluence_page_children', { pageId: t.root, depth: 2 }, allowed);
    expect(inside.items.map((i) => i.id)).toContain(t.boxed);
  });

  test('without read:folder a folder id is NOT_FOUND; without the v1 listing scope, a clear scope error', async () => {
    const t = await tree();
    const noFolder = await contextWith(DEFAULT_TOKEN_SCOPES.filter((s) => s !== 'read:folder:confluence'));
    const res = await callTool(noFolder, 'get_confluence_page_children', { pageId: t.box });
    expect(res.ok ? null : res.error.kind).toBe('NOT_FOUND');
    const noList = await contextWith(
      DEFAULT_TOKEN_SCOPES.filter((s) => s !== 'read:content-details:confluence'),
    );
    const denied = await callTool(noList, 'get_confluence_page_children', { pageId: t.root });
    expect(denied.ok ? null : denied.error.kind).toBe('SCOPE_MISSING');
  });
});
