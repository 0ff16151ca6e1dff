// The page hierarchy and structure tools over real HTTP: tool → ConfluenceClient → the emulator.
import { ACME_CLOUD_ID, DEFAULT_TOKEN_SCOPES, startEmulator, type Emulator } from '@hub/confluence-emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { ConfluenceClient, SpaceScopedClient } from '../client/index.js';
import { failureOf, runChecked } from '../test-support/run-tool.js';
import { callTool } from './call-tool.js';
import type { ToolContext } from './define-tool.js';
import { getTool } from './registry.js';

let emu: Emulator;
let ctx: ToolContext;

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
});
afterAll(() => emu.close());

async function contextWith(scopes?: string[]): Promise<ToolContext> {
  const tokens = await emu.control.issueTokens({ accountId: 'acc-ada', ...(scopes ? { scopes } : {}) });
  return {
    client: new ConfluenceClient({
      cloudId: ACME_CLOUD_ID,
      apiBaseUrl: emu.url,
      getAccessToken: () => Promise.resolve(tokens.access_token),
      retry: { baseDelayMs: 1, maxDelayMs: 5 },
    }),
  };
}

beforeEach(async () => {
  await emu.control.reset();
  ctx = await contextWith();
});

/** Runs a tool and checks its result against the tool's own output schema. */
const run = <T = Record<string, unknown>>(name: string, input: unknown, on = ctx) =>
  runChecked<T>(on, name, input);

const failure = (name: string, input: unknown, on = ctx) => failureOf(on, name, input);

interface Placed {
  id: string;
  title: string;
  status: string;
  spaceId: string;
  spaceKey: string | null;
  parentId: string | null;
  webUrl: string | null;
}
interface Child {
  id: string;
  title: string;
  type: string;
  parentId: string;
  depth: number;
  webUrl: string | null;
}
interface Children {
  items: Child[];
  nextCursor: string | null;
}

async function page(title: string, parentId?: string, spaceKey = 'ENG'): Promise<string> {
  const made = await run<{ id: string }>('create_confluence_page', {
    spaceKey,
    title,
    body: `${title} body`,
    ...(parentId === undefined ? {} : { parentId }),
  });
  return made.id;
}

/** root → a (→ a1, a2 → a2x), b */
async function tree() {
  const root = await page('Tree root');
  const a = await page('Tree a', root);
  const b = await page('Tree b', root);
  const a1 = await page('Tree a1', a);
  const a2 = await page('Tree a2', a);
  const a2x = await page('Tree a2x', a2);
  return { root, a, b, a1, a2, a2x };
}

async function allChildren(pageId: string, depth: number, limit: number) {
  const items: Child[] = [];
  let cursor: string | undefined;
  let calls = 0;
  do {
    const batch = await run<Children>('get_confluence_page_children', { pageId, depth, limit, cursor });
    items.push(...batch.items);
    cursor = batch.nextCursor ?? undefined;
    calls += 1;
    if (calls > 50) throw new Error('the listing does not end');
  } while (cursor !== undefined);
  return { items, calls };
}

describe('get_confluence_page_children', () => {
  test('depth 1 lists the direct children in tree order, with depth, parent and a web URL', async () => {
    const t = await tree();
    const out = await run<Children & { spaceKey: string }>('get_confluence_page_children', {
      pageId: t.root,
    });
    expect(out.items.map((i) => i.id)).toEqual([t.a, t.b]);
    expect(out.items[0]).toMatchObject({ title: 'Tree a', type: 'page', parentId: t.root, depth: 1 });
    expect(out.items[0]?.webUrl).toBe(`https://acme.atlassian.net/wiki/spaces/ENG/pages/${t.a}`);
    expect(out.spaceKey).toBe('ENG');
    expect(out.nextCursor).toBeNull();
  });

  test('a deeper walk lists each parent before its children, and stops at the depth asked for', async () => {
    const t = await tree();
    const two = await allChildren(t.root, 2, 25);
    expect(two.items.map((i) => [i.id, i.depth])).toEqual([
      [t.a, 1],
      [t.a1, 2],
      [t.a2, 2],
      [t.b, 1],
    ]);
    const three = await allChildren(t.root, 3, 25);
    expect(three.items.map((i) => i.id)).toEqual([t.a, t.a1, t.a2, t.a2x, t.b]);
    expect(three.items.find((i) => i.id === t.a2x)).toMatchObject({ parentId: t.a2, depth: 3 });
  });

  test('cursor paging returns the same walk, one item at a time, without repeats', async () => {
    const t = await tree();
    const paged = await allChildren(t.root, 3, 1);
    expect(paged.items.map((i) => i.id)).toEqual([t.a, t.a1, t.a2, t.a2x, t.b]);
    expect(paged.calls).toBeGreaterThanOrEqual(5);
  });

  test('a cursor of another listing is BAD_REQUEST; a missing page NOT_FOUND; depth is bounded', async () => {
    const t = await tree();
    const first = await run<Children>('get_confluence_page_children', { pageId: t.root, depth: 2, limit: 1 });
    expect(first.nextCursor).not.toBeNull();
    const wrong = await failure('get_confluence_page_children', {
      pageId: t.a,
      depth: 2,
      cursor: first.nextCursor,
    });
    expect(wrong.kind).toBe('BAD_REQUEST');
    expect(wrong.message).toMatch(/same pageId and depth/);
    expect((await failure('get_confluence_page_children', { pageId: t.root, cursor: 'garbage' })).kind).toBe(
      'BAD_REQUEST',
    );
    expect((await failure('get_confluence_page_children', { pageId: '999999' })).kind).toBe('NOT_FOUND');
    expect((await failure('get_confluence_page_children', { pageId: t.root, depth: 6 })).kind).toBe(
      'BAD_REQUEST',
    );
  });
});

describe('get_confluence_page ancestors', () => {
  test('the breadcrumb with titles, the space top first; [] at the top', async () => {
    const t = await tree();
    const read = await run<{ ancestors: { id: string; title: string | null; type: string }[] }>(
      'get_confluence_page',
      { pageId: t.a2x },
    );
    const home = await run<{ ancestors: { id: string; title: string }[]; parentId: string | null }>(
      'get_confluence_page',
      { pageId: t.root },
    );
    expect(read.ancestors.map((a) => a.title)).toEqual([
      'Engineering Home',
      'Tree root',
      'Tree a',
      'Tree a2',
    ]);
    expect(read.ancestors.slice(1).map((a) => a.id)).toEqual([t.root, t.a, t.a2]);
    expect(read.ancestors.every((a) => a.type === 'page')).toBe(true);
    const top = await run<{ ancestors: unknown[] }>('get_confluence_page', { pageId: home.parentId });
    expect(top.ancestors).toEqual([]);
  });

  test('a connection without read:content.metadata:confluence still reads the page, ancestors null', async () => {
    const t = await tree();
    const narrow = await contextWith(
      DEFAULT_TOKEN_SCOPES.filter((s) => s !== 'read:content.metadata:confluence'),
    );
    const read = await run<{ title: string; ancestors: unknown }>(
      'get_confluence_page',
      { pageId: t.a },
      narrow,
    );
    expect(read).toMatchObject({ title: 'Tree a', ancestors: null });
  });
});

describe('move_confluence_page', () => {
  test('append under a page, before/after a sibling, into another space under its homepage', async () => {
    const t = await tree();
    const moved = await run<Placed & { previousParentId: string }>('move_confluence_page', {
      pageId: t.b,
      targetPageId: t.a,
    });
    expect(moved).toMatchObject({ id: t.b, parentId: t.a, previousParentId: t.root, spaceKey: 'ENG' });
    await run('move_confluence_page', { pageId: t.b, targetPageId: t.a1, position: 'before' });
    const kids = await run<Children>('get_confluence_page_children', { pageId: t.a });
    expect(kids.items.map((i) => i.id)).toEqual([t.b, t.a1, t.a2]);
    await run('move_confluence_page', { pageId: t.b, targetPageId: t.a2, position: 'after' });
    const after = await run<Children>('get_confluence_page_children', { pageId: t.a });
    expect(after.items.map((i) => i.id)).toEqual([t.a1, t.a2, t.b]);

    const away = await run<Placed & { previousSpaceId: string }>('move_confluence_page', {
      pageId: t.a2,
      spaceKey: 'HR',
    });
    expect(away.spaceKey).toBe('HR');
    expect(away.previousSpaceId).not.toBe(away.spaceId);
    const child = await run<{ spaceKey: string; parentId: string }>('get_confluence_page', { pageId: t.a2x });
    expect(child).toMatchObject({ spaceKey: 'HR', parentId: t.a2 });
  });

  test('below itself or its descendant, relative to itself, or with both targets: BAD_REQUEST; missing: NOT_FOUND', async () => {
    const t = await tree();
    const loop = await failure('move_confluence_page', { pageId: t.a, targetPageId: t.a2x });
    expect(loop.kind).toBe('BAD_REQUEST');
    expect(loop.message).toMatch(/loop/);
    expect((await failure('move_confluence_page', { pageId: t.a, targetPageId: t.a })).kind).toBe(
      'BAD_REQUEST',
    );
    expect(
      (await failure('move_confluence_page', { pageId: t.a, targetPageId: t.b, spaceKey: 'HR' })).kind,
    ).toBe('BAD_REQUEST');
    expect(
      (await failure('move_confluence_page', { pageId: t.a, spaceKey: 'HR', position: 'before' })).kind,
    ).toBe('BAD_REQUEST');
    expect((await failure('move_confluence_page', { pageId: t.a, targetPageId: '999999' })).kind).toBe(
      'NOT_FOUND',
    );
    expect((await run<{ parentId: string }>('get_confluence_page', { pageId: t.a })).parentId).toBe(t.root);
  });
});

describe('copy_confluence_page', () => {
  test('a single page with a new title, labels along; into another space under its homepage', async () => {
    const t = await tree();
    await run('add_confluence_labels', { pageId: t.a1, labels: ['runbook'] });
    const copied = await run<{ status: string; taskId: null; page: Placed }>('copy_confluence_page', {
      pageId: t.a1,
      parentId: t.b,
      title: 'Tree a1 (copy)',
    });
    expect(copied).toMatchObject({
      status: 'done',
      taskId: null,
      page: { parentId: t.b, title: 'Tree a1 (copy)' },
    });
    const read = await run<{ labels: string[]; body: { value: string } }>('get_confluence_page', {
      pageId: copied.page.id,
    });
    expect(read.labels).toEqual(['runbook']);
    expect(read.body.value).toContain('Tree a1 body');
    const bare = await run<{ page: Placed }>('copy_confluence_page', {
      pageId: t.a1,
      spaceKey: 'HR',
      includeLabels: false,
    });
    expect(bare.page).toMatchObject({ spaceKey: 'HR', title: 'Tree a1' });
    expect((await run<{ labels: string[] }>('get_confluence_page', { pageId: bare.page.id })).labels).toEqual(
      [],
    );
  });

  test('with children: waits for the task and returns the new root; the subtree is there with the prefix', async () => {
    const t = await tree();
    const copied = await run<{ status: string; taskId: string; page: Placed }>('copy_confluence_page', {
      pageId: t.a,
      parentId: t.b,
      includeChildren: true,
      titlePrefix: 'Copy of ',
    });
    expect(copied.status).toBe('done');
    expect(copied.taskId).toMatch(/^\d+$/);
    expect(copied.page).toMatchObject({ title: 'Copy of Tree a', parentId: t.b });
    const below = await allChildren(copied.page.id, 2, 25);
    expect(below.items.map((i) => i.title)).toEqual([
      'Copy of Tree a1',
      'Copy of Tree a2',
      'Copy of Tree a2x',
    ]);
  });

  test('a caller gone while the subtree copy runs gets "running", not a failure that invites a second copy', async () => {
    const t = await tree();
    const gone = new AbortController();
    // Abort once the copy task has been started (the emulator's first status read answers "running").
    const client = ctx.client;
    const started: ToolContext = {
      signal: gone.signal,
      client: new Proxy(client, {
        get(target, key, receiver) {
          const value: unknown = Reflect.get(target, key, receiver);
          if (key !== 'getLongTask' || typeof value !== 'function') return value;
          return async (...args: unknown[]) => {
            const status: unknown = await (value as (...a: unknown[]) => Promise<unknown>).apply(
              target,
              args,
            );
            gone.abort();
            return status;
          };
        },
      }),
    };
    const copied = await run<{ status: string; taskId: string; pageId: string | null }>(
      'copy_confluence_page',
      { pageId: t.a, parentId: t.b, includeChildren: true, titlePrefix: 'Copy of ' },
      started,
    );
    expect(copied).toMatchObject({ status: 'running', pageId: null });
    expect(copied.taskId).toMatch(/^\d+$/);
    // Exactly one copy was made.
    await expect
      .poll(async () => (await allChildren(t.b, 1, 25)).items.map((i) => i.title))
      .toEqual(['Copy of Tree a']);
  });

  test('same space without a new title: BAD_REQUEST; title with children: BAD_REQUEST; missing: NOT_FOUND', async () => {
    const t = await tree();
    const clash = await failure('copy_confluence_page', { pageId: t.a1, parentId: t.b });
    expect(clash.kind).toBe('BAD_REQUEST');
    expect(clash.message).toMatch(/title/);
    const treeClash = await failure('copy_confluence_page', {
      pageId: t.a,
      parentId: t.b,
      includeChildren: true,
    });
    expect(treeClash.kind).toBe('BAD_REQUEST');
    expect(
      (
        await failure('copy_confluence_page', {
          pageId: t.a,
          parentId: t.b,
          includeChildren: true,
          title: 'x',
        })
      ).kind,
    ).toBe('BAD_REQUEST');
    expect(
      (await failure('copy_confluence_page', { pageId: t.a, parentId: '999999', title: 'y' })).kind,
    ).toBe('NOT_FOUND');
    const { items } = await allChildren(t.b, 1, 25);
    expect(items).toEqual([]);
  });
});

describe('archive_confluence_page', () => {
  test('archives (still readable, status archived), then again changes nothing; a missing page is NOT_FOUND', async () => {
    const t = await tree();
    const archived = await run<Placed & { finished: boolean }>('archive_confluence_page', { pageId: t.b });
    expect(archived).toMatchObject({ id: t.b, status: 'archived', finished: true });
    expect((await run<{ status: string }>('get_confluence_page', { pageId: t.b })).status).toBe('archived');
    expect(await run('archive_confluence_page', { pageId: t.b })).toMatchObject({ status: 'archived' });
    const kids = await run<Children>('get_confluence_page_children', { pageId: t.root });
    expect(kids.items.map((i) => i.id)).toEqual([t.a]);
    expect((await failure('archive_confluence_page', { pageId: '999999' })).kind).toBe('NOT_FOUND');
  });
});

describe('delete_confluence_page', () => {
  test('moves the page to the trash: NOT_FOUND afterwards, children kept; a draft is refused', async () => {
    const t = await tree();
    const { spaceId, ...deleted } = await run<{ spaceId: string }>('delete_confluence_page', {
      pageId: t.a2,
    });
    expect(spaceId).toMatch(/^\d+$/);
    expect(deleted).toEqual({
      id: t.a2,
      title: 'Tree a2',
      spaceKey: 'ENG',
      parentId: t.a,
      status: 'trashed',
    });
    expect((await failure('get_confluence_page', { pageId: t.a2 })).kind).toBe('NOT_FOUND');
    expect((await failure('delete_confluence_page', { pageId: t.a2 })).kind).toBe('NOT_FOUND');
    expect((await run<{ parentId: string }>('get_confluence_page', { pageId: t.a2x })).parentId).toBe(t.a);

    const draft = await run<{ id: string }>('create_confluence_page', {
      spaceKey: 'ENG',
      title: 'Draft to keep',
      body: 'x',
      status: 'draft',
    });
    const refused = await failure('delete_confluence_page', { pageId: draft.id });
    expect(refused.kind).toBe('BAD_REQUEST');
    expect((await run<{ status: string }>('get_confluence_page', { pageId: draft.id })).status).toBe('draft');
  });

  test('a resent DELETE whose first answer was lost (404 on the retry) still reports the page trashed', async () => {
    const t = await tree();
    const client = ctx.client;
    const lostAnswer: ToolContext = {
      client: new Proxy(client, {
        get(target, key, receiver) {
          const value: unknown = Reflect.get(target, key, receiver);
          if (key !== 'deletePage' || typeof value !== 'function') return value;
          const del = value as (...a: unknown[]) => Promise<void>;
          // The first DELETE lands; what the caller sees is the resent one's answer: 404.
          return async (...args: unknown[]) => {
            await del.apply(target, args);
            await del.apply(target, args);
          };
        },
      }),
    };
    const deleted = await run<{ status: string }>('delete_confluence_page', { pageId: t.a2 }, lostAnswer);
    expect(deleted).toMatchObject({ id: t.a2, status: 'trashed' });
    expect((await failure('get_confluence_page', { pageId: t.a2 })).kind).toBe('NOT_FOUND');
  });

  test('is marked destructive, with the delete capability', () => {
    const tool = getTool('delete_confluence_page');
    expect(tool).toMatchObject({ readOnly: false, capability: 'delete', destructive: true });
  });
});

describe('on a client limited to ENG', () => {
  test('nothing moves, copies, archives or deletes across the line; outside answers NOT_FOUND', async () => {
    const t = await tree();
    const hrPage = await page('Outside page', undefined, 'HR');
    const scoped: ToolContext = { client: new SpaceScopedClient(ctx.client, ['ENG']) };
    const calls: [string, Record<string, unknown>][] = [
      ['move_confluence_page', { pageId: t.a, targetPageId: hrPage }],
      ['move_confluence_page', { pageId: t.a, targetPageId: hrPage, position: 'after' }],
      ['move_confluence_page', { pageId: hrPage, targetPageId: t.a }],
      ['move_confluence_page', { pageId: t.a, spaceKey: 'HR' }],
      ['copy_confluence_page', { pageId: t.a, parentId: hrPage, includeChildren: true, titlePrefix: 'X ' }],
      ['copy_confluence_page', { pageId: t.a1, spaceKey: 'HR' }],
      ['copy_confluence_page', { pageId: hrPage, parentId: t.b, title: 'Pulled in' }],
      ['get_confluence_page_children', { pageId: hrPage }],
      ['archive_confluence_page', { pageId: hrPage }],
      ['delete_confluence_page', { pageId: hrPage }],
    ];
    for (const [name, input] of calls) {
      const outcome = await callTool(scoped, name, input);
      expect(outcome.ok ? 'ran' : outcome.error.kind, `${name} ${JSON.stringify(input)}`).toBe('NOT_FOUND');
    }
    const kept = await run<{ parentId: string; spaceKey: string }>('get_confluence_page', { pageId: t.a });
    expect(kept).toMatchObject({ parentId: t.root, spaceKey: 'ENG' });
    const outside = await run<{ status: string; spaceKey: string }>('get_confluence_page', {
      pageId: hrPage,
    });
    expect(outside).toMatchObject({ status: 'current', spaceKey: 'HR' });
    expect((await run<Children>('get_confluence_page_children', { pageId: hrPage })).items).toEqual([]);
    expect((await run<Children>('get_confluence_page_children', { pageId: t.b })).items).toEqual([]);
  });
});
