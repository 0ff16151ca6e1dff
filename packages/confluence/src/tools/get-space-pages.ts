import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { exactlyOneSpace, resolveSpaceId } from './resolve-space.js';
import {
  cursorSchema,
  idSchema,
  limitSchema,
  nextCursorSchema,
  spaceKeySchema,
  toolInput,
} from './shared-schemas.js';

const input = toolInput({
  spaceId: idSchema('space').optional(),
  spaceKey: spaceKeySchema.optional(),
  depth: z
    .enum(['all', 'root'])
    .default('all')
    .describe('"all" (default) lists every page in the space; "root" only its top-level pages.'),
  title: z.string().min(1).optional().describe('Only the page with exactly this title.'),
  status: z
    .enum(['current', 'archived'])
    .default('current')
    .describe('"current" (default) lists published pages; "archived" lists archived ones.'),
  sort: z
    .enum([
      'id',
      '-id',
      'title',
      '-title',
      'created-date',
      '-created-date',
      'modified-date',
      '-modified-date',
    ])
    .optional()
    .describe('Sort order; a leading "-" means descending.'),
  limit: limitSchema,
  cursor: cursorSchema,
}).refine(exactlyOneSpace, { message: 'Give exactly one of spaceId or spaceKey.', path: ['spaceKey'] });

const pageSummary = z.object({
  id: z.string(),
  title: z.string(),
  status: z.string(),
  parentId: z.string().nullable(),
  version: z.int().nullable(),
  createdAt: z.string().nullable(),
  webUrl: z.string().nullable(),
});

const output = z.object({
  spaceId: z.string(),
  pages: z.array(pageSummary),
  nextCursor: nextCursorSchema,
});

export const getSpacePages = defineTool({
  name: 'get_confluence_space_pages',
  title: 'List pages in a space',
  summary: 'Lists the pages of a space, a batch at a time.',
  description:
    'Lists pages in one Confluence space (give `spaceKey` such as "ENG", or `spaceId`): id, title, parent id, current ' +
    'version and web URL, without bodies. Use it to browse a space before reading a page with get_confluence_page. ' +
    '`depth: "root"` lists only top-level pages. When `nextCursor` is not null, call again with `cursor` for more.',
  readOnly: true,
  capability: 'read',
  idempotent: true,
  input,
  output,
  async run(ctx, args) {
    const spaceId = await resolveSpaceId(ctx, args);
    const page = await ctx.client.listSpacePages(
      spaceId,
      {
        depth: args.depth,
        title: args.title,
        status: [args.status],
        sort: args.sort,
        limit: args.limit,
        cursor: args.cursor,
      },
      { signal: ctx.signal },
    );
    return {
      spaceId,
      pages: page.items.map((p) => ({
        id: p.id,
        title: p.title,
        status: p.status,
        parentId: p.parentId,
        version: p.version?.number ?? null,
        createdAt: p.createdAt ?? null,
        webUrl: p.webUrl ?? null,
      })),
      nextCursor: page.nextCursor,
    };
  },
});
