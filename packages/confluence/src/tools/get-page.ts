import { z } from 'zod';
import { storageToMarkdownAsync } from '../content/pool.js';
import { defineTool } from './define-tool.js';
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
});

export const getPage = defineTool({
  name: 'get_confluence_page',
  title: 'Read a page',
  summary: 'Reads a page: its content as Markdown, its labels, version and link.',
  description:
    'Reads one Confluence page by id: title, body, labels, space, parent, web URL and its current `version.number`. ' +
    'Always call this before update_confluence_page and pass the `version.number` you read as its `version`. ' +
    'The body comes as Markdown by default; ask for "storage" to get Confluence XHTML exactly.',
  readOnly: true,
  capability: 'read',
  idempotent: true,
  input,
  output,
  async run(ctx, args) {
    const upstreamFormat = args.bodyFormat === 'markdown' ? 'storage' : args.bodyFormat;
    const page = await ctx.client.getPage(
      args.pageId,
      { bodyFormat: upstreamFormat, includeLabels: true, version: args.version, status: READABLE },
      { signal: ctx.signal },
    );
    const raw = page.body?.value ?? '';
    const body = args.bodyFormat === 'markdown' ? await storageToMarkdownAsync(raw) : raw;
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
    };
  },
});
