import { z } from 'zod';
import { toStorageBody } from './body.js';
import { defineTool } from './define-tool.js';
import { idSchema, toolInput, writeFormatSchema, writeOutput, writeSafetyInputs } from './shared-schemas.js';

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
  ...writeSafetyInputs,
}).refine((a) => Boolean(a.pageId) !== Boolean(a.parentCommentId), {
  message: 'Give pageId for a new comment, or parentCommentId for a reply (not both).',
  path: ['pageId'],
});

const output = writeOutput(
  {
    id: z.string(),
    pageId: z.string().nullable(),
    parentCommentId: z.string().nullable(),
    version: z.int().nullable(),
    webUrl: z.string().nullable(),
  },
  {
    pageId: z
      .string()
      .nullable()
      .describe('The page commented on (for a reply, as the parent comment says).'),
    parentCommentId: z.string().nullable(),
    body: z.string().describe('The storage XHTML that would be sent.'),
  },
);

export const addComment = defineTool({
  name: 'add_confluence_comment',
  title: 'Comment on a page',
  summary: 'Posts a comment at the bottom of a page, or a reply to one.',
  description:
    'Posts a footer comment on a Confluence page (`pageId`), or a threaded reply to an existing footer comment ' +
    '(`parentCommentId`). The body is Markdown by default or storage XHTML with `bodyFormat: "storage"`. ' +
    'Returns the new comment id. Pass an `idempotencyKey` to make retries safe, and `dryRun: true` to check the ' +
    'page or comment exists and see what would be sent without posting.',
  readOnly: false,
  capability: 'comment',
  destructive: false,
  idempotent: false,
  input,
  output,
  async run(ctx, args) {
    const body = await toStorageBody(args.body, args.bodyFormat);
    if (args.dryRun) {
      const o = { signal: ctx.signal };
      const pageId = args.parentCommentId
        ? ((await ctx.client.getFooterComment(args.parentCommentId, o)).pageId ?? null)
        : (await ctx.client.getPage(args.pageId ?? '', {}, o)).id;
      return {
        dryRun: true as const,
        pageId,
        parentCommentId: args.parentCommentId ?? null,
        body: body.value,
      };
    }
    const comment = await ctx.client.createFooterComment(
      args.parentCommentId
        ? { parentCommentId: args.parentCommentId, body }
        : { pageId: args.pageId ?? '', body },
      { signal: ctx.signal },
    );
    return {
      dryRun: false as const,
      id: comment.id,
      pageId: comment.pageId ?? args.pageId ?? null,
      parentCommentId: comment.parentCommentId ?? args.parentCommentId ?? null,
      version: comment.version?.number ?? null,
      webUrl: comment.webUrl ?? null,
    };
  },
});
