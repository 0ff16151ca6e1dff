import { z } from 'zod';
import { toStorageBody } from './body.js';
import { defineTool } from './define-tool.js';
import { idSchema, writeFormatSchema, toolInput } from './shared-schemas.js';

const input = toolInput({
  pageId: idSchema('page').optional().describe('Page to comment on. Omit when replying.'),
  parentCommentId: idSchema('comment')
    .optional()
    .describe('Reply to this footer comment instead of starting a new one. Omit pageId then.'),
  body: z
    .string()
    .trim()
    .min(1)
    .max(1_000_000)
    .describe('Comment text, in the format given by `bodyFormat`.'),
  bodyFormat: writeFormatSchema,
}).refine((a) => Boolean(a.pageId) !== Boolean(a.parentCommentId), {
  message: 'Give pageId for a new comment, or parentCommentId for a reply (not both).',
  path: ['pageId'],
});

const output = z.object({
  id: z.string(),
  pageId: z.string().nullable(),
  parentCommentId: z.string().nullable(),
  version: z.int().nullable(),
  webUrl: z.string().nullable(),
});

export const addComment = defineTool({
  name: 'add_confluence_comment',
  title: 'Comment on a page',
  description:
    'Posts a footer comment on a Confluence page (`pageId`), or a threaded reply to an existing footer comment ' +
    '(`parentCommentId`). The body is Markdown by default or storage XHTML with `bodyFormat: "storage"`. ' +
    'Returns the new comment id.',
  readOnly: false,
  capability: 'comment',
  destructive: false,
  idempotent: false,
  input,
  output,
  async run(ctx, args) {
    const body = toStorageBody(args.body, args.bodyFormat);
    const comment = await ctx.client.createFooterComment(
      args.parentCommentId
        ? { parentCommentId: args.parentCommentId, body }
        : { pageId: args.pageId ?? '', body },
      { signal: ctx.signal },
    );
    return {
      id: comment.id,
      pageId: comment.pageId ?? args.pageId ?? null,
      parentCommentId: comment.parentCommentId ?? args.parentCommentId ?? null,
      version: comment.version?.number ?? null,
      webUrl: comment.webUrl ?? null,
    };
  },
});
