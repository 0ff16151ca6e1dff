// A connection limited to some spaces, over real HTTP against the emulator: whatever a tool is given (ids and
// keys of every space, CQL written to break out of the constraint), nothing of another space comes back, nothing
// is written there, and a refusal reads exactly like Confluence's "not found".
import { ACME_CLOUD_ID, startEmulator, type Emulator } from '@hub/confluence-emulator';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { storageToPlainText, textOccurrences } from '../content/index.js';
import { callTool } from '../tools/call-tool.js';
import { confluenceTools } from '../tools/registry.js';
import { ConfluenceClient } from './confluence-client.js';
import { constrainCqlToSpaces, SpaceScopedClient } from './space-scope.js';

let emu: Emulator;
let full: ConfluenceClient;

/** Everything the seed holds, read without a scope: what may and may not come back. */
interface Census {
  spaces: { id: string; key: string }[];
  pages: { id: string; spaceId: string; title: string; version: number }[];
  comments: { id: string; pageId: string }[];
  labels: { pageId: string; labels: string[] }[];
}
let census: Census;

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  const tokens = await emu.control.issueTokens({ accountId: 'acc-ada' });
  full = new ConfluenceClient({
    cloudId: ACME_CLOUD_ID,
    apiBaseUrl: emu.url,
    getAccessToken: () => Promise.resolve(tokens.access_token),
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
  });
  folders = await seedFolders();
  census = await takeCensus();
});
afterAll(() => emu.close());

/** A folder under each space's homepage, holding one page (seeded before the census, so its page is in it). */
let folders: { id: string; spaceId: string; title: string }[] = [];
async function seedFolders() {
  const made: typeof folders = [];
  for (const space of (await full.listSpaces({ limit: 250 })).items) {
    if (space.homepageId === null) continue;
    const title = `Scope folder of ${space.key}`;
    const folder = await emu.control.seedFolder({
      parentId: space.homepageId,
      title,
      pages: [`Scope folder page of ${space.key}`],
    });
    made.push({ id: folder.folderId, spaceId: folder.spaceId, title });
  }
  return made;
}

async function takeCensus(): Promise<Census> {
  const spaces = (await full.listSpaces({ limit: 250 })).items.map(({ id, key }) => ({ id, key }));
  const pages: Census['pages'] = [];
  for (const space of spaces) {
    let cursor: string | undefined;
    do {
      const batch = await full.listSpacePages(space.id, {
        limit: 250,
        cursor,
        status: ['current', 'archived'],
      });
      for (const page of batch.items) {
        pages.push({ id: page.id, spaceId: space.id, title: page.title, version: page.version?.number ?? 0 });
      }
      cursor = batch.nextCursor ?? undefined;
    } while (cursor !== undefined);
  }
  const comments: Census['comments'] = [];
  const labels: Census['labels'] = [];
  for (const page of pages) {
    labels.push({
      pageId: page.id,
      labels:
        (await full.getPage(page.id, { includeLabels: true, status: ['current', 'archived'] })).labels ?? [],
    });
    for (const comment of (await full.listFooterComments(page.id, { limit: 250 })).items) {
      comments.push({ id: comment.id, pageId: page.id });
    }
  }
  return { spaces, pages, comments, labels };
}

const scopedClient = (keys: string[]) => new SpaceScopedClient(full, keys);

describe('a client limited to ENG', () => {
  let client: SpaceScopedClient;
  beforeAll(() => {
    client = scopedClient(['ENG']);
  });

  test('lists only ENG, even when asked for other keys', async () => {
    expect((await client.listSpaces()).items.map((s) => s.key)).toEqual(['ENG']);
    expect((await client.listSpaces({ keys: ['HR', 'SBX'] })).items).toEqual([]);
  });

  test("another space's page answers exactly like a page that does not exist", async () => {
    const hr = census.spaces.find((s) => s.key === 'HR');
    const hrPage = census.pages.find((p) => p.spaceId === hr?.id);
    expect(hrPage).toBeDefined();
    const ctx = { client };
    const outside = await callTool(ctx, 'get_confluence_page', { pageId: hrPage?.id });
    const absent = await callTool(ctx, 'get_confluence_page', { pageId: '987654321987' });
    expect(outside.ok).toBe(false);
    expect(absent.ok).toBe(false);
    if (outside.ok || absent.ok) return;
    expect(outside.error.kind).toBe('NOT_FOUND');
    expect({ ...outside.error, message: outside.error.message.replace(hrPage?.id ?? '', 'ID') }).toEqual({
      ...absent.error,
      message: absent.error.message.replace('987654321987', 'ID'),
    });
  });

  test('search keeps its ORDER BY and refuses CQL that could leave the group', async () => {
    expect(constrainCqlToSpaces('text ~ "x" ORDER BY created DESC', ['ENG'])).toBe(
      'space IN ("ENG") AND (text ~ "x") ORDER BY created DESC',
    );
    expect(constrainCqlToSpaces('title ~ "order by (" ', ['A', 'B'])).toBe(
      'space IN ("A", "B") AND (title ~ "order by (")',
    );
    for (const escape of ['type = page) OR (space = "HR"', 'space = "HR" OR (type = page', 'title ~ "x']) {
      expect(() => constrainCqlToSpaces(escape, ['ENG'])).toThrow(/CQL query is invalid/);
    }
    // Confluence accepts the constrained query, ORDER BY included.
    const hits = await client.search({ cql: 'type = page ORDER BY title', limit: 100 });
    expect(hits.items.length).toBeGreaterThan(0);
    expect(new Set(hits.items.map((hit) => hit.spaceKey))).toEqual(new Set(['ENG']));
    expect((await client.search({ cql: 'space = "HR"' })).items).toEqual([]);
  });
});

const spaceKeys = ['ENG', 'HR', 'SBX', 'OLD', '~acc-ada', 'NOPE'];

/** Tool inputs built from real ids and keys of every space, plus CQL written to escape the constraint. */
function callArbitrary() {
  const pageId = fc.constantFrom(...census.pages.map((p) => p.id), '123456789');
  const spaceId = fc.constantFrom(...census.spaces.map((s) => s.id));
  const spaceKey = fc.constantFrom(...spaceKeys);
  const commentId = fc.constantFrom(...census.comments.map((c) => c.id), '555555555');
  const quotedKey = spaceKey.map((k) => `"${k}"`);
  const clause = fc.oneof(
    quotedKey.map((k) => `space = ${k}`),
    fc.constantFrom('type = page', 'text ~ "deploy"', 'title ~ "guide"', 'label = "runbook"'),
    fc.array(quotedKey, { minLength: 1, maxLength: 3 }).map((ks) => `space IN (${ks.join(', ')})`),
  );
  const cql = fc.oneof(
    clause,
    fc.tuple(clause, fc.constantFrom(' AND ', ' OR ', ' AND NOT '), clause).map(([a, op, b]) => a + op + b),
    fc.tuple(clause, clause).map(([a, b]) => `${a}) OR (${b}`),
    fc.tuple(clause, clause).map(([a, b]) => `(${a}) OR (${b}) ORDER BY created DESC`),
    fc
      .tuple(clause, fc.constantFrom(' ORDER BY title', ' order by lastModified DESC', ''))
      .map(([a, o]) => a + o),
    fc.string({ maxLength: 40 }),
  );
  const body = fc.constantFrom('Checked by the scope test.', '# Heading\n\ntext');
  return fc.oneof(
    fc.record({
      name: fc.constant('get_confluence_spaces'),
      input: fc.record({ keys: fc.option(fc.array(spaceKey), { nil: undefined }) }),
    }),
    fc.record({
      name: fc.constant('get_confluence_space_pages'),
      input: fc.oneof(fc.record({ spaceKey }), fc.record({ spaceId })),
    }),
    fc.record({ name: fc.constant('get_confluence_page'), input: fc.record({ pageId }) }),
    fc.record({
      name: fc.constant('search_confluence_pages'),
      input: fc.oneof(
        fc.record({ cql }),
        fc.record({
          spaceKeys: fc.array(spaceKey, { minLength: 1, maxLength: 3 }),
          text: fc.constantFrom('deploy', 'the'),
        }),
      ),
    }),
    fc.record({
      name: fc.constant('create_confluence_page'),
      input: fc.oneof(
        fc.record({ spaceKey, title: fc.uuid(), body }),
        fc.record({ spaceId, parentId: pageId, title: fc.uuid(), body }),
      ),
    }),
    fc.record({
      name: fc.constant('update_confluence_page'),
      input: fc.record({ pageId, version: fc.constantFrom(1, 2, 3), body }),
    }),
    fc.record({
      name: fc.constant('add_confluence_comment'),
      input: fc.oneof(fc.record({ pageId, body }), fc.record({ parentCommentId: commentId, body })),
    }),
    fc.record({
      name: fc.constant('add_confluence_labels'),
      input: fc.record({ pageId, labels: fc.constant(['scope-test']) }),
    }),
    fc.record({
      name: fc.constant('remove_confluence_label'),
      input: fc.record({ pageId, label: fc.constantFrom('scope-test', 'runbook') }),
    }),
    ...structureCalls(pageId, spaceKey),
    ...commentCalls(pageId, commentId),
    ...fileCalls(pageId),
  );
}

/** One attachment on the first page of each space (made before the property runs): what each says. */
const attachmentIds: string[] = [];
let attachmentsBefore: string[] = [];
const secretOf = (key: string) => `attachment-secret-of-${key}`;

beforeAll(async () => {
  for (const space of census.spaces) {
    const page = census.pages.find((p) => p.spaceId === space.id);
    if (page === undefined) continue;
    const stored = await full.uploadAttachment(page.id, {
      fileName: `scope-${space.id}.txt`,
      mediaType: 'text/plain',
      bytes: Buffer.from(secretOf(space.key)),
    });
    attachmentIds.push(stored.id);
  }
  attachmentsBefore = await outsideAttachments();
});

/** The attachments of pages outside ENG and ~acc-ada, with their versions. */
async function outsideAttachments(): Promise<string[]> {
  const outside = census.pages.filter(
    (p) => !census.spaces.some((s) => s.id === p.spaceId && ['ENG', '~acc-ada'].includes(s.key)),
  );
  const out: string[] = [];
  for (const page of outside) {
    for (const a of (await full.listPageAttachments(page.id, { limit: 250 })).items) {
      out.push(`${page.id}:${a.id}:${a.title}:${a.version?.number ?? 0}`);
    }
  }
  return out;
}

/** The attachment and version tools: any page id, the attachments made above (and one that is not there). */
function fileCalls(pageId: fc.Arbitrary<string>) {
  const attachmentId = fc.constantFrom(...attachmentIds, 'att999999999');
  return [
    fc.record({ name: fc.constant('get_confluence_attachments'), input: fc.record({ pageId }) }),
    fc.record({ name: fc.constant('get_confluence_attachment'), input: fc.record({ attachmentId }) }),
    fc.record({
      name: fc.constant('upload_confluence_attachment'),
      input: fc.record({
        pageId,
        fileName: fc.constantFrom('scope-upload.txt', 'scope-65538.txt'),
        content: fc.constant('Uploaded by the scope test.'),
      }),
    }),
    fc.record({ name: fc.constant('get_confluence_page_versions'), input: fc.record({ pageId }) }),
    fc.record({
      name: fc.constant('get_confluence_page_version'),
      input: fc.record({ pageId, version: fc.constantFrom(1, 2) }),
    }),
    fc.record({
      name: fc.constant('diff_confluence_page_versions'),
      input: fc.record({ pageId, from: fc.constant(1) }),
    }),
    fc.record({
      name: fc.constant('restore_confluence_page_version'),
      input: fc.record({ pageId, version: fc.constant(1), currentVersion: fc.constantFrom(2, 3) }),
    }),
  ];
}

/** The hierarchy and structure tools: every page id and key as source, target or destination. */
function structureCalls(pageId: fc.Arbitrary<string>, spaceKey: fc.Arbitrary<string>) {
  return [
    fc.record({
      name: fc.constant('get_confluence_page_children'),
      input: fc.record({
        pageId: fc.oneof(pageId, fc.constantFrom(...folders.map((f) => f.id))),
        depth: fc.constantFrom(1, 2),
      }),
    }),
    fc.record({
      name: fc.constant('move_confluence_page'),
      input: fc.oneof(
        fc.record({ pageId, targetPageId: pageId, position: fc.constantFrom('append', 'before', 'after') }),
        fc.record({ pageId, spaceKey }),
      ),
    }),
    fc.record({
      name: fc.constant('copy_confluence_page'),
      input: fc.oneof(
        fc.record({ pageId, parentId: pageId, title: fc.uuid() }),
        fc.record({ pageId, spaceKey, title: fc.uuid() }),
        fc.record({ pageId, parentId: pageId, includeChildren: fc.constant(true), titlePrefix: fc.uuid() }),
      ),
    }),
    fc.record({ name: fc.constant('archive_confluence_page'), input: fc.record({ pageId }) }),
    fc.record({ name: fc.constant('delete_confluence_page'), input: fc.record({ pageId }) }),
  ];
}

/** One inline comment on the first page of each space (made before the property runs), and what they say. */
const inlineIds: string[] = [];
let inlineBefore: string[] = [];

beforeAll(async () => {
  for (const space of census.spaces) {
    const page = census.pages.find((p) => p.spaceId === space.id);
    if (page === undefined) continue;
    const storage = (await full.getPage(page.id, { bodyFormat: 'storage' })).body?.value ?? '';
    const word = /[A-Za-z]{5,}/.exec(storageToPlainText(storage))?.[0];
    if (word === undefined) continue;
    const made = await full.createInlineComment({
      pageId: page.id,
      body: { representation: 'storage', value: '<p>scope</p>' },
      selection: { text: word, matchCount: textOccurrences(storage, word).length, matchIndex: 0 },
    });
    inlineIds.push(made.id);
  }
  inlineBefore = await outsideInline();
});

/** The inline comments of pages outside ENG and ~acc-ada, with their state and the storage they mark. */
async function outsideInline(): Promise<string[]> {
  const outside = census.pages.filter(
    (p) => !census.spaces.some((s) => s.id === p.spaceId && ['ENG', '~acc-ada'].includes(s.key)),
  );
  const out: string[] = [];
  for (const page of outside) {
    for (const c of (await full.listInlineComments(page.id, { limit: 250 })).items) {
      out.push(`${page.id}:${c.id}:${c.resolutionStatus ?? ''}:${c.version?.number ?? 0}`);
    }
    const storage = (await full.getPage(page.id, { bodyFormat: 'storage' })).body?.value ?? '';
    out.push(`${page.id}:markers:${(storage.match(/ac:inline-comment-marker /g) ?? []).length}`);
  }
  return out;
}

/** The comment and people tools: any page, footer and inline comment ids of every space. */
function commentCalls(pageId: fc.Arbitrary<string>, commentId: fc.Arbitrary<string>) {
  const inlineId = fc.constantFrom(...inlineIds, '777777777');
  return [
    fc.record({
      name: fc.constant('get_confluence_comments'),
      input: fc.record({ pageId, type: fc.constantFrom('all', 'footer', 'inline') }),
    }),
    fc.record({
      name: fc.constant('add_confluence_inline_comment'),
      input: fc.record({
        pageId,
        selection: fc.constantFrom('the', 'and', 'deploy'),
        matchIndex: fc.constant(0),
        body: fc.constant('Scoped inline comment.'),
      }),
    }),
    fc.record({
      name: fc.constant('resolve_confluence_comment'),
      input: fc.record({ commentId: fc.oneof(commentId, inlineId), resolved: fc.boolean() }),
    }),
    fc.record({
      name: fc.constant('search_confluence_users'),
      input: fc.record({ query: fc.constantFrom('ada', 'bob') }),
    }),
  ];
}

test('property: no tool and no input reaches a space outside the allow-list', async () => {
  const allowed = ['ENG', '~acc-ada'];
  const allowedIds = new Set(census.spaces.filter((s) => allowed.includes(s.key)).map((s) => s.id));
  const outsidePages = census.pages.filter((p) => !allowedIds.has(p.spaceId));
  const outsideFolders = folders.filter((f) => !allowedIds.has(f.spaceId));
  const outsideIds = new Set([...outsidePages.map((p) => p.id), ...outsideFolders.map((f) => f.id)]);
  const outsideTitles = [...outsidePages, ...outsideFolders]
    .map((p) => p.title)
    .filter((t) => t.length >= 12);
  const outsideKeys = census.spaces.filter((s) => !allowed.includes(s.key)).map((s) => s.key);
  const ctx = { client: scopedClient(allowed) };
  const seen = { ok: 0, refused: 0 };
  // Every tool of the registry is exercised below (a new tool must join the arbitrary).
  const exercised = new Set(fc.sample(callArbitrary(), { numRuns: 3000, seed: 1 }).map((call) => call.name));
  expect([...exercised].sort()).toEqual(confluenceTools.map((t) => t.name).sort());

  await fc.assert(
    fc.asyncProperty(callArbitrary(), async ({ name, input }) => {
      const outcome = await callTool(ctx, name, input);
      if (!outcome.ok) {
        seen.refused++;
        return;
      }
      seen.ok++;
      const text = JSON.stringify(outcome.result);
      for (const title of outsideTitles) expect(text).not.toContain(title);
      for (const key of outsideKeys) expect(text).not.toContain(secretOf(key));
      const result = outcome.result as Record<string, unknown>;
      const ids: string[] = [];
      if (Array.isArray(result.spaces)) {
        for (const space of result.spaces as { key: string }[]) expect(allowed).toContain(space.key);
      }
      if (Array.isArray(result.results)) {
        for (const hit of result.results as { id: string; spaceKey: string | null }[]) {
          expect(allowed).toContain(hit.spaceKey);
          ids.push(hit.id);
        }
      }
      if (Array.isArray(result.pages)) ids.push(...(result.pages as { id: string }[]).map((p) => p.id));
      for (const list of [result.items, result.ancestors]) {
        if (Array.isArray(list)) ids.push(...(list as { id: string }[]).map((p) => p.id));
      }
      const copied = result.page as { id: string; spaceId: string } | null | undefined;
      if (copied) {
        expect(allowedIds.has(copied.spaceId)).toBe(true);
        ids.push(copied.id);
      }
      if (typeof result.spaceId === 'string') expect(allowedIds.has(result.spaceId)).toBe(true);
      if (typeof result.pageId === 'string') ids.push(result.pageId);
      if (typeof result.id === 'string' && name !== 'add_confluence_comment') ids.push(result.id);
      for (const id of ids)
        expect(outsideIds.has(id), `${name} returned page ${id} of another space`).toBe(false);
    }),
    { numRuns: 300, ...(process.env.CI ? { seed: 20_261_202 } : {}) },
  );

  // Nothing outside was written: the same pages at the same versions, the same comments.
  const after = await takeCensus();
  const outsideAfter = after.pages.filter((p) => !allowedIds.has(p.spaceId));
  expect(outsideAfter).toEqual(outsidePages);
  const outsideComments = (c: Census) => c.comments.filter((x) => outsideIds.has(x.pageId)).map((x) => x.id);
  expect(outsideComments(after)).toEqual(outsideComments(census));
  const outsideLabels = (c: Census) => c.labels.filter((x) => outsideIds.has(x.pageId));
  expect(outsideLabels(after)).toEqual(outsideLabels(census));
  expect(await outsideInline()).toEqual(inlineBefore);
  expect(await outsideAttachments()).toEqual(attachmentsBefore);
  // The run exercised both sides.
  expect(seen.ok).toBeGreaterThan(30);
  expect(seen.refused).toBeGreaterThan(30);
}, 120_000);
