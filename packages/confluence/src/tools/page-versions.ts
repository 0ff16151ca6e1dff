import { z } from 'zod';
import { storageMarkdownDiffAsync } from '../content/pool.js';
import { defineTool } from './define-tool.js';
import { displayNames, markdownWithNames } from './people.js';
import { cursorSchema, idSchema, nextCursorSchema, toolInput } from './shared-schemas.js';

/** Drafts are versions too (a draft is at version 1); archived pages keep their history. */
const READABLE: ('current' | 'archived' | 'draft')[] = ['current', 'archived', 'draft'];

const versionNumber = (what: string) => z.int().min(1).describe(what);

const versionOutput = z.object({
  number: z.int(),
  authorId: z.string().nullable().describe('Account id of who saved this version.'),
  authorName: z.string().nullable().describe('Their display name; null when Confluence did not give it.'),
  message: z.string().describe('The version message ("what changed"); "" when none was given.'),
  createdAt: z.string().nullable().describe('When it was saved (ISO 8601).'),
  minorEdit: z.boolean().describe('Saved as a minor edit (no notifications).'),
});

export const getPageVersions = defineTool({
  name: 'get_confluence_page_versions',
  title: 'List page versions',
  summary: "Lists a page's history: who saved each version, when, and with what message.",
  description:
    'Lists the versions of a Confluence page (`pageId`), newest first: number, author (account id and display ' +
    'name), message, date and whether it was a minor edit. Paged: pass `nextCursor` back as `cursor` for older ' +
    'versions. Read one with get_confluence_page_version, compare two with diff_confluence_page_versions, bring ' +
    'one back with restore_confluence_page_version.',
  readOnly: true,
  capability: 'read',
  idempotent: true,
  input: toolInput({
    pageId: idSchema('page'),
    limit: z.int().min(1).max(250).default(25).describe('Maximum number of versions in this call (1-250).'),
    cursor: cursorSchema,
  }),
  output: z.object({ pageId: z.string(), versions: z.array(versionOutput), nextCursor: nextCursorSchema }),
  async run(ctx, args) {
    const page = await ctx.client.listPageVersions(
      args.pageId,
      { limit: args.limit, cursor: args.cursor },
      { signal: ctx.signal },
    );
    const names = await displayNames(
      ctx,
      page.items.flatMap((v) => (v.authorId === undefined ? [] : [v.authorId])),
    );
    return {
      pageId: args.pageId,
      versions: page.items.map((v) => ({
        number: v.number,
        authorId: v.authorId ?? null,
        authorName: v.authorId === undefined ? null : (names.get(v.authorId) ?? null),
        message: v.message,
        createdAt: v.createdAt ?? null,
        minorEdit: v.minorEdit,
      })),
      nextCursor: page.nextCursor,
    };
  },
});

export const getPageVersion = defineTool({
  name: 'get_confluence_page_version',
  title: 'Read a past version',
  summary: 'Reads a page as it was in one past version, as Markdown or storage.',
  description:
    'Reads version `version` of a Confluence page (`pageId`): its title and body as they were then, as Markdown ' +
    '(default) or storage XHTML, with who saved it, when and the message. Version numbers come from ' +
    'get_confluence_page_versions. To edit the page, read the current version with get_confluence_page.',
  readOnly: true,
  capability: 'read',
  idempotent: true,
  input: toolInput({
    pageId: idSchema('page'),
    version: versionNumber('The version number to read.'),
    bodyFormat: z
      .enum(['markdown', 'storage'])
      .default('markdown')
      .describe('"markdown" (default) or "storage" (Confluence XHTML, exact).'),
  }),
  output: z.object({
    id: z.string(),
    title: z.string().describe('The title in that version.'),
    version: versionOutput,
    body: z.object({ format: z.string(), value: z.string() }),
  }),
  async run(ctx, args) {
    const page = await ctx.client.getPage(
      args.pageId,
      { bodyFormat: 'storage', version: args.version, status: READABLE },
      { signal: ctx.signal },
    );
    const storage = page.body?.value ?? '';
    const v = page.version;
    const names = await displayNames(ctx, v.authorId === undefined ? [] : [v.authorId]);
    return {
      id: page.id,
      title: page.title,
      version: {
        number: v.number,
        authorId: v.authorId ?? null,
        authorName: v.authorId === undefined ? null : (names.get(v.authorId) ?? null),
        message: v.message,
        createdAt: v.createdAt ?? null,
        minorEdit: v.minorEdit,
      },
      body: {
        format: args.bodyFormat,
        value: args.bodyFormat === 'markdown' ? await markdownWithNames(ctx, storage, names) : storage,
      },
    };
  },
});

export const diffPageVersions = defineTool({
  name: 'diff_confluence_page_versions',
  title: 'Compare two versions',
  summary: 'Shows what changed between two versions of a page, as a diff of their Markdown.',
  description:
    'Compares two versions of a Confluence page (`pageId`, `from`, `to`; `to` defaults to the current version) ' +
    'as a unified diff of their Markdown, 3 lines of context ("" when the bodies read the same), plus both ' +
    'titles. Version numbers come from get_confluence_page_versions.',
  readOnly: true,
  capability: 'read',
  idempotent: true,
  input: toolInput({
    pageId: idSchema('page'),
    from: versionNumber('The older version (the diff\'s "before").'),
    to: versionNumber('The newer version (the diff\'s "after"); default the current version.').optional(),
  }),
  output: z.object({
    pageId: z.string(),
    from: z.object({ version: z.int(), title: z.string() }),
    to: z.object({ version: z.int(), title: z.string() }),
    titleChanged: z.boolean(),
    diff: z.string().describe('Unified diff of the body as Markdown ("" when unchanged).'),
  }),
  async run(ctx, args) {
    const o = { signal: ctx.signal };
    const read = (version: number | undefined) =>
      ctx.client.getPage(args.pageId, { bodyFormat: 'storage', version, status: READABLE }, o);
    const [before, after] = await Promise.all([read(args.from), read(args.to)]);
    const diff = await storageMarkdownDiffAsync(before.body?.value ?? '', after.body?.value ?? '', {
      before: `version ${before.version.number}`,
      after: `version ${after.version.number}`,
    });
    return {
      pageId: args.pageId,
      from: { version: before.version.number, title: before.title },
      to: { version: after.version.number, title: after.title },
      titleChanged: before.title !== after.title,
      diff,
    };
  },
});
