import { z } from 'zod';
import { BadRequestError } from '../errors.js';
import { defineTool } from './define-tool.js';
import { LIVE, placed, placedPage, readPlaced, spaceHomepage } from './page-placement.js';
import { idSchema, spaceKeySchema, toolInput } from './shared-schemas.js';

const input = toolInput({
  pageId: idSchema('page to move'),
  targetPageId: idSchema('target page')
    .optional()
    .describe('The page to move it relative to (see `position`); in this space or another one.'),
  position: z
    .enum(['append', 'before', 'after'])
    .default('append')
    .describe(
      '"append" (default): the page becomes the last child of targetPageId. "before" / "after": it becomes a ' +
        'sibling of targetPageId, just before or after it under the same parent.',
    ),
  spaceKey: spaceKeySchema
    .optional()
    .describe('Instead of targetPageId: move the page into this space, under its homepage.'),
})
  .refine((a) => (a.targetPageId === undefined) !== (a.spaceKey === undefined), {
    message: 'Give exactly one of targetPageId or spaceKey.',
    path: ['targetPageId'],
  })
  .refine((a) => a.spaceKey === undefined || a.position === 'append', {
    message: 'With spaceKey the page goes under the space homepage: position must be "append" (or omitted).',
    path: ['position'],
  });

const output = z.object({
  ...placedPage,
  previousParentId: z.string().nullable(),
  previousSpaceId: z.string(),
});

export const movePage = defineTool({
  name: 'move_confluence_page',
  title: 'Move a page',
  summary: 'Moves a page, with its child pages, under another parent, beside a page, or into another space.',
  description:
    'Moves a Confluence page and everything below it. Give `targetPageId` and a `position`: "append" (default) ' +
    'makes the page the last child of the target, "before"/"after" puts it next to the target under the same ' +
    'parent. The target may be in another space: the page and its subtree move there. Or give `spaceKey` alone to ' +
    "move the page under that space's homepage. Nothing is deleted and the page keeps its id, content and history. " +
    'A page cannot go below itself or its own descendants, and a space cannot hold two pages with one title ' +
    '(BAD_REQUEST: rename first with update_confluence_page). Returns where the page is now.',
  readOnly: false,
  capability: 'write',
  // The page keeps its content and history; a move can be undone by moving it back.
  destructive: false,
  // Moving a page to where it already is changes nothing.
  idempotent: true,
  input,
  output,
  async run(ctx, args) {
    const o = { signal: ctx.signal };
    const before = await ctx.client.getPage(args.pageId, { status: LIVE }, o);
    const targetId = args.targetPageId ?? (await spaceHomepage(ctx, args.spaceKey ?? ''));
    if (targetId === args.pageId) {
      throw new BadRequestError(
        `Page ${args.pageId} cannot be moved relative to itself: give another page as targetPageId.`,
        { fieldErrors: { targetPageId: ['The target is the page being moved.'] } },
      );
    }
    await ctx.client.movePage(args.pageId, args.position, targetId, o);
    const after = await readPlaced(ctx, args.pageId);
    return { ...after, previousParentId: placed(before).parentId, previousSpaceId: before.spaceId };
  },
});
