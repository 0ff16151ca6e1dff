// The seven tools over real HTTP: tool → ConfluenceClient → the local Atlassian stand-in.
import { ACME_CLOUD_ID, startEmulator, type Emulator } from '@hub/confluence-emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { ConfluenceClient } from '../client/index.js';
import { markdownToStorage } from '../content/index.js';
import { callTool, runTool } from './call-tool.js';
import type { ToolContext } from './define-tool.js';
import { getTool } from './registry.js';

let emu: Emulator;
let ctx: ToolContext;

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
});
afterAll(() => emu.close());

beforeEach(async () => {
  await emu.control.reset();
  const tokens = await emu.control.issueTokens({ accountId: 'acc-ada' });
  ctx = {
    client: new ConfluenceClient({
      cloudId: ACME_CLOUD_ID,
      apiBaseUrl: emu.url,
      getAccessToken: () => Promise.resolve(tokens.access_token),
      retry: { baseDelayMs: 1, maxDelayMs: 5 },
    }),
  };
});

/** Runs a tool and checks its result against the tool's own output schema. */
async function run<T = Record<string, unknown>>(name: string, input: unknown): Promise<T> {
  const result = await runTool(ctx, name, input);
  getTool(name)?.output.parse(result);
  return result as T;
}

async function failure(name: string, input: unknown) {
  const outcome = await callTool(ctx, name, input);
  if (outcome.ok) throw new Error(`expected ${name} to fail`);
  return outcome.error;
}

interface PageList {
  spaceId: string;
  pages: { id: string; title: string; version: number | null; webUrl: string | null }[];
  nextCursor: string | null;
}

async function allEngPages(limit = 25) {
  const pages: PageList['pages'] = [];
  let cursor: string | undefined;
  let calls = 0;
  do {
    const batch = await run<PageList>('get_confluence_space_pages', { spaceKey: 'ENG', limit, cursor });
    pages.push(...batch.pages);
    cursor = batch.nextCursor ?? undefined;
    calls += 1;
  } while (cursor);
  return { pages, calls };
}

async function pageWithMacro(name: string) {
  for (const summary of (await allEngPages(250)).pages) {
    const page = await run<{ body: { value: string } }>('get_confluence_page', {
      pageId: summary.id,
      bodyFormat: 'storage',
    });
    if (page.body.value.includes(`ac:name="${name}"`)) return { id: summary.id, storage: page.body.value };
  }
  throw new Error(`no seeded page with a ${name} macro`);
}

describe('get_confluence_spaces', () => {
  test('lists current spaces with plain descriptions and absolute URLs, paged by cursor', async () => {
    const first = await run<{
      spaces: { key: string; description: string | null; webUrl: string }[];
      nextCursor: string;
    }>('get_confluence_spaces', { limit: 1 });
    expect(first.spaces).toHaveLength(1);
    expect(first.nextCursor).toEqual(expect.any(String));
    const rest = await run<{ spaces: { key: string }[] }>('get_confluence_spaces', {
      cursor: first.nextCursor,
    });
    const keys = [...first.spaces, ...rest.spaces].map((s) => s.key);
    expect(keys).toEqual(expect.arrayContaining(['ENG', 'HR', '~acc-ada']));
    expect(keys).not.toContain('OLD');
    const eng = (
      await run<{ spaces: { description: string | null; webUrl: string }[] }>('get_confluence_spaces', {
        keys: ['ENG'],
      })
    ).spaces[0];
    expect(eng?.description).toMatch(/\w/);
    expect(eng?.webUrl).toMatch(/^https:\/\/acme\.atlassian\.net\/wiki\//);
  });

  test('filters by type and status', async () => {
    const personal = await run<{ spaces: { key: string }[] }>('get_confluence_spaces', { type: 'personal' });
    expect(personal.spaces.map((s) => s.key)).toEqual(['~acc-ada']);
    const archived = await run<{ spaces: { key: string }[] }>('get_confluence_spaces', {
      status: 'archived',
    });
    expect(archived.spaces.map((s) => s.key)).toEqual(['OLD']);
  });
});

describe('get_confluence_space_pages', () => {
  test('walks every page of a large space by cursor without repeats', async () => {
    const { pages, calls } = await allEngPages(25);
    expect(pages.length).toBeGreaterThanOrEqual(60);
    expect(calls).toBeGreaterThanOrEqual(3);
    expect(new Set(pages.map((p) => p.id)).size).toBe(pages.length);
    expect(
      pages.every((p) => p.version !== null && p.webUrl?.startsWith('https://acme.atlassian.net/wiki/')),
    ).toBe(true);
  });

  test('depth root lists only top-level pages; a space id works too', async () => {
    const root = await run<PageList>('get_confluence_space_pages', { spaceKey: 'ENG', depth: 'root' });
    const all = await run<PageList>('get_confluence_space_pages', { spaceId: root.spaceId, limit: 250 });
    expect(root.pages.length).toBeGreaterThan(0);
    expect(root.pages.length).toBeLessThan(all.pages.length);
  });

  test('a space key is looked up once per connection, not on every call', async () => {
    await run('get_confluence_space_pages', { spaceKey: 'ENG', limit: 1 });
    await emu.control.clearRequests();
    await run('get_confluence_space_pages', { spaceKey: 'ENG', limit: 1 });
    const paths = (await emu.control.requests()).map((r) => r.path);
    expect(paths).toHaveLength(1);
    expect(paths[0]).toMatch(/\/spaces\/\d+\/pages$/);
  });

  test('an unknown space key is NOT_FOUND and says how to find spaces', async () => {
    const error = await failure('get_confluence_space_pages', { spaceKey: 'NOPE' });
    expect(error.kind).toBe('NOT_FOUND');
    expect(error.message).toContain('get_confluence_spaces');
  });

  test('both or neither of spaceId/spaceKey is a BAD_REQUEST with field errors', async () => {
    const both = await failure('get_confluence_space_pages', { spaceKey: 'ENG', spaceId: '1' });
    expect(both.kind).toBe('BAD_REQUEST');
    expect(both.fieldErrors?.spaceKey?.[0]).toMatch(/exactly one/);
    expect((await failure('get_confluence_space_pages', {})).kind).toBe('BAD_REQUEST');
  });
});

describe('get_confluence_page', () => {
  test('returns Markdown by default with version, labels, space key and web URL', async () => {
    const { id } = await pageWithMacro('code');
    const page = await run<{
      body: { format: string; value: string };
      version: { number: number };
      spaceKey: string;
      webUrl: string;
      labels: string[];
    }>('get_confluence_page', { pageId: id });
    expect(page.body.format).toBe('markdown');
    expect(page.body.value).toMatch(/```\w*\n/);
    expect(page.version.number).toBeGreaterThanOrEqual(1);
    expect(page.spaceKey).toBe('ENG');
    expect(page.webUrl).toMatch(/^https:\/\/acme\.atlassian\.net\/wiki\/spaces\/ENG\/pages\//);
    expect(Array.isArray(page.labels)).toBe(true);
  });

  test('returns every label, also past the 50 that include-labels holds', async () => {
    const page = await run<{ id: string }>('create_confluence_page', {
      spaceKey: 'ENG',
      title: 'Many labels',
      body: 'x',
    });
    const { access_token: token } = await emu.control.issueTokens({
      accountId: 'acc-ada',
      scopes: ['write:label:confluence'],
    });
    const names = Array.from({ length: 60 }, (_, i) => `label-${String(i).padStart(2, '0')}`);
    const added = await fetch(
      `${emu.url}/ex/confluence/${ACME_CLOUD_ID}/wiki/rest/api/content/${page.id}/label`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(names.map((name) => ({ prefix: 'global', name }))),
      },
    );
    expect(added.status).toBe(200);
    const read = await run<{ labels: string[] }>('get_confluence_page', { pageId: page.id });
    expect(read.labels).toEqual(names);
  });

  test('a missing page is NOT_FOUND; a non-numeric id is BAD_REQUEST', async () => {
    expect((await failure('get_confluence_page', { pageId: '999999999' })).kind).toBe('NOT_FOUND');
    expect((await failure('get_confluence_page', { pageId: 'ENG' })).kind).toBe('BAD_REQUEST');
  });
});

describe('search_confluence_pages', () => {
  test('structured fields become quoted CQL; hits carry space, excerpt and URL', async () => {
    const found = await run<{
      cql: string;
      results: { spaceKey: string; excerpt: string; webUrl: string }[];
    }>('search_confluence_pages', { text: 'PostgreSQL', spaceKeys: ['ENG'] });
    expect(found.cql).toBe('type = page AND space = "ENG" AND text ~ "PostgreSQL"');
    expect(found.results.length).toBeGreaterThan(0);
    expect(found.results.every((r) => r.spaceKey === 'ENG' && r.webUrl.startsWith('https://'))).toBe(true);
    expect(found.results.some((r) => r.excerpt.includes('**'))).toBe(true);
  });

  test('a value with quotes cannot widen the query', async () => {
    const found = await run<{ results: unknown[] }>('search_confluence_pages', {
      title: 'x" OR space = "HR',
    });
    expect(found.results).toEqual([]);
  });

  test('raw CQL pages by cursor', async () => {
    const cql = 'type = page AND space = "ENG" ORDER BY title ASC';
    const first = await run<{ results: { id: string }[]; nextCursor: string }>('search_confluence_pages', {
      cql,
      limit: 5,
    });
    expect(first.results).toHaveLength(5);
    const second = await run<{ results: { id: string }[] }>('search_confluence_pages', {
      cql,
      limit: 5,
      cursor: first.nextCursor,
    });
    expect(second.results.map((r) => r.id)).not.toContain(first.results[0]?.id);
  });

  test('unparsable CQL is INVALID_CQL, whatever Confluence calls it (parse error, unknown field, bad value)', async () => {
    expect((await failure('search_confluence_pages', { cql: 'type = page AND (' })).kind).toBe('INVALID_CQL');
    for (const cql of ['colour = blue', 'text = "deploy"', 'created > "someday"']) {
      expect((await failure('search_confluence_pages', { cql })).kind, cql).toBe('INVALID_CQL');
    }
  });
});

describe('create, update, comment', () => {
  test('create from Markdown stores Confluence formatting and returns version 1', async () => {
    const created = await run<{ id: string; version: number; webUrl: string }>('create_confluence_page', {
      spaceKey: 'ENG',
      title: 'Agent notes',
      body: '# Plan\n\n- one\n- two\n\n```ts\nconst x = 1;\n```\n',
    });
    expect(created.version).toBe(1);
    const stored = await run<{ body: { value: string } }>('get_confluence_page', {
      pageId: created.id,
      bodyFormat: 'storage',
    });
    expect(stored.body.value).toContain('<h1>Plan</h1>');
    expect(stored.body.value).toContain('ac:name="code"');
    const duplicate = await failure('create_confluence_page', {
      spaceKey: 'ENG',
      title: 'Agent notes',
      body: 'x',
    });
    expect(duplicate.kind).toBe('BAD_REQUEST');
  });

  test('update keeps omitted fields, sends version + 1 with a message, and can empty the body', async () => {
    const created = await run<{ id: string }>('create_confluence_page', {
      spaceKey: 'ENG',
      title: 'T1',
      body: 'Hello',
    });
    const renamed = await run<{ version: number; title: string }>('update_confluence_page', {
      pageId: created.id,
      version: 1,
      title: 'T2',
      versionMessage: 'rename',
    });
    expect(renamed).toMatchObject({ version: 2, title: 'T2' });
    const afterRename = await run<{ body: { value: string }; version: { message: string } }>(
      'get_confluence_page',
      {
        pageId: created.id,
      },
    );
    expect(afterRename.body.value).toContain('Hello');
    expect(afterRename.version.message).toBe('rename');
    await run('update_confluence_page', { pageId: created.id, version: 2, body: '' });
    const emptied = await run<{ body: { value: string }; title: string }>('get_confluence_page', {
      pageId: created.id,
      bodyFormat: 'storage',
    });
    expect(emptied).toMatchObject({ title: 'T2', body: { value: '' } });
  });

  test('a stale version is VERSION_CONFLICT with the current number, on both paths', async () => {
    const created = await run<{ id: string }>('create_confluence_page', {
      spaceKey: 'ENG',
      title: 'C',
      body: 'a',
    });
    await run('update_confluence_page', { pageId: created.id, version: 1, body: 'b' });
    // Title and body given: no read first, Confluence's 409 is mapped.
    const upstream = await failure('update_confluence_page', {
      pageId: created.id,
      version: 1,
      title: 'C',
      body: 'c',
    });
    expect(upstream).toMatchObject({ kind: 'VERSION_CONFLICT', currentVersion: 2, providedVersion: 1 });
    // Title omitted: the tool reads the page and refuses to write over a newer version.
    const local = await failure('update_confluence_page', { pageId: created.id, version: 1, body: 'c' });
    expect(local).toMatchObject({ kind: 'VERSION_CONFLICT', currentVersion: 2, providedVersion: 1 });
    expect(local.message).toContain('get_confluence_page');
    expect(local.message).toBe(upstream.message);
  });

  test('a draft can be read back and published by status alone', async () => {
    const draft = await run<{ id: string; status: string }>('create_confluence_page', {
      spaceKey: 'ENG',
      title: 'Draft plan',
      body: 'Not yet',
      status: 'draft',
    });
    expect(draft.status).toBe('draft');
    const read = await run<{ status: string; version: { number: number } }>('get_confluence_page', {
      pageId: draft.id,
    });
    expect(read.status).toBe('draft');
    const published = await run<{ status: string }>('update_confluence_page', {
      pageId: draft.id,
      version: read.version.number,
      status: 'current',
    });
    expect(published.status).toBe('current');
    const after = await run<{ body: { value: string } }>('get_confluence_page', { pageId: draft.id });
    expect(after.body.value).toContain('Not yet');
  });

  test('a draft is edited in place at version 1, as the spec requires; a published page cannot become a draft', async () => {
    const draft = await run<{ id: string; version: number }>('create_confluence_page', {
      spaceKey: 'ENG',
      title: 'Draft notes',
      body: 'first',
      status: 'draft',
    });
    expect(draft.version).toBe(1);
    const edited = await run('update_confluence_page', { pageId: draft.id, version: 1, body: 'second' });
    expect(edited).toMatchObject({ status: 'draft', version: 1, previousVersion: 1 });
    const sent = (await emu.control.requests()).filter((r) => r.method === 'PUT').at(-1);
    expect(sent?.status).toBe(200);
    expect(await run('get_confluence_page', { pageId: draft.id })).toMatchObject({
      status: 'draft',
      version: { number: 1 },
      body: { value: 'second\n' },
    });
    const published = await run('update_confluence_page', {
      pageId: draft.id,
      version: 1,
      status: 'current',
    });
    expect(published).toMatchObject({ status: 'current', version: 2 });
    const refused = await failure('update_confluence_page', {
      pageId: draft.id,
      version: 2,
      status: 'draft',
      body: 'x',
    });
    expect(refused).toMatchObject({ kind: 'BAD_REQUEST', message: /is published: status "draft"/ });
  });

  test('an archived page is refused with PAGE_ARCHIVED, not published again', async () => {
    const page = await run<{ id: string }>('create_confluence_page', {
      spaceKey: 'ENG',
      title: 'Old plan',
      body: 'x',
    });
    const { access_token: token } = await emu.control.issueTokens({ accountId: 'acc-ada' });
    const archived = await fetch(`${emu.url}/ex/confluence/${ACME_CLOUD_ID}/wiki/rest/api/content/archive`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ pages: [{ id: Number(page.id) }] }),
    });
    expect(archived.status).toBe(202);
    const refused = await failure('update_confluence_page', { pageId: page.id, version: 1, body: 'y' });
    expect(refused).toMatchObject({ kind: 'PAGE_ARCHIVED', message: /archived.*Restore it in Confluence/ });
    expect(await run('get_confluence_page', { pageId: page.id })).toMatchObject({
      status: 'archived',
      version: { number: 1 },
    });
  });

  test('ids may come as JSON numbers', async () => {
    const created = await run<{ id: string }>('create_confluence_page', {
      spaceKey: 'ENG',
      title: 'N',
      body: 'n',
    });
    const page = await run<{ id: string }>('get_confluence_page', { pageId: Number(created.id) });
    expect(page.id).toBe(created.id);
    expect((await failure('get_confluence_page', { pageId: -1 })).kind).toBe('BAD_REQUEST');
  });

  test('an edited Markdown round trip keeps an unknown macro byte for byte', async () => {
    const { id, storage } = await pageWithMacro('jira');
    const macro = /<ac:structured-macro ac:name="jira"[\s\S]*?<\/ac:structured-macro>/.exec(storage)?.[0];
    expect(macro).toBeDefined();
    const read = await run<{ body: { value: string }; version: { number: number } }>('get_confluence_page', {
      pageId: id,
    });
    await run('update_confluence_page', {
      pageId: id,
      version: read.version.number,
      body: `${read.body.value}\n\nAdded by an agent.\n`,
    });
    const after = await run<{ body: { value: string } }>('get_confluence_page', {
      pageId: id,
      bodyFormat: 'storage',
    });
    expect(after.body.value).toContain(macro);
    expect(after.body.value).toContain('Added by an agent.');
  });

  test('comments on a page and replies to a comment', async () => {
    const { id } = await pageWithMacro('code');
    const comment = await run<{ id: string; pageId: string }>('add_confluence_comment', {
      pageId: id,
      body: 'Looks **good**',
    });
    expect(comment.pageId).toBe(id);
    const reply = await run<{ id: string; parentCommentId: string }>('add_confluence_comment', {
      parentCommentId: comment.id,
      body: 'Thanks!',
    });
    expect(reply.parentCommentId).toBe(comment.id);
    const replies = await ctx.client.listCommentReplies(comment.id, { bodyFormat: 'storage' });
    expect(replies.items.map((r) => r.id)).toEqual([reply.id]);
    expect(replies.items[0]?.body?.value).toContain('Thanks!');
    expect(
      (await failure('add_confluence_comment', { pageId: id, parentCommentId: comment.id, body: 'x' })).kind,
    ).toBe('BAD_REQUEST');
  });
});

describe('dry runs', () => {
  /** The write requests (anything but GET) that reached the emulator. */
  async function writesSent() {
    return (await emu.control.requests()).filter((r) => r.method !== 'GET' && r.path.startsWith('/ex/'));
  }

  test('every write tool previews what it would send and writes nothing', async () => {
    const page = await run<{ id: string }>('create_confluence_page', {
      spaceKey: 'ENG',
      title: 'P',
      body: 'Old',
    });
    const comment = await run<{ id: string }>('add_confluence_comment', { pageId: page.id, body: 'c' });
    const before = await writesSent();

    const create = await run('create_confluence_page', {
      spaceKey: 'ENG',
      title: 'Preview only',
      body: '# Plan',
      parentId: page.id,
      dryRun: true,
    });
    expect(create).toMatchObject({
      dryRun: true,
      title: 'Preview only',
      parentId: page.id,
      body: '<h1>Plan</h1>',
    });
    const update = await run<{ diff: string }>('update_confluence_page', {
      pageId: page.id,
      version: 1,
      body: 'New',
      dryRun: true,
    });
    expect(update).toMatchObject({ dryRun: true, version: 2, previousVersion: 1, previousTitle: 'P' });
    expect(update.diff).toMatch(/^-Old$/m);
    expect(update.diff).toMatch(/^\+New$/m);
    expect(
      await run('add_confluence_comment', { pageId: page.id, body: '**hi**', dryRun: true }),
    ).toMatchObject({
      dryRun: true,
      pageId: page.id,
      body: '<p><strong>hi</strong></p>',
    });
    expect(
      await run('add_confluence_comment', { parentCommentId: comment.id, body: 'r', dryRun: true }),
    ).toMatchObject({ dryRun: true, pageId: page.id, parentCommentId: comment.id });

    expect(await writesSent()).toEqual(before);
    const stored = await run<{ version: { number: number }; body: { value: string } }>(
      'get_confluence_page',
      {
        pageId: page.id,
      },
    );
    expect(stored).toMatchObject({ version: { number: 1 }, body: { value: 'Old\n' } });
    // The previewed title is still free: the dry run created nothing.
    await run('create_confluence_page', { spaceKey: 'ENG', title: 'Preview only', body: 'x' });
  });

  test('a dry run still resolves and checks: a missing page, a stale version, an unknown space', async () => {
    const page = await run<{ id: string }>('create_confluence_page', {
      spaceKey: 'ENG',
      title: 'Q',
      body: 'x',
    });
    expect(
      (await failure('add_confluence_comment', { pageId: '999999', body: 'c', dryRun: true })).kind,
    ).toBe('NOT_FOUND');
    expect(
      (await failure('update_confluence_page', { pageId: page.id, version: 7, body: 'y', dryRun: true }))
        .kind,
    ).toBe('VERSION_CONFLICT');
    expect(
      (await failure('create_confluence_page', { spaceKey: 'NOPE', title: 't', body: '', dryRun: true }))
        .kind,
    ).toBe('NOT_FOUND');
  });

  test('an unchanged body diffs as "", and idempotencyKey needs the Hub', async () => {
    const page = await run<{ id: string }>('create_confluence_page', {
      spaceKey: 'ENG',
      title: 'R',
      body: 'same',
    });
    expect(
      await run('update_confluence_page', { pageId: page.id, version: 1, body: 'same', dryRun: true }),
    ).toMatchObject({ diff: '' });
    const refused = await failure('create_confluence_page', {
      spaceKey: 'ENG',
      title: 'S',
      body: '',
      idempotencyKey: 'k-1',
    });
    expect(refused).toMatchObject({ kind: 'BAD_REQUEST', message: /idempotencyKey needs the Hub/ });
  });
});

describe('surgical edits', () => {
  const storage = (pageId: string) =>
    run<{ body: { value: string }; version: { number: number } }>('get_confluence_page', {
      pageId,
      bodyFormat: 'storage',
    });

  test('edits change only their part of a page with macros; the rest stays byte for byte', async () => {
    const { id, storage: before } = await pageWithMacro('code');
    const { version } = await storage(id);
    const updated = await run('update_confluence_page', {
      pageId: id,
      version: version.number,
      edits: [
        { op: 'append', body: '## Changelog\n\n- edited by an agent' },
        { op: 'prepend', body: '<p>Status: <strong>draft</strong></p>', bodyFormat: 'storage' },
      ],
    });
    expect(updated).toMatchObject({ dryRun: false, version: version.number + 1 });
    const after = (await storage(id)).body.value;
    const appended = markdownToStorage('## Changelog\n\n- edited by an agent');
    expect(after).toBe(`<p>Status: <strong>draft</strong></p>${before}${appended}`);

    const replaced = await run('update_confluence_page', {
      pageId: id,
      version: version.number + 1,
      edits: [{ op: 'replace_text', find: 'Status: draft', replace: 'State: final' }],
    });
    expect(replaced).toMatchObject({ version: version.number + 2 });
    expect((await storage(id)).body.value).toBe(
      after.replace('Status: <strong>draft', 'State: final<strong>'),
    );
  });

  test('an edit that cannot apply writes nothing and says why; body and edits together are refused', async () => {
    const page = await run<{ id: string }>('create_confluence_page', {
      spaceKey: 'ENG',
      title: 'Edits',
      body: '## Setup\n\nold\n\n## Use\n\nuse it',
    });
    const failed = await failure('update_confluence_page', {
      pageId: page.id,
      version: 1,
      edits: [
        { op: 'replace_section', heading: 'Setup', body: 'new' },
        { op: 'insert_after_heading', heading: 'Install', body: 'x' },
      ],
    });
    expect(failed).toMatchObject({ kind: 'EDIT_NOT_APPLICABLE', editIndex: 1, matchCount: 0 });
    expect(failed.message).toMatch(/no heading "Install".*## Setup \| ## Use/);
    expect((await storage(page.id)).version.number).toBe(1);
    const both = await failure('update_confluence_page', {
      pageId: page.id,
      version: 1,
      body: 'x',
      edits: [{ op: 'append', body: 'y' }],
    });
    expect(both).toMatchObject({ kind: 'BAD_REQUEST', message: /body .* or edits/ });

    const preview = await run<{ diff: string }>('update_confluence_page', {
      pageId: page.id,
      version: 1,
      edits: [{ op: 'replace_section', heading: 'Setup', body: 'new' }],
      dryRun: true,
    });
    expect(preview.diff).toMatch(/^-old$/m);
    expect(preview.diff).toMatch(/^\+new$/m);
    expect((await storage(page.id)).version.number).toBe(1);
  });
});

describe('labels', () => {
  test('add_confluence_labels adds (lower-cased, once) and remove_confluence_label removes', async () => {
    const page = await run<{ id: string }>('create_confluence_page', {
      spaceKey: 'ENG',
      title: 'Tagged',
      body: 'x',
    });
    expect(await run('add_confluence_labels', { pageId: page.id, labels: ['Runbook', 'ops'] })).toEqual({
      pageId: page.id,
      labels: ['runbook', 'ops'],
    });
    expect(await run('add_confluence_labels', { pageId: page.id, labels: ['ops'] })).toMatchObject({
      labels: ['runbook', 'ops'],
    });
    expect(await run('remove_confluence_label', { pageId: page.id, label: 'Runbook' })).toEqual({
      pageId: page.id,
      labels: ['ops'],
    });
    expect(await run('get_confluence_page', { pageId: page.id })).toMatchObject({ labels: ['ops'] });
    expect((await failure('add_confluence_labels', { pageId: page.id, labels: ['two words'] })).kind).toBe(
      'BAD_REQUEST',
    );
    expect((await failure('remove_confluence_label', { pageId: '999999', label: 'ops' })).kind).toBe(
      'NOT_FOUND',
    );
  });
});

describe('resilience', () => {
  test('a 429 with Retry-After is waited out and retried', async () => {
    await emu.control.addFault({
      path: '/ex/confluence/',
      method: 'GET',
      status: 429,
      headers: { 'retry-after': '0' },
    });
    await emu.control.clearRequests();
    const result = await run<{ spaces: unknown[] }>('get_confluence_spaces', {});
    expect(result.spaces.length).toBeGreaterThan(0);
    const statuses = (await emu.control.requests()).map((r) => r.status);
    expect(statuses).toEqual([429, 200]);
  });

  test('callTool never throws and names unknown tools', async () => {
    const outcome = await callTool(ctx, 'delete_everything', {});
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'BAD_REQUEST' } });
    if (!outcome.ok) expect(outcome.error.message).toContain('get_confluence_page');
  });
});
