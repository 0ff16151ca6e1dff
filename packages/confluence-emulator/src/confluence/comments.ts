import { z } from 'zod';
import { json } from '../http/reply.js';
import { bodyWriteSchema, toStoredBody } from './body.js';
import { badRequest, notFound } from './errors.js';
import type { FooterComment } from './model.js';
import { currentVersion } from './model.js';
import type { Sorting } from './pagination.js';
import { paginate } from './pagination.js';
import { boolParam, enumParam, idParam, limitParam } from './params.js';
import type { CommentShape } from './serialize.js';
import { commentJson } from './serialize.js';
import type { SiteCtx, SiteHandler } from './site-ctx.js';
import { invalidBody, listReply, readJson } from './site-ctx.js';

const COMMENT_SORTS = ['created-date', '-created-date', 'modified-date', '-modified-date'] as const;
const BODY_FORMATS = ['storage', 'atlas_doc_format'] as const;

const numericId = z.union([z.string().regex(/^\d+$/), z.int().nonnegative().transform(String)]);
const createCommentSchema = z.object({
  pageId: numericId.optional(),
  parentCommentId: numericId.optional(),
  blogPostId: z.unknown().optional(),
  attachmentId: z.unknown().optional(),
  customContentId: z.unknown().optional(),
  body: bodyWriteSchema,
});

function commentSorting(sort: (typeof COMMENT_SORTS)[number] | undefined): Sorting<FooterComment> {
  const name = sort ?? 'created-date';
  const key = name.includes('modified')
    ? (c: FooterComment) => currentVersion(c).createdAt
    : (c: FooterComment) => c.createdAt;
  return { name, key, descending: name.startsWith('-') };
}

function listComments(ctx: SiteCtx, comments: FooterComment[], shape: CommentShape): ReturnType<SiteHandler> {
  const sorting = commentSorting(enumParam(ctx.query, 'sort', COMMENT_SORTS));
  const bodyFormat = enumParam(ctx.query, 'body-format', BODY_FORMATS);
  const limit = limitParam(ctx.query);
  const page = paginate(comments, sorting, ctx.query.get('cursor'), limit);
  const results = page.items.map((c) => commentJson(ctx.site, c, shape, { bodyFormat }));
  return listReply(ctx, results, page.nextCursor);
}

/** `GET /wiki/api/v2/pages/{id}/footer-comments`: the page's top-level comments (replies via `/children`). */
export const listPageComments: SiteHandler = (ctx) => {
  const page = ctx.site.pages.get(idParam(ctx.params.id));
  if (page === undefined) return notFound();
  const comments = [...ctx.site.comments.values()].filter(
    (c) => c.pageId === page.id && c.parentCommentId === null,
  );
  return listComments(ctx, comments, 'page');
};

/** `GET /wiki/api/v2/footer-comments` */
export const listAllComments: SiteHandler = (ctx) =>
  listComments(ctx, [...ctx.site.comments.values()], 'footer');

/** `GET /wiki/api/v2/footer-comments/{id}/children` */
export const listCommentChildren: SiteHandler = (ctx) => {
  const parent = ctx.site.comments.get(idParam(ctx.params.id));
  if (parent === undefined) return notFound();
  const replies = [...ctx.site.comments.values()].filter((c) => c.parentCommentId === parent.id);
  return listComments(ctx, replies, 'children');
};

/** `GET /wiki/api/v2/footer-comments/{comment-id}` */
export const getComment: SiteHandler = (ctx) => {
  const comment = ctx.site.comments.get(idParam(ctx.params.id, 'comment-id'));
  if (comment === undefined) return notFound();
  const bodyFormat = enumParam(ctx.query, 'body-format', [...BODY_FORMATS, 'view'] as const);
  const includeVersion = boolParam(ctx.query, 'include-version', true);
  return json(200, commentJson(ctx.site, comment, 'footer', { bodyFormat, includeVersion, withBase: true }));
};

/** `POST /wiki/api/v2/footer-comments` — 201; `pageId` for a comment or `parentCommentId` for a reply, not both. */
export const createComment: SiteHandler = (ctx) => {
  const parsed = createCommentSchema.safeParse(readJson(ctx));
  if (!parsed.success) return invalidBody(parsed.error.issues);
  const input = parsed.data;
  if (
    input.blogPostId !== undefined ||
    input.attachmentId !== undefined ||
    input.customContentId !== undefined
  ) {
    badRequest('Only page comments are supported: provide pageId or parentCommentId.');
  }
  if ((input.pageId === undefined) === (input.parentCommentId === undefined)) {
    badRequest('Provide exactly one of pageId (a comment) or parentCommentId (a reply), not both.');
  }
  const parent =
    input.parentCommentId === undefined ? undefined : ctx.site.comments.get(input.parentCommentId);
  const pageId = parent?.pageId ?? input.pageId ?? '';
  const page = ctx.site.pages.get(pageId);
  if (page === undefined || (input.parentCommentId !== undefined && parent === undefined)) return notFound();
  const comment = ctx.site.createComment({
    pageId: page.id,
    parentCommentId: parent?.id ?? null,
    version: {
      authorId: ctx.token.accountId,
      createdAt: ctx.state.clock.now(),
      title: `Re: ${currentVersion(page).title}`,
      body: toStoredBody(input.body),
    },
  });
  const location = `${ctx.site.wikiBase}/api/v2/footer-comments/${comment.id}`;
  const body = commentJson(ctx.site, comment, 'footer', { bodyFormat: 'storage', withBase: true });
  return json(201, body, { location });
};
