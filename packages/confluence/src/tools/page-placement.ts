import { z } from 'zod';
import type { Page } from '../client/models.js';
import { BadRequestError } from '../errors.js';
import type { ToolContext } from './define-tool.js';
import { resolveSpaceId } from './resolve-space.js';
import { spaceKeyFromWebui } from './web-url.js';

/** Where a page sits after a move or copy, as the structure tools report it. */
export const placedPage = {
  id: z.string(),
  title: z.string(),
  status: z.string(),
  spaceId: z.string(),
  spaceKey: z.string().nullable(),
  parentId: z.string().nullable(),
  webUrl: z.string().nullable(),
};

export function placed(page: Page) {
  return {
    id: page.id,
    title: page.title,
    status: page.status,
    spaceId: page.spaceId,
    spaceKey: spaceKeyFromWebui(page._links.webui) ?? null,
    parentId: page.parentId,
    webUrl: page.webUrl ?? null,
  };
}

/** Any status but trashed: what a structure tool may act on, and read back. */
export const LIVE: ('current' | 'archived' | 'draft')[] = ['current', 'archived', 'draft'];

export const readPlaced = async (ctx: ToolContext, id: string) =>
  placed(await ctx.client.getPage(id, { status: LIVE }, { signal: ctx.signal }));

/** A space's homepage: where "into that space" puts a page (Confluence has no page-less space root to move under). */
export async function spaceHomepage(ctx: ToolContext, spaceKey: string): Promise<string> {
  const spaceId = await resolveSpaceId(ctx, { spaceKey });
  const space = await ctx.client.getSpace(spaceId, {}, { signal: ctx.signal });
  if (space.homepageId === null) {
    throw new BadRequestError(
      `Space ${spaceKey} has no homepage to put the page under: give a page of that space as the target instead ` +
        '(find one with get_confluence_space_pages).',
    );
  }
  return space.homepageId;
}
