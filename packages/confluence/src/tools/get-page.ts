import { z } from 'zod';
import type { Ancestor } from '../client/models.js';
import { isConfluenceErrorKind } from '../errors.js';
import { defineTool, type ToolContext } from './define-tool.js';
import { markdownWithNames } from './people.js';
import { idSchema, toolInput } from './shared-schemas.js';
import { spaceKeyFromWebui } from './web-url.js';

/** Drafts are hidden unless asked for; an agent that created a draft must be able to read it back. */
const READABLE: ('current' | 'archived' | 'draft')[] = ['current', 'archived', 'draft'];

const input = toolInput({
  pageId: idSchema('page'),
  bodyFormat: z
    .enum(['markdown', 'storage', 'atlas_doc_format', 'view'])
    .default('markdown')
    .describe(
      'Format of the returned body: "markdown" (default; Confluence elements Markdown cannot express are kept ' +
        'verbatim as ```confluence-storage fenced blocks or `…`{=confluence-storage} inline spans: leave them in ' +
        'place when editing and they convert back unchanged), "storage" (Confluence XHTML, exact), ' +
        '"atlas_doc_format" (ADF JSON string) or "view" (rendered HTML).',
    ),
  version: z.int().min(1).optional().describe('Read this historical version instead of the current one.'),
});

const output = z.object({
  id: z.string(),
  title: z.string(),
  status: z.string(),
  spaceId: z.string(),
  spaceKey: z.string().nullable(),
  parentId: z.string().nullable(),
  version: z.object({
    number: z
      .int()
      .describe(
        'The version returned: the current one unless `version` asked for an older one. ' +
          'update_confluence_page needs the current one as `version`.',
      ),
    message: z.string().nullable(),
    createdAt: z.string().nullable(),
    authorId: z.string().nullable(),
  }),
  labels: z.array(z.string()),
  body: z.object({ format: z.string(), value: z.string() }),
  webUrl: z.string().nullable(),
  ancestors: z
    .array(
      z.object({
        id: z.string(),
        title: z
          .string()
          .nullable()
          .describe('null for an ancestor that is not a page (a folder) or not visible.'),
        type: z.string().describe('"page", or "folder", "whiteboard", "database", "embed".'),
      }),
    )
    .nullable()
    .describe(
      "Breadcrumb: the pages above this one, the space's top first ([] for a top-level page). null when the " +
        'connection was not granted read:content.metadata:confluence (an admin reconnects to grant it).',
    ),
});

export const getPage = defineTool({
  name: 'get_confluence_page',
  title: 'Read a page',
  summary: 'Reads a page: its content as Markdown, its labels, version and link.',
  description:
    'Reads one Confluence page by id: title, body, labels, space, parent, ancestors (breadcrumb), web URL and its ' +
    'current `version.number`. ' +
    'Always call this before update_confluence_page and pass the `version.number` you read as its `version`. ' +
    'The body comes as Markdown by default (people mentioned read [@Name](confluence-user:<accountId>), which ' +
    'converts back unchanged); ask for "storage" to get Confluence XHTML exactly.',
  readOnly: true,
  capability: 'read',
  idempotent: true,
  input,
  output,
  async run(ctx, args) {
    const upstreamFormat = args.bodyFormat === 'markdown' ? 'storage' : args.bodyFormat;
    // The breadcrumb is asked for beside the page; the page's own answer (a 404, say) is the one reported.
    const ancestors = breadcrumb(ctx, args.pageId);
    const page = await ctx.client.getPage(
      args.pageId,
      { bodyFormat: upstreamFormat, includeLabels: true, version: args.version, status: READABLE },
      { signal: ctx.signal },
    );
    const raw = page.body?.value ?? '';
    // Mentions read with the person's name (one bulk lookup, cached per connection); the link keeps the account id.
    const body = args.bodyFormat === 'markdown' ? await markdownWithNames(ctx, raw) : raw;
    return {
      id: page.id,
      title: page.title,
      status: page.status,
      spaceId: page.spaceId,
      spaceKey: spaceKeyFromWebui(page._links.webui) ?? null,
      parentId: page.parentId,
      version: {
        number: page.version.number,
        message: page.version.message || null,
        createdAt: page.version.createdAt ?? null,
        authorId: page.version.authorId ?? null,
      },
      labels: page.labels ?? [],
      body: { format: args.bodyFormat, value: body },
      webUrl: page.webUrl ?? null,
      ancestors: await ancestors,
    };
  },
});

interface Crumb {
  id: string;
  title: string | null;
  type: string;
}

/**
 * The page's ancestors with their titles: `GET /pages/{id}/ancestors` (ids and types, sent beside the page read),
 * then one bulk `GET /pages?id=…` for the titles. null when the token lacks the ancestors endpoint's scope.
 */
function breadcrumb(ctx: ToolContext, pageId: string): Promise<Crumb[] | null> {
  const o = { signal: ctx.signal };
  const chain = ctx.client.getPageAncestors(pageId, o).then(
    async (ancestors: Ancestor[]): Promise<Crumb[]> => {
      const pageIds = ancestors.filter((a) => a.type === 'page').map((a) => a.id);
      const titles = new Map(
        (pageIds.length === 0 ? [] : await ctx.client.listPagesByIds(pageIds, o)).map((p) => [p.id, p.title]),
      );
      return ancestors.map((a) => ({ id: a.id, title: titles.get(a.id) ?? null, type: a.type }));
    },
    (error: unknown) => {
      if (isConfluenceErrorKind(error, 'SCOPE_MISSING')) return null;
      throw error;
    },
  );
  // Awaited only after the page read: keep a failure here from being reported as unhandled meanwhile.
  chain.catch(() => undefined);
  return chain;
}
