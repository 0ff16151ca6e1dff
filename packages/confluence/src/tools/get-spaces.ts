import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { cursorSchema, limitSchema, nextCursorSchema, spaceKeySchema, toolInput } from './shared-schemas.js';

const input = toolInput({
  type: z
    .enum(['global', 'collaboration', 'knowledge_base', 'personal'])
    .optional()
    .describe('Only spaces of this type. Omit for all types.'),
  status: z
    .enum(['current', 'archived'])
    .default('current')
    .describe('"current" (default) or "archived" spaces.'),
  keys: z.array(spaceKeySchema).max(250).optional().describe('Only these space keys.'),
  labels: z.array(z.string().min(1)).optional().describe('Only spaces carrying one of these labels.'),
  limit: limitSchema,
  cursor: cursorSchema,
});

const space = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  type: z.string(),
  status: z.string(),
  description: z.string().nullable(),
  homepageId: z.string().nullable(),
  webUrl: z.string().nullable(),
});

const output = z.object({ spaces: z.array(space), nextCursor: nextCursorSchema });

export const getSpaces = defineTool({
  name: 'get_confluence_spaces',
  title: 'List spaces',
  summary: 'Lists the Confluence spaces the connection can see.',
  description:
    'Lists the Confluence spaces the connected account can see: id, key, name, type, plain-text description and web URL. ' +
    'Use it to find the space key or id that other tools need. Returns up to `limit` spaces; when `nextCursor` is not ' +
    'null, call again with `cursor` set to it for more.',
  readOnly: true,
  capability: 'read',
  idempotent: true,
  input,
  output,
  async run(ctx, args) {
    const page = await ctx.client.listSpaces(
      {
        type: args.type,
        status: args.status,
        keys: args.keys,
        labels: args.labels,
        descriptionFormat: 'plain',
        limit: args.limit,
        cursor: args.cursor,
      },
      { signal: ctx.signal },
    );
    return {
      spaces: page.items.map((s) => ({
        id: s.id,
        key: s.key,
        name: s.name,
        type: s.type,
        status: s.status,
        description: s.description?.plain?.value ?? null,
        homepageId: s.homepageId,
        webUrl: s.webUrl ?? null,
      })),
      nextCursor: page.nextCursor,
    };
  },
});
