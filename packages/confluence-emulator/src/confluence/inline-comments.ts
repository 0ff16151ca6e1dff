import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { fail, json } from '../http/reply.js';
import type { BodyFormat } from './body.js';
import { bodyJson, bodyWriteSchema, toStoredBody } from './body.js';
import { badRequest, notFound, v2Error } from './errors.js';
import { commentWebui } from './links.js';
import type { InlineComment, InlineResolutionStatus } from './model.js';
import { currentVersion, makeBody } from './model.js';
import type { Sorting } from './pagination.js';
import { paginate } from './pagination.js';
import { boolParam, enumListParam, enumParam, idParam, limitParam } from './params.js';
import { iso, versionJson } from './serialize.js';
import type { SiteCtx, SiteHandler } from './site-ctx.js';
import { invalidBody, listReply, readJson } from './site-ctx.js';
import type { SiteStore } from './store.js';
import { findSelections, hasMarker, markSelection } from './text-selection.js';

const COMMENT_SORTS = ['created-date', '-created-date', 'modified-date', '-modified-date'] as const;
const BODY_FORMATS = ['storage', 'atlas_doc_format'] as const;
const RESOLUTIONS = ['resolved', 'open', 'dangling', 'reopened'] as const;
const STATUSES = ['current', 'archived', 'trashed', 'deleted', 'historical', 'draft'] as const;

const numericId = z.union([z.string().regex(/^\d+$/), z.int().nonnegative().transform(String)]);
const createSchema = z.object({
  pageId: numericId.optional(),
  parentCommentId: numericId.optional(),
  blogPostId: z.unknown().optional(),
  body: bodyWriteSchema,
  inlineCommentProperties: z
    .object({
      textSelection: z.string(),
      textSelectionMatchCount: z.int(),
      textSelectionMatchIndex: z.int(),
    })
    .optional(),
});
const updateSchema = z.object({
  version: z.object({ number: z.int(), message: z.string().optional() }),
  body: bodyWriteSchema.optional(),
  resolved: z.boolean().optional(),
});

/** A reply stands where its thread's top comment stands. */
function threadTop(site: SiteStore, comment: InlineComment): InlineComment {
  let top = comment;
  for (let i = 0; i < 100 && top.parentCommentId !== null; i++) {
    const parent = site.inlineComments.get(top.parentCommentId);
    if (parent === undefined) break;
    top = parent;
  }
  return top;
}

/** Open or reopened comments whose marker an edit of the page removed are dangling. */
export function resolutionOf(site: SiteStore, comment: InlineComment): InlineResolutionStatus {
  const top = threadTop(site, comment);
  if (top.resolutionStatus === 'resolved' || top.resolutionStatus === 'dangling') return top.resolutionStatus;
  const page = site.pages.get(top.pageId);
  const storage = page === undefined ? '' : currentVersion(page).body.storage;
  return hasMarker(storage, top.markerRef) ? top.resolutionStatus : 'dangling';
}

type Shape = 'page' | 'single' | 'children';

/** `PageInlineCommentModel`, `InlineCommentModel` and `InlineCommentChildrenModel` of the v2 spec. */
function inlineJson(
  site: SiteStore,
  comment: InlineComment,
  shape: Shape,
  options: { bodyFormat?: BodyFormat | undefined; withBase?: boolean; includeVersion?: boolean } = {},
): Record<string, unknown> {
  const version = currentVersion(comment);
  const top = threadTop(site, comment);
  const page = site.pages.get(comment.pageId);
  const json: Record<string, unknown> = { id: comment.id, status: comment.status, title: version.title };
  if (shape !== 'children') json.pageId = comment.pageId;
  if (shape !== 'page' && comment.parentCommentId !== null) json.parentCommentId = comment.parentCommentId;
  if (options.includeVersion ?? true) json.version = versionJson(version);
  if (options.bodyFormat !== undefined) json.body = bodyJson(site, version.body, options.bodyFormat);
  json.resolutionStatus = resolutionOf(site, comment);
  if (shape === 'single' && top.resolutionLastModifierId !== null) {
    json.resolutionLastModifierId = top.resolutionLastModifierId;
    json.resolutionLastModifiedAt = iso(top.resolutionLastModifiedAt ?? 0);
  }
  json.properties = { inlineMarkerRef: top.markerRef, inlineOriginalSelection: top.originalSelection };
  const title = page === undefined ? '' : currentVersion(page).title;
  const spaceKey = page === undefined ? '' : site.spaceOf(page).key;
  const links: Record<string, string> = { webui: commentWebui(spaceKey, comment.pageId, title, comment.id) };
  if (options.withBase === true) links.base = site.wikiBase;
  json._links = links;
  return json;
}

function sorting(sort: (typeof COMMENT_SORTS)[number] | undefined): Sorting<InlineComment> {
  const name = sort ?? 'created-date';
  const key = name.includes('modified')
    ? (c: InlineComment) => currentVersion(c).createdAt
    : (c: InlineComment) => c.createdAt;
  return { name, key, descending: name.startsWith('-') };
}

function list(ctx: SiteCtx, comments: InlineComment[], shape: Shape): ReturnType<SiteHandler> {
  const order = sorting(enumParam(ctx.query, 'sort', COMMENT_SORTS));
  const bodyFormat = enumParam(ctx.query, 'body-format', BODY_FORMATS);
  const limit = limitParam(ctx.query);
  const page = paginate(comments, order, ctx.query.get('cursor'), limit);
  const results = page.items.map((c) => inlineJson(ctx.site, c, shape, { bodyFormat }));
  return listReply(ctx, results, page.nextCursor);
}

/** `GET /wiki/api/v2/pages/{id}/inline-comments`: the page's top-level inline comments (replies via `/children`). */
export const listPageInlineComments: SiteHandler = (ctx) => {
  const page = ctx.site.pages.get(idParam(ctx.params.id));
  if (page === undefined) return notFound();
  const statuses: readonly string[] = enumListParam(ctx.query, 'status', STATUSES) ?? ['current'];
  const resolutions = enumListParam(ctx.query, 'resolution-status', RESOLUTIONS);
  const comments = [...ctx.site.inlineComments.values()].filter(
    (c) =>
      c.pageId === page.id &&
      c.parentCommentId === null &&
      statuses.includes(c.status) &&
      (resolutions === undefined || resolutions.includes(resolutionOf(ctx.site, c))),
  );
  return list(ctx, comments, 'page');
};

/** `GET /wiki/api/v2/inline-comments/{id}/children` */
export const listInlineCommentChildren: SiteHandler = (ctx) => {
  const parent = ctx.site.inlineComments.get(idParam(ctx.params.id));
  if (parent === undefined) return notFound();
  const replies = [...ctx.site.inlineComments.values()].filter((c) => c.parentCommentId === parent.id);
  return list(ctx, replies, 'children');
};

/** `GET /wiki/api/v2/inline-comments/{comment-id}` (a footer comment's id is a 404 here, as upstream). */
export const getInlineComment: SiteHandler = (ctx) => {
  const comment = ctx.site.inlineComments.get(idParam(ctx.params.id, 'comment-id'));
  if (comment === undefined) return notFound();
  const bodyFormat = enumParam(ctx.query, 'body-format', [...BODY_FORMATS, 'view'] as const);
  const includeVersion = boolParam(ctx.query, 'include-version', true);
  return json(200, inlineJson(ctx.site, comment, 'single', { bodyFormat, includeVersion, withBase: true }));
};

/**
 * `POST /wiki/api/v2/inline-comments` — 201. A top-level comment names its page and the text to highlight:
 * `textSelectionMatchCount` must be how often the text occurs, `textSelectionMatchIndex` (0-based) which one.
 * The page's current storage gains the marker (no new page version); a reply names `parentCommentId` only.
 */
export const createInlineComment: SiteHandler = (ctx) => {
  const parsed = createSchema.safeParse(readJson(ctx));
  if (!parsed.success) return invalidBody(parsed.error.issues);
  const input = parsed.data;
  if (input.blogPostId !== undefined) badRequest('Only page comments are supported: provide pageId.');
  if ((input.pageId === undefined) === (input.parentCommentId === undefined)) {
    badRequest('Provide exactly one of pageId (a comment) or parentCommentId (a reply), not both.');
  }
  const now = ctx.state.clock.now();
  if (input.parentCommentId !== undefined) {
    const parent = ctx.site.inlineComments.get(input.parentCommentId);
    if (parent === undefined) return notFound();
    return created(
      ctx,
      parent.pageId,
      parent.id,
      parent.markerRef,
      parent.originalSelection,
      input.body,
      now,
    );
  }
  const page = ctx.site.pages.get(input.pageId ?? '');
  if (page === undefined || page.status === 'trashed') return notFound();
  const selection = input.inlineCommentProperties;
  if (selection === undefined) {
    badRequest('inlineCommentProperties is required for a top-level inline comment.');
  }
  const { textSelection, textSelectionMatchCount: count, textSelectionMatchIndex: index } = selection;
  if (textSelection.trim() === '') badRequest('inlineCommentProperties.textSelection must not be empty.');
  const version = currentVersion(page);
  const matches = findSelections(version.body.storage, textSelection);
  if (matches.length === 0) {
    badRequest(`Cannot find the text selection on the page: "${textSelection}".`);
  }
  if (count !== matches.length) {
    badRequest(
      `textSelectionMatchCount (${count}) does not match the ${matches.length} occurrence(s) of the text selection on the page.`,
    );
  }
  const match = matches[index];
  if (index < 0 || match === undefined) {
    badRequest(`textSelectionMatchIndex must be between 0 and ${matches.length - 1}, not ${index}.`);
  }
  const ref = randomUUID();
  version.body = makeBody(markSelection(version.body.storage, match, ref));
  return created(ctx, page.id, null, ref, textSelection, input.body, now);
};

function created(
  ctx: SiteCtx,
  pageId: string,
  parentCommentId: string | null,
  markerRef: string,
  originalSelection: string,
  body: z.infer<typeof bodyWriteSchema>,
  now: number,
) {
  const page = ctx.site.pages.get(pageId);
  const comment = ctx.site.createInlineComment({
    pageId,
    parentCommentId,
    markerRef,
    originalSelection,
    version: {
      authorId: ctx.token.accountId,
      createdAt: now,
      title: `Re: ${page === undefined ? '' : currentVersion(page).title}`,
      body: toStoredBody(body),
    },
  });
  const location = `${ctx.site.wikiBase}/api/v2/inline-comments/${comment.id}`;
  const reply = inlineJson(ctx.site, comment, 'single', { bodyFormat: 'storage', withBase: true });
  return json(201, reply, { location });
}

/**
 * `PUT /wiki/api/v2/inline-comments/{comment-id}`: a new version (number current + 1, else 409), with a new body
 * and/or `resolved` (true resolves, false reopens; the state it has already is no change). Only a thread's top
 * comment has a resolution to change, and a dangling comment cannot be updated (400).
 */
export const updateInlineComment: SiteHandler = (ctx) => {
  const comment = ctx.site.inlineComments.get(idParam(ctx.params.id, 'comment-id'));
  if (comment === undefined) return notFound();
  const parsed = updateSchema.safeParse(readJson(ctx));
  if (!parsed.success) return invalidBody(parsed.error.issues);
  const input = parsed.data;
  const current = currentVersion(comment);
  if (input.version.number !== current.number + 1) {
    fail(
      v2Error(
        409,
        'CONFLICT',
        `Version must be incremented when updating a comment. Current Version: [${current.number}]. Provided version: [${input.version.number}]`,
      ),
    );
  }
  const now = ctx.state.clock.now();
  if (input.resolved !== undefined) {
    if (comment.parentCommentId !== null) {
      badRequest('Only a top-level inline comment can be resolved or reopened, not a reply.');
    }
    const status = resolutionOf(ctx.site, comment);
    if (status === 'dangling') badRequest('A dangling comment cannot be updated.');
    const next: InlineResolutionStatus | undefined = input.resolved
      ? status === 'resolved'
        ? undefined
        : 'resolved'
      : status === 'resolved'
        ? 'reopened'
        : undefined;
    if (next !== undefined) {
      comment.resolutionStatus = next;
      comment.resolutionLastModifierId = ctx.token.accountId;
      comment.resolutionLastModifiedAt = now;
    }
  }
  ctx.site.addVersion(comment, {
    authorId: ctx.token.accountId,
    createdAt: now,
    title: current.title,
    body: input.body === undefined ? current.body : toStoredBody(input.body),
    ...(input.version.message === undefined ? {} : { message: input.version.message }),
  });
  return json(200, inlineJson(ctx.site, comment, 'single', { bodyFormat: 'storage', withBase: true }));
};
