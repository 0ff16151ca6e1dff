import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { buildCql, readableExcerpt } from './cql.js';
import { cursorSchema, nextCursorSchema, spaceKeySchema, toolInput } from './shared-schemas.js';

const input = toolInput({
  cql: z
    .string()
    .trim()
    .min(1)
    .max(4000)
    .optional()
    .describe(
      'A raw CQL query, e.g. `type = page AND space = "ENG" AND text ~ "deploy" ORDER BY lastModified DESC`. ' +
        '`text` takes `~` (not `=`); quote values with spaces or special characters, such as personal space ' +
        'keys (`space = "~acc-123"`). Use either `cql` or the structured fields below, not both.',
    ),
  text: z.string().trim().min(1).optional().describe('Full-text search over titles and bodies.'),
  title: z.string().trim().min(1).optional().describe('Words that must appear in the title.'),
  spaceKeys: z
    .array(spaceKeySchema)
    .max(50)
    .optional()
    .describe('Only in these spaces (keys such as "ENG").'),
  labels: z
    .array(z.string().trim().min(1))
    .max(50)
    .optional()
    .describe('Only content with one of these labels.'),
  type: z
    .enum(['page', 'blogpost', 'comment', 'attachment'])
    .default('page')
    .describe('Content type for structured searches (default "page"). Ignored when `cql` is given.'),
  orderBy: z
    .enum(['lastModified DESC', 'lastModified ASC', 'created DESC', 'created ASC', 'title ASC', 'title DESC'])
    .optional()
    .describe('Sort order for structured searches; relevance when omitted.'),
  limit: z.int().min(1).max(100).default(25).describe('Maximum results in this call (1-100).'),
  cursor: cursorSchema,
})
  .refine((a) => !(a.cql && (a.text || a.title || a.spaceKeys?.length || a.labels?.length || a.orderBy)), {
    message: 'Give either `cql` or structured fields (text, title, spaceKeys, labels, orderBy), not both.',
    path: ['cql'],
  })
  .refine((a) => Boolean(a.cql || a.text || a.title || a.spaceKeys?.length || a.labels?.length), {
    message: 'Give `cql` or at least one of text, title, spaceKeys, labels.',
    path: ['text'],
  });

const result = z.object({
  id: z.string(),
  type: z.string(),
  title: z.string(),
  spaceKey: z.string().nullable(),
  excerpt: z.string().describe('Matching text; matched words are in **bold**.'),
  lastModified: z.string().nullable(),
  version: z.int().nullable(),
  webUrl: z.string().nullable(),
});

const output = z.object({
  cql: z.string().describe('The CQL that was run.'),
  totalSize: z
    .int()
    .nullable()
    .describe(
      "Confluence's estimate of how many results match (it is not exact and may change while paging); null when " +
        'not known, e.g. when a space allow-list filtered the results. Page with nextCursor rather than counting.',
    ),
  results: z.array(result),
  nextCursor: nextCursorSchema,
});

export const searchPages = defineTool({
  name: 'search_confluence_pages',
  title: 'Search pages',
  summary: 'Finds pages by words, title, space, label or a CQL query.',
  description:
    'Searches Confluence with CQL across all spaces the connection can see. Either pass `cql` directly, or the ' +
    'structured fields (`text`, `title`, `spaceKeys`, `labels`, `type`, `orderBy`), which are turned into correctly ' +
    'quoted CQL. Returns id, title, space key, excerpt and web URL per hit; read page hits with get_confluence_page. ' +
    'When `nextCursor` is not null, call again with the same query and `cursor` for more.',
  readOnly: true,
  capability: 'search',
  idempotent: true,
  input,
  output,
  async run(ctx, args) {
    const cql = args.cql ?? buildCql(args);
    const page = await ctx.client.search(
      { cql, limit: args.limit, cursor: args.cursor, excerpt: 'highlight' },
      { signal: ctx.signal },
    );
    return {
      cql,
      totalSize: page.totalSize ?? null,
      results: page.items.map((r) => ({
        id: r.id,
        type: r.type,
        title: r.title,
        spaceKey: r.spaceKey ?? null,
        excerpt: readableExcerpt(r.excerpt),
        lastModified: r.lastModified ?? null,
        version: r.version ?? null,
        webUrl: r.webUrl ?? null,
      })),
      nextCursor: page.nextCursor,
    };
  },
});
