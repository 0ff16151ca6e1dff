import { z } from 'zod';
import type { InlineComment, InlineResolution } from '../client/inline-comment-models.js';
import type { FooterComment, PageOf } from '../client/models.js';
import { mentionedAccountIds } from '../content/index.js';
import { BadRequestError } from '../errors.js';
import { defineTool, type ToolContext } from './define-tool.js';
import { displayNames, markdownWithNames } from './people.js';
import { cursorSchema, idSchema, nextCursorSchema, toolInput } from './shared-schemas.js';

/*
 * Cost per call: one list request per segment read (footer, then inline), one `/children` request per comment
 * returned (replies included: Confluence does not say which comments have replies) up to REPLY_REQUESTS in all,
 * four threads at a time, and at most one users-bulk request for the authors' and mentioned people's names
 * (cached per connection). The budget keeps one call from spending the site's shared rate limit on a busy page.
 */

/** Replies fetched per thread at most (all levels); a longer thread says so with `repliesTruncated`. */
const MAX_REPLIES = 500;
/** Threads whose replies are fetched side by side. */
const PARALLEL_THREADS = 4;
/** `/children` requests one call may send, over all its threads; threads left without replies say so. */
const REPLY_REQUESTS = 100;

type Kind = 'footer' | 'inline';
type AnyComment = (FooterComment | InlineComment) & { kind: Kind };

const input = toolInput({
  pageId: idSchema('page'),
  type: z
    .enum(['all', 'footer', 'inline'])
    .default('all')
    .describe(
      '"footer" (comments at the bottom of the page), "inline" (comments anchored to text), or "all" (footer ' +
        'threads first, then inline ones).',
    ),
  resolution: z
    .enum(['all', 'open', 'resolved'])
    .default('all')
    .describe(
      'Inline comments only: "open" (open or reopened), "resolved", or "all" (also "dangling" ones, whose text ' +
        'was removed from the page). Footer comments have no resolution and are listed either way.',
    ),
  bodyFormat: z
    .enum(['markdown', 'storage'])
    .default('markdown')
    .describe(
      'Format of each comment body: "markdown" (mentions read [@Name](confluence-user:…)) or "storage".',
    ),
  limit: z.int().min(1).max(100).default(25).describe('Top-level comments (threads) per call (1-100).'),
  cursor: cursorSchema,
});

const author = z.object({
  accountId: z.string().nullable(),
  displayName: z.string().nullable().describe('null when Confluence did not give the name.'),
});

const reply = z.object({
  id: z.string(),
  parentCommentId: z.string().describe('The comment this one answers (the thread top or another reply).'),
  author,
  createdAt: z.string().nullable().describe('When this version of the comment was written.'),
  body: z.string(),
  webUrl: z.string().nullable(),
});

const thread = z.object({
  id: z.string(),
  type: z.enum(['footer', 'inline']),
  author,
  createdAt: z.string().nullable().describe('When this version of the comment was written.'),
  version: z.int().nullable(),
  body: z.string(),
  webUrl: z.string().nullable(),
  resolutionStatus: z
    .enum(['open', 'reopened', 'resolved', 'dangling'])
    .nullable()
    .describe(
      'Inline comments: open, reopened, resolved, or dangling (its text is gone). null for footer comments.',
    ),
  inlineSelection: z
    .string()
    .nullable()
    .describe('Inline comments: the page text the comment is anchored to. null for footer comments.'),
  replies: z.array(reply).describe('Every reply in the thread, oldest first, each naming its parent.'),
  repliesTruncated: z
    .boolean()
    .describe(
      `true when not every reply was read: the thread has more than ${MAX_REPLIES}, or this call had read ` +
        `${REPLY_REQUESTS} reply lists already (ask for fewer threads with a lower \`limit\` to get them).`,
    ),
});

const output = z.object({
  pageId: z.string(),
  comments: z.array(thread),
  nextCursor: nextCursorSchema,
});

interface Position {
  kind: Kind;
  cursor?: string;
}

function encodeCursor(p: Position): string {
  return Buffer.from(JSON.stringify(p)).toString('base64url');
}

function decodeCursor(raw: string | undefined, kinds: readonly Kind[]): Position {
  const first = kinds[0] ?? 'footer';
  if (raw === undefined) return { kind: first };
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  const p = parsed as Partial<Position> | null;
  if (
    p === null ||
    typeof p !== 'object' ||
    !kinds.includes(p.kind as Kind) ||
    (p.cursor !== undefined && typeof p.cursor !== 'string')
  ) {
    throw new BadRequestError(
      'cursor is not one this tool gave for this `type`: pass the nextCursor of the previous call unchanged.',
    );
  }
  return p.cursor === undefined ? { kind: p.kind as Kind } : { kind: p.kind as Kind, cursor: p.cursor };
}

const RESOLUTIONS: Record<'open' | 'resolved', InlineResolution[]> = {
  open: ['open', 'reopened'],
  resolved: ['resolved'],
};

async function topLevel(
  ctx: ToolContext,
  pageId: string,
  at: Position,
  limit: number,
  resolution: 'all' | 'open' | 'resolved',
): Promise<PageOf<AnyComment>> {
  const o = { signal: ctx.signal };
  const p = {
    bodyFormat: 'storage' as const,
    limit,
    ...(at.cursor === undefined ? {} : { cursor: at.cursor }),
  };
  if (at.kind === 'footer') {
    const page = await ctx.client.listFooterComments(pageId, p, o);
    return { ...page, items: page.items.map((c) => ({ ...c, kind: 'footer' as const })) };
  }
  const page = await ctx.client.listInlineComments(
    pageId,
    resolution === 'all' ? p : { ...p, resolutionStatus: RESOLUTIONS[resolution] },
    o,
  );
  return { ...page, items: page.items.map((c) => ({ ...c, kind: 'inline' as const })) };
}

/** A thread's replies at every level, breadth first, then ordered by time (ties by id). */
async function repliesOf(
  ctx: ToolContext,
  top: AnyComment,
  budget: { requestsLeft: number },
): Promise<{ items: AnyComment[]; truncated: boolean }> {
  const o = { signal: ctx.signal };
  const found: AnyComment[] = [];
  const queue = [top.id];
  while (queue.length > 0) {
    const parentId = queue.shift() ?? '';
    let cursor: string | undefined;
    do {
      if (budget.requestsLeft <= 0) return { items: sortByTime(found), truncated: true };
      budget.requestsLeft--;
      const p = { bodyFormat: 'storage' as const, limit: 250, ...(cursor === undefined ? {} : { cursor }) };
      const page =
        top.kind === 'footer'
          ? await ctx.client.listCommentReplies(parentId, p, o)
          : await ctx.client.listInlineCommentReplies(parentId, p, o);
      for (const item of page.items) {
        if (found.length >= MAX_REPLIES) return { items: sortByTime(found), truncated: true };
        // `/children` lists omit parentCommentId on some shapes: the parent is the one asked about.
        found.push({ ...item, parentCommentId: item.parentCommentId ?? parentId, kind: top.kind });
        queue.push(item.id);
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
  }
  return { items: sortByTime(found), truncated: false };
}

function sortByTime(items: AnyComment[]): AnyComment[] {
  return items.sort(
    (a, b) =>
      (a.version?.createdAt ?? '').localeCompare(b.version?.createdAt ?? '') || Number(a.id) - Number(b.id),
  );
}

/** Runs `fn` over `items`, `width` at a time, keeping their order. */
async function inBatches<T, R>(items: T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += width)
    out.push(...(await Promise.all(items.slice(i, i + width).map(fn))));
  return out;
}

export const getComments = defineTool({
  name: 'get_confluence_comments',
  title: 'Read comments',
  summary: "Reads a page's comments, footer and inline, as threads with their replies.",
  description:
    "Reads a Confluence page's comments (`pageId`) as threads: each top-level comment with all its replies " +
    '(each naming its `parentCommentId`), author (account id and display name), date and body (Markdown by ' +
    'default). Footer comments come first, then inline comments, which also carry `inlineSelection` (the page ' +
    'text they highlight) and `resolutionStatus` (open, reopened, resolved, dangling); `resolution` filters ' +
    'inline ones. Paged by threads: pass `nextCursor` back as `cursor` for more. Reply to a footer comment with ' +
    'add_confluence_comment (`parentCommentId`); resolve or reopen an inline one with resolve_confluence_comment.',
  readOnly: true,
  capability: 'read',
  idempotent: true,
  input,
  output,
  async run(ctx, args) {
    const kinds: Kind[] = args.type === 'all' ? ['footer', 'inline'] : [args.type];
    let at: Position | undefined = decodeCursor(args.cursor, kinds);
    const tops: AnyComment[] = [];
    let nextCursor: string | null = null;
    while (at !== undefined && tops.length < args.limit) {
      const batch = await topLevel(ctx, args.pageId, at, args.limit - tops.length, args.resolution);
      tops.push(...batch.items);
      const following: Kind | undefined = kinds[kinds.indexOf(at.kind) + 1];
      if (batch.nextCursor !== null) {
        nextCursor = encodeCursor({ kind: at.kind, cursor: batch.nextCursor });
        at = undefined;
      } else if (following !== undefined && tops.length >= args.limit) {
        nextCursor = encodeCursor({ kind: following });
        at = undefined;
      } else {
        at = following === undefined ? undefined : { kind: following };
      }
    }
    const budget = { requestsLeft: REPLY_REQUESTS };
    const threads = await inBatches(tops, PARALLEL_THREADS, async (top) => ({
      top,
      ...(await repliesOf(ctx, top, budget)),
    }));

    // One name lookup for every author and mention on this batch.
    const everyone = threads.flatMap((t) => [t.top, ...t.items]);
    const ids = everyone.flatMap((c) => [
      ...(c.version?.authorId === undefined ? [] : [c.version.authorId]),
      ...(args.bodyFormat === 'markdown' ? mentionedAccountIds(c.body?.value ?? '') : []),
    ]);
    const names = await displayNames(ctx, ids);
    const bodyOf = (c: AnyComment) =>
      args.bodyFormat === 'markdown'
        ? markdownWithNames(ctx, c.body?.value ?? '', names)
        : (c.body?.value ?? '');
    const authorOf = (c: AnyComment) => ({
      accountId: c.version?.authorId ?? null,
      displayName: c.version?.authorId === undefined ? null : (names.get(c.version.authorId) ?? null),
    });

    const comments = await Promise.all(
      threads.map(async ({ top, items, truncated }) => ({
        id: top.id,
        type: top.kind,
        author: authorOf(top),
        createdAt: top.version?.createdAt ?? null,
        version: top.version?.number ?? null,
        body: await bodyOf(top),
        webUrl: top.webUrl ?? null,
        resolutionStatus: 'resolutionStatus' in top ? (top.resolutionStatus ?? 'open') : null,
        inlineSelection: 'selection' in top ? (top.selection ?? null) : null,
        replies: await Promise.all(
          items.map(async (r) => ({
            id: r.id,
            parentCommentId: r.parentCommentId ?? top.id,
            author: authorOf(r),
            createdAt: r.version?.createdAt ?? null,
            body: await bodyOf(r),
            webUrl: r.webUrl ?? null,
          })),
        ),
        repliesTruncated: truncated,
      })),
    );
    return { pageId: args.pageId, comments, nextCursor };
  },
});
