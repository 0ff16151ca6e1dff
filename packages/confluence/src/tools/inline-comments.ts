import { z } from 'zod';
import type { InlineComment } from '../client/inline-comment-models.js';
import { textOccurrences } from '../content/index.js';
import { BadRequestError, EditNotApplicableError, isConfluenceErrorKind } from '../errors.js';
import { toStorageBody } from './body.js';
import { defineTool, type ToolContext } from './define-tool.js';
import { idSchema, toolInput, writeFormatSchema, writeOutput, writeSafetyInputs } from './shared-schemas.js';

const RESOLUTION = z.enum(['open', 'reopened', 'resolved', 'dangling']);

const addInput = toolInput({
  pageId: idSchema('page'),
  selection: z
    .string()
    .min(1)
    .max(2000)
    .refine((s) => s.trim() !== '', 'selection must contain text')
    .describe(
      'The exact page text to anchor the comment to, as a reader sees it (plain text, not Markdown: no ** or ' +
        'link syntax; it may run across bold or links within one paragraph, heading, list item or cell).',
    ),
  matchIndex: z
    .int()
    .min(0)
    .optional()
    .describe(
      'Which occurrence of `selection` to anchor to, 0-based (0 = the first on the page, 1 = the second). ' +
        'Needed only when the text occurs more than once; the error then lists the occurrences.',
    ),
  body: z
    .string()
    .trim()
    .min(1)
    .max(1_000_000)
    .describe('Comment text, in the format given by `bodyFormat`.'),
  bodyFormat: writeFormatSchema,
  ...writeSafetyInputs,
});

const addOutput = writeOutput(
  {
    id: z.string(),
    pageId: z.string(),
    selection: z.string(),
    matchIndex: z.int().describe('The occurrence anchored to (0-based).'),
    matchCount: z.int().describe('How often the selection occurs on the page.'),
    resolutionStatus: RESOLUTION,
    webUrl: z.string().nullable(),
  },
  {
    pageId: z.string(),
    selection: z.string(),
    matchIndex: z.int(),
    matchCount: z.int(),
    context: z.string().describe('The text around the occurrence that would be highlighted.'),
    body: z.string().describe('The storage XHTML that would be sent.'),
  },
);

function describeOccurrences(found: string[]): string {
  return found
    .slice(0, 10)
    .map((text, i) => `[${i}] "${text}"`)
    .join(', ');
}

/** Which occurrence to anchor to, or a typed refusal that says what is on the page. */
function chooseOccurrence(
  pageId: string,
  selection: string,
  found: string[],
  matchIndex: number | undefined,
) {
  const shown = selection.length > 80 ? `${selection.slice(0, 80)}…` : selection;
  if (found.length === 0) {
    throw new EditNotApplicableError(
      `"${shown}" is not on page ${pageId}. Nothing was posted: give the text exactly as the page reads it ` +
        '(get_confluence_page shows it; plain text, not Markdown), within one paragraph, heading, list item or cell.',
      { matchCount: 0 },
    );
  }
  if (matchIndex === undefined && found.length > 1) {
    throw new EditNotApplicableError(
      `"${shown}" occurs ${found.length} times on page ${pageId}: ${describeOccurrences(found)}. Nothing was ` +
        'posted: pass matchIndex (0-based) to choose one, or a longer selection that occurs once.',
      { matchCount: found.length },
    );
  }
  const index = matchIndex ?? 0;
  const context = found[index];
  if (context === undefined) {
    throw new EditNotApplicableError(
      `matchIndex ${index} is out of range: "${shown}" occurs ${found.length} time${found.length === 1 ? '' : 's'} ` +
        `on page ${pageId} (matchIndex 0 to ${found.length - 1}). Nothing was posted.`,
      { matchCount: found.length },
    );
  }
  return { index, context };
}

export const addInlineComment = defineTool({
  name: 'add_confluence_inline_comment',
  title: 'Comment on page text',
  summary: 'Posts a comment anchored to a piece of text on a page, highlighted there.',
  description:
    'Posts an inline comment on a Confluence page (`pageId`), anchored to an exact piece of its text ' +
    '(`selection`), which Confluence then highlights. When the text occurs several times, pass `matchIndex` ' +
    '(0-based: 0 is the first occurrence); without it an ambiguous selection is refused with the list of ' +
    'occurrences, and text that is not on the page is refused too (EDIT_NOT_APPLICABLE with matchCount). The body ' +
    'is Markdown by default (mention people with [@Name](confluence-user:<accountId>), see ' +
    'search_confluence_users). Use add_confluence_comment for a comment on the page as a whole; ' +
    'resolve_confluence_comment resolves this one later. `dryRun: true` checks the selection without posting.',
  readOnly: false,
  capability: 'comment',
  destructive: false,
  idempotent: false,
  input: addInput,
  output: addOutput,
  async run(ctx, args) {
    const o = { signal: ctx.signal };
    const page = await ctx.client.getPage(args.pageId, { bodyFormat: 'storage' }, o);
    const found = textOccurrences(page.body?.value ?? '', args.selection);
    const { index, context } = chooseOccurrence(page.id, args.selection, found, args.matchIndex);
    const body = await toStorageBody(args.body, args.bodyFormat);
    if (args.dryRun) {
      return {
        dryRun: true as const,
        pageId: page.id,
        selection: args.selection,
        matchIndex: index,
        matchCount: found.length,
        context,
        body: body.value,
      };
    }
    const comment = await ctx.client.createInlineComment(
      {
        pageId: page.id,
        body,
        selection: { text: args.selection, matchCount: found.length, matchIndex: index },
      },
      o,
    );
    return {
      dryRun: false as const,
      id: comment.id,
      pageId: comment.pageId ?? page.id,
      selection: comment.selection ?? args.selection,
      matchIndex: index,
      matchCount: found.length,
      resolutionStatus: comment.resolutionStatus ?? 'open',
      webUrl: comment.webUrl ?? null,
    };
  },
});

/** The inline comment, or why this id cannot be resolved: a footer comment's id gets its own clear answer. */
async function inlineComment(ctx: ToolContext, commentId: string): Promise<InlineComment> {
  const o = { signal: ctx.signal };
  try {
    return await ctx.client.getInlineComment(commentId, { bodyFormat: 'storage' }, o);
  } catch (error) {
    if (!isConfluenceErrorKind(error, 'NOT_FOUND')) throw error;
    const footer = await ctx.client.getFooterComment(commentId, o).catch(() => undefined);
    if (footer === undefined) throw error;
    throw new BadRequestError(
      `Comment ${commentId} is a footer comment (at the bottom of the page): Confluence resolves only inline ` +
        'comments, those anchored to page text. Nothing was changed; reply to it with add_confluence_comment instead.',
    );
  }
}

export const resolveComment = defineTool({
  name: 'resolve_confluence_comment',
  title: 'Resolve a comment',
  summary: 'Resolves an inline comment, or reopens it.',
  description:
    'Resolves an inline comment (`commentId`, the top comment of its thread as get_confluence_comments lists ' +
    'it), or reopens it with `resolved: false`. Resolving a resolved comment (or reopening an open one) changes ' +
    'nothing and says so (`changed: false`). Footer comments cannot be resolved in Confluence, and neither can ' +
    'a reply (resolve its thread) or a dangling comment (its text was removed from the page): each is refused ' +
    'with BAD_REQUEST.',
  readOnly: false,
  capability: 'comment',
  destructive: false,
  idempotent: true,
  input: toolInput({
    commentId: idSchema('inline comment'),
    resolved: z.boolean().default(true).describe('true (default) resolves the comment; false reopens it.'),
  }),
  output: z.object({
    commentId: z.string(),
    pageId: z.string().nullable(),
    resolutionStatus: RESOLUTION,
    changed: z.boolean().describe('false when the comment already had that state (nothing was written).'),
  }),
  async run(ctx, args) {
    const comment = await inlineComment(ctx, args.commentId);
    if (comment.parentCommentId !== undefined) {
      throw new BadRequestError(
        `Comment ${args.commentId} is a reply: resolve its thread's top comment ${comment.parentCommentId} instead.`,
      );
    }
    const status = comment.resolutionStatus ?? 'open';
    if (status === 'dangling') {
      throw new BadRequestError(
        `Comment ${args.commentId} is dangling: the text it was anchored to is no longer on the page, and ` +
          'Confluence cannot resolve or reopen it. Nothing was changed.',
      );
    }
    const pageId = comment.pageId ?? null;
    if ((status === 'resolved') === args.resolved) {
      return { commentId: comment.id, pageId, resolutionStatus: status, changed: false };
    }
    const updated = await ctx.client.updateInlineComment(
      comment.id,
      {
        version: { number: (comment.version?.number ?? 1) + 1 },
        body: { representation: 'storage', value: comment.body?.value ?? '' },
        resolved: args.resolved,
      },
      { signal: ctx.signal },
    );
    return {
      commentId: updated.id,
      pageId: updated.pageId ?? pageId,
      resolutionStatus: updated.resolutionStatus ?? (args.resolved ? 'resolved' : 'reopened'),
      changed: true,
    };
  },
});
