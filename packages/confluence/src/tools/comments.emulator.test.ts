// Comments, inline comments, resolving, people and mentions: tool → ConfluenceClient → the emulator over HTTP.
import { ACME_CLOUD_ID, startEmulator, type Emulator } from '@hub/confluence-emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { ConfluenceClient, userNames } from '../client/index.js';
import { markdownToStorage } from '../content/index.js';
import { failureOf, runChecked } from '../test-support/run-tool.js';
import type { ToolContext } from './define-tool.js';

let emu: Emulator;
let ctx: ToolContext;

function clientFor(token: string): ConfluenceClient {
  return new ConfluenceClient({
    cloudId: ACME_CLOUD_ID,
    apiBaseUrl: emu.url,
    getAccessToken: () => Promise.resolve(token),
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
  });
}

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
});
afterAll(() => emu.close());

beforeEach(async () => {
  await emu.control.reset();
  userNames.clear();
  const tokens = await emu.control.issueTokens({ accountId: 'acc-ada' });
  ctx = { client: clientFor(tokens.access_token) };
});

/** Runs a tool and checks its result against the tool's own output schema. */
const run = <T = Record<string, unknown>>(name: string, input: unknown, on = ctx) =>
  runChecked<T>(on, name, input);

const failure = async (name: string, input: unknown, on = ctx) =>
  (await failureOf(on, name, input)) as { kind: string; message: string; matchCount?: number };

async function newPage(title: string, markdown: string): Promise<string> {
  const page = await run<{ id: string }>('create_confluence_page', {
    spaceKey: 'ENG',
    title,
    body: markdown,
  });
  return page.id;
}

interface Thread {
  id: string;
  type: 'footer' | 'inline';
  author: { accountId: string | null; displayName: string | null };
  body: string;
  resolutionStatus: string | null;
  inlineSelection: string | null;
  replies: { id: string; parentCommentId: string; author: { displayName: string | null }; body: string }[];
  repliesTruncated: boolean;
}
interface Comments {
  comments: Thread[];
  nextCursor: string | null;
}

const usersBulkCalls = async () =>
  (await emu.control.requests()).filter((r) => r.path.endsWith('/wiki/api/v2/users-bulk')).length;

describe('add_confluence_inline_comment', () => {
  test('anchors to the chosen occurrence; refuses text not on the page and ambiguous text with the count', async () => {
    const pageId = await newPage('Inline tool', 'Ship on **Friday**. Never deploy on Friday evenings.');
    const missing = await failure('add_confluence_inline_comment', {
      pageId,
      selection: 'Monday',
      body: 'x',
    });
    expect(missing).toMatchObject({ kind: 'EDIT_NOT_APPLICABLE', matchCount: 0 });
    expect(missing.message).toMatch(/"Monday" is not on page/);
    const ambiguous = await failure('add_confluence_inline_comment', {
      pageId,
      selection: 'Friday',
      body: 'x',
    });
    expect(ambiguous).toMatchObject({ kind: 'EDIT_NOT_APPLICABLE', matchCount: 2 });
    expect(ambiguous.message).toMatch(
      /occurs 2 times.*\[0\] "Ship on Friday\. Never deploy on Friday .*\[1\] "…/,
    );
    expect(ambiguous.message).toMatch(/matchIndex \(0-based\)/);
    const outOfRange = await failure('add_confluence_inline_comment', {
      pageId,
      selection: 'Friday',
      matchIndex: 2,
      body: 'x',
    });
    expect(outOfRange.message).toMatch(/matchIndex 2 is out of range.*0 to 1/);

    const preview = await run<{ dryRun: boolean; context: string; matchCount: number }>(
      'add_confluence_inline_comment',
      { pageId, selection: 'Friday evenings', body: 'Why not?', dryRun: true },
    );
    expect(preview).toMatchObject({ dryRun: true, matchCount: 1, matchIndex: 0 });
    const untouched = await run<{ body: { value: string } }>('get_confluence_page', {
      pageId,
      bodyFormat: 'storage',
    });
    expect(untouched.body.value).not.toContain('inline-comment-marker');

    const made = await run<{ id: string; matchIndex: number; matchCount: number; resolutionStatus: string }>(
      'add_confluence_inline_comment',
      { pageId, selection: 'Friday', matchIndex: 1, body: 'Why **not**?' },
    );
    expect(made).toMatchObject({ dryRun: false, matchIndex: 1, matchCount: 2, resolutionStatus: 'open' });
    const after = await run<{ body: { value: string } }>('get_confluence_page', {
      pageId,
      bodyFormat: 'storage',
    });
    expect(after.body.value).toMatch(
      /<strong>Friday<\/strong>\. Never deploy on <ac:inline-comment-marker ac:ref="[^"]+">Friday<\/ac:inline-comment-marker> evenings/,
    );
    expect(
      (await failure('add_confluence_inline_comment', { pageId: '999999', selection: 'a', body: 'x' })).kind,
    ).toBe('NOT_FOUND');
  });
});

describe('get_confluence_comments', () => {
  test('footer threads then inline ones, with replies, authors by name, Markdown bodies and resolution', async () => {
    const pageId = await newPage('Threads', 'The rollout plan is final.');
    const bob = clientFor((await emu.control.issueTokens({ accountId: 'acc-bob' })).access_token);
    const top = await run<{ id: string }>('add_confluence_comment', { pageId, body: 'Looks **good**' });
    const reply = await run<{ id: string }>(
      'add_confluence_comment',
      { parentCommentId: top.id, body: 'Agreed, [@Ada Admin](confluence-user:acc-ada)' },
      { client: bob },
    );
    const nested = await run<{ id: string }>('add_confluence_comment', {
      parentCommentId: reply.id,
      body: 'Thanks',
    });
    const inline = await run<{ id: string }>('add_confluence_inline_comment', {
      pageId,
      selection: 'rollout plan',
      body: 'Which plan?',
    });

    const all = await run<Comments>('get_confluence_comments', { pageId });
    expect(all.nextCursor).toBeNull();
    expect(all.comments.map((c) => [c.type, c.id])).toEqual([
      ['footer', top.id],
      ['inline', inline.id],
    ]);
    const [footer, anchored] = all.comments;
    expect(footer).toMatchObject({
      author: { accountId: 'acc-ada', displayName: 'Ada Admin' },
      body: 'Looks **good**\n',
      resolutionStatus: null,
      inlineSelection: null,
      repliesTruncated: false,
    });
    expect(footer?.replies).toEqual([
      expect.objectContaining({
        id: reply.id,
        parentCommentId: top.id,
        author: { accountId: 'acc-bob', displayName: 'Bob Builder' },
        body: 'Agreed, [@Ada Admin](confluence-user:acc-ada)\n',
      }),
      expect.objectContaining({ id: nested.id, parentCommentId: reply.id }),
    ]);
    expect(anchored).toMatchObject({
      resolutionStatus: 'open',
      inlineSelection: 'rollout plan',
      replies: [],
    });

    const storage = await run<Comments>('get_confluence_comments', {
      pageId,
      type: 'footer',
      bodyFormat: 'storage',
    });
    expect(storage.comments.map((c) => c.body)).toEqual([markdownToStorage('Looks **good**')]);

    await run('resolve_confluence_comment', { commentId: inline.id });
    const open = await run<Comments>('get_confluence_comments', {
      pageId,
      type: 'inline',
      resolution: 'open',
    });
    expect(open.comments).toEqual([]);
    const resolved = await run<Comments>('get_confluence_comments', { pageId, resolution: 'resolved' });
    expect(resolved.comments.map((c) => [c.id, c.resolutionStatus])).toEqual([
      [top.id, null],
      [inline.id, 'resolved'],
    ]);
  });

  test('cursor-paged by threads, footer first and on into inline comments', async () => {
    const pageId = await newPage('Many threads', 'alpha beta gamma');
    const ids: string[] = [];
    for (const body of ['one', 'two', 'three']) {
      ids.push((await run<{ id: string }>('add_confluence_comment', { pageId, body })).id);
    }
    for (const selection of ['alpha', 'gamma']) {
      ids.push(
        (await run<{ id: string }>('add_confluence_inline_comment', { pageId, selection, body: 'x' })).id,
      );
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    let calls = 0;
    do {
      const batch: Comments = await run<Comments>('get_confluence_comments', { pageId, limit: 2, cursor });
      expect(batch.comments.length).toBeLessThanOrEqual(2);
      seen.push(...batch.comments.map((c) => c.id));
      cursor = batch.nextCursor ?? undefined;
      calls += 1;
    } while (cursor !== undefined && calls < 10);
    expect(seen).toEqual(ids);
    expect(calls).toBe(3);
    expect((await failure('get_confluence_comments', { pageId, cursor: 'bogus' })).kind).toBe('BAD_REQUEST');
    expect((await failure('get_confluence_comments', { pageId: '999999' })).kind).toBe('NOT_FOUND');
  });
});

describe('get_confluence_comments request budget', () => {
  test('one call reads at most 100 reply lists: a busy thread comes back marked repliesTruncated', async () => {
    const pageId = await newPage('Busy thread', 'text');
    const top = await run<{ id: string }>('add_confluence_comment', { pageId, body: 'top' });
    // 120 replies: reading every reply's own replies would take 121 `/children` requests.
    for (let i = 0; i < 120; i++) {
      await ctx.client.createFooterComment({
        parentCommentId: top.id,
        body: { representation: 'storage', value: `<p>r${i}</p>` },
      });
    }
    await emu.control.clearRequests();
    const [thread] = (await run<Comments>('get_confluence_comments', { pageId, type: 'footer' })).comments;
    expect(thread?.repliesTruncated).toBe(true);
    expect(thread?.replies.length).toBe(120);
    const children = (await emu.control.requests()).filter((r) => r.path.endsWith('/children'));
    expect(children.length).toBe(100);
  });
});

describe('resolve_confluence_comment', () => {
  test('resolves and reopens an inline comment; repeating is no change; footer, reply and dangling are refused', async () => {
    const pageId = await newPage('Resolve me', 'Check the numbers here.');
    const inline = await run<{ id: string }>('add_confluence_inline_comment', {
      pageId,
      selection: 'numbers',
      body: 'Source?',
    });
    expect(await run('resolve_confluence_comment', { commentId: inline.id })).toEqual({
      commentId: inline.id,
      pageId,
      resolutionStatus: 'resolved',
      changed: true,
    });
    expect(await run('resolve_confluence_comment', { commentId: inline.id })).toMatchObject({
      resolutionStatus: 'resolved',
      changed: false,
    });
    expect(await run('resolve_confluence_comment', { commentId: inline.id, resolved: false })).toMatchObject({
      resolutionStatus: 'reopened',
      changed: true,
    });

    const footer = await run<{ id: string }>('add_confluence_comment', { pageId, body: 'General remark' });
    const refused = await failure('resolve_confluence_comment', { commentId: footer.id });
    expect(refused.kind).toBe('BAD_REQUEST');
    expect(refused.message).toMatch(/is a footer comment.*only inline/);
    expect((await failure('resolve_confluence_comment', { commentId: '999999' })).kind).toBe('NOT_FOUND');

    const reply = await ctx.client.createInlineComment({
      parentCommentId: inline.id,
      body: { representation: 'storage', value: '<p>Here.</p>' },
    });
    expect((await failure('resolve_confluence_comment', { commentId: reply.id })).message).toMatch(
      new RegExp(`is a reply: resolve its thread's top comment ${inline.id}`),
    );

    const page = await run<{ version: { number: number } }>('get_confluence_page', { pageId });
    await run('update_confluence_page', { pageId, version: page.version.number, body: 'Rewritten.' });
    expect((await failure('resolve_confluence_comment', { commentId: inline.id })).message).toMatch(
      /dangling/,
    );
  });
});

describe('search_confluence_users and mentions', () => {
  test('finds people by name fragment, email or account id, with the mention to write', async () => {
    const found = await run<{ users: { accountId: string; email: string | null; mention: string }[] }>(
      'search_confluence_users',
      { query: 'bob' },
    );
    expect(found.users).toEqual([
      {
        accountId: 'acc-bob',
        displayName: 'Bob Builder',
        publicName: 'bob',
        email: 'bob@example.com',
        mention: '[@Bob Builder](confluence-user:acc-bob)',
      },
    ]);
    const byEmail = await run<{ users: { accountId: string }[] }>('search_confluence_users', {
      query: 'ada@example.com',
    });
    expect(byEmail.users.map((u) => u.accountId)).toEqual(['acc-ada']);
    const byId = await run<{ users: { displayName: string }[] }>('search_confluence_users', {
      accountIds: ['acc-ada', 'acc-nobody'],
    });
    expect(byId.users.map((u) => u.displayName)).toEqual(['Ada Admin']);
    expect((await failure('search_confluence_users', {})).kind).toBe('BAD_REQUEST');

    // The mention it gives converts to the same storage a page would hold.
    const pageId = await newPage('Mention', `Ask ${found.users[0]?.mention ?? ''} about it.`);
    const storage = await run<{ body: { value: string } }>('get_confluence_page', {
      pageId,
      bodyFormat: 'storage',
    });
    expect(storage.body.value).toBe(
      '<p>Ask <ac:link><ri:user ri:account-id="acc-bob" /></ac:link> about it.</p>',
    );
  });

  test('get_confluence_page shows mentions by name, looked up in bulk once and cached', async () => {
    const pageId = await newPage(
      'Mentions by name',
      'Owners: [@acc-ada](confluence-user:acc-ada), [@whoever](confluence-user:acc-bob) and ' +
        '[@Ada Admin](confluence-user:acc-ada); [@ghost](confluence-user:acc-gone).',
    );
    const storage = await run<{ body: { value: string } }>('get_confluence_page', {
      pageId,
      bodyFormat: 'storage',
    });
    // Written by id or by name, each is the same mention.
    expect(storage.body.value.match(/<ri:user ri:account-id="acc-ada" \/>/g)).toHaveLength(2);
    await emu.control.clearRequests();
    const read = await run<{ body: { value: string } }>('get_confluence_page', { pageId });
    expect(read.body.value).toBe(
      'Owners: [@Ada Admin](confluence-user:acc-ada), [@Bob Builder](confluence-user:acc-bob) and ' +
        '[@Ada Admin](confluence-user:acc-ada); [@acc-gone](confluence-user:acc-gone).\n',
    );
    expect(await usersBulkCalls()).toBe(1);
    await run('get_confluence_page', { pageId });
    // The names (and that acc-gone is unknown) come from the cache now.
    expect(await usersBulkCalls()).toBe(1);
    userNames.clear();
    await run('get_confluence_page', { pageId });
    expect(await usersBulkCalls()).toBe(2);

    // Back to storage unchanged: the names are display only.
    const page = await run<{ version: { number: number } }>('get_confluence_page', { pageId });
    await run('update_confluence_page', { pageId, version: page.version.number, body: read.body.value });
    const again = await run<{ body: { value: string } }>('get_confluence_page', {
      pageId,
      bodyFormat: 'storage',
    });
    expect(again.body.value).toBe(storage.body.value);
  });

  test('without read:user:confluence mentions stay as account ids and the read still works', async () => {
    const pageId = await newPage('No names', 'Ping [@x](confluence-user:acc-bob).');
    const narrow = await emu.control.issueTokens({
      accountId: 'acc-ada',
      scopes: ['read:page:confluence', 'read:space:confluence'],
    });
    const limited = { client: clientFor(narrow.access_token) };
    await emu.control.clearRequests();
    const read = await run<{ body: { value: string } }>('get_confluence_page', { pageId }, limited);
    expect(read.body.value).toBe('Ping [@acc-bob](confluence-user:acc-bob).\n');
    await run('get_confluence_page', { pageId }, limited);
    // Refused once for the scope, then not asked again.
    expect(await usersBulkCalls()).toBe(1);
  });
});
