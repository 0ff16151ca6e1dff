import { z } from 'zod';
import { BadRequestError, isConfluenceErrorKind } from '../errors.js';
import { defineTool } from './define-tool.js';
import { waitForTask } from './long-task.js';
import { LIVE, placed, placedPage, readPlaced } from './page-placement.js';
import { idSchema, toolInput } from './shared-schemas.js';

export const archivePage = defineTool({
  name: 'archive_confluence_page',
  title: 'Archive a page',
  summary: 'Archives a page: it leaves the page tree and search but stays readable and can be restored.',
  description:
    'Archives a Confluence page (`pageId`): it leaves the page tree and default search, keeps its content and ' +
    'history, stays readable with get_confluence_page (status "archived"), and a space admin can restore it. An ' +
    'archived page cannot be updated. Archiving a page that is already archived changes nothing. Returns the page ' +
    'with its status after the change (Confluence archives in the background; `finished` false means it was ' +
    'still working when the tool stopped waiting).',
  readOnly: false,
  capability: 'write',
  // The page and its history stay; an admin restores it.
  destructive: false,
  idempotent: true,
  input: toolInput({ pageId: idSchema('page') }),
  output: z.object({
    ...placedPage,
    finished: z.boolean().describe('Whether Confluence had finished archiving when the tool answered.'),
  }),
  async run(ctx, args) {
    const page = await ctx.client.getPage(args.pageId, { status: LIVE }, { signal: ctx.signal });
    if (page.status === 'archived') return { ...placed(page), finished: true };
    if (page.status === 'draft') {
      throw new BadRequestError(
        `Page ${args.pageId} is an unpublished draft: only published pages can be archived.`,
      );
    }
    const taskId = await ctx.client.archivePages([args.pageId], { signal: ctx.signal });
    const task = await waitForTask(ctx, taskId, `archive page ${args.pageId}`);
    return { ...(await readPlaced(ctx, args.pageId)), finished: task.finished };
  },
});

export const deletePage = defineTool({
  name: 'delete_confluence_page',
  title: 'Delete a page',
  summary: "Moves a page to its space's trash, where a space admin can restore it.",
  description:
    "Deletes a Confluence page (`pageId`) by moving it to its space's trash: it disappears from the space, search " +
    'and every tool (NOT_FOUND from then on); a space admin can restore it from the trash. Its child pages are not ' +
    'deleted. Unpublished drafts are refused (Confluence would discard them for good). Prefer ' +
    'archive_confluence_page for content that is only outdated. Needs the connection\'s "delete" capability, which ' +
    'is off unless an admin turns it on.',
  readOnly: false,
  capability: 'delete',
  destructive: true,
  // A page already in the trash is NOT_FOUND: a repeated call deletes nothing more.
  idempotent: true,
  input: toolInput({ pageId: idSchema('page') }),
  output: z.object({
    id: z.string(),
    title: z.string(),
    spaceId: z.string(),
    spaceKey: z.string().nullable(),
    parentId: z.string().nullable(),
    status: z.literal('trashed'),
  }),
  async run(ctx, args) {
    const page = await ctx.client.getPage(args.pageId, { status: LIVE }, { signal: ctx.signal });
    if (page.status === 'draft') {
      throw new BadRequestError(
        `Page ${args.pageId} is an unpublished draft: Confluence discards drafts for good instead of trashing ` +
          'them, so this tool leaves it. Discard it in Confluence if that is what you want.',
      );
    }
    try {
      await ctx.client.deletePage(args.pageId, { signal: ctx.signal });
    } catch (error) {
      // The page was there a moment ago: a 404 now means it is already in the trash — a DELETE resent after its
      // first answer was lost, or another caller's. Either way what was asked holds.
      if (!isConfluenceErrorKind(error, 'NOT_FOUND')) throw error;
    }
    const { id, title, spaceId, spaceKey, parentId } = placed(page);
    return { id, title, spaceId, spaceKey, parentId, status: 'trashed' as const };
  },
});
