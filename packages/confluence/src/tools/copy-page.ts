import { z } from 'zod';
import { defineTool, type ToolContext } from './define-tool.js';
import { waitForTask } from './long-task.js';
import { LIVE, placedPage, readPlaced, spaceHomepage } from './page-placement.js';
import { idempotencyKeySchema, idSchema, spaceKeySchema, toolInput } from './shared-schemas.js';

const title = z.string().trim().min(1).max(255);

const input = toolInput({
  pageId: idSchema('page to copy'),
  parentId: idSchema('parent page')
    .optional()
    .describe('Put the copy under this page (in this space or another one).'),
  spaceKey: spaceKeySchema
    .optional()
    .describe("Instead of parentId: put the copy under this space's homepage."),
  includeChildren: z
    .boolean()
    .default(false)
    .describe('true: copy the whole subtree below the page too. false (default): this page only.'),
  includeAttachments: z.boolean().default(true).describe('Copy the attachments along (default true).'),
  includeLabels: z.boolean().default(true).describe('Copy the labels along (default true).'),
  title: title
    .optional()
    .describe('Title of the copy (single page only). A space cannot hold two pages with one title.'),
  titlePrefix: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe(
      'Put this before every copied title, e.g. "Copy of " (needed to copy a subtree within its space).',
    ),
  idempotencyKey: idempotencyKeySchema,
})
  .refine((a) => (a.parentId === undefined) !== (a.spaceKey === undefined), {
    message: 'Give exactly one of parentId or spaceKey: where the copy goes.',
    path: ['parentId'],
  })
  .refine((a) => !(a.includeChildren && a.title !== undefined), {
    message: 'title names a single copied page; with includeChildren use titlePrefix.',
    path: ['title'],
  });

const output = z.object({
  status: z
    .enum(['done', 'running'])
    .describe(
      '"done": `page` is the copy. "running": Confluence is still copying a large subtree (taskId); the copy ' +
        'appears under the destination when it finishes (list it with get_confluence_page_children).',
    ),
  taskId: z
    .string()
    .nullable()
    .describe("Confluence's long task id for a subtree copy; null for a single page."),
  page: z
    .object(placedPage)
    .nullable()
    .describe(
      'The new page (the root of the copied subtree); null while running, or when the copy was made but could ' +
        'not be read back (then `pageId` names it).',
    ),
  pageId: z.string().nullable().describe("The copy's id once Confluence has made it; null while running."),
});

export const copyPage = defineTool({
  name: 'copy_confluence_page',
  title: 'Copy a page',
  summary: 'Copies a page, or a page with everything below it, under another page or into another space.',
  description:
    'Copies a Confluence page (`pageId`) to a new page under `parentId`, or under the homepage of the space ' +
    '`spaceKey`. By default the page alone with its attachments and labels; `includeChildren: true` copies its ' +
    'whole subtree (Confluence does that as a background task: the tool waits a few seconds, and answers ' +
    '`status: "running"` with a `taskId` if it is not done by then). A space cannot hold two pages with one ' +
    'title: copying within the same space needs `title` (single page) or `titlePrefix` such as "Copy of " ' +
    '(BAD_REQUEST otherwise). Returns the new page. Pass an `idempotencyKey` to make a retry safe: a copy made ' +
    'twice is two copies.',
  readOnly: false,
  capability: 'write',
  destructive: false,
  // Every call makes another copy.
  idempotent: false,
  input,
  output,
  async run(ctx, args) {
    const o = { signal: ctx.signal };
    const source = await ctx.client.getPage(args.pageId, { status: LIVE }, o);
    const parentId = args.parentId ?? (await spaceHomepage(ctx, args.spaceKey ?? ''));
    const along = { copyAttachments: args.includeAttachments, copyLabels: args.includeLabels };
    if (!args.includeChildren) {
      const pageTitle =
        args.title ?? (args.titlePrefix === undefined ? undefined : args.titlePrefix + source.title);
      const id = await ctx.client.copyPage(
        args.pageId,
        {
          destination: { type: 'parent_page', value: parentId },
          ...(pageTitle === undefined ? {} : { pageTitle }),
          ...along,
        },
        o,
      );
      // The copy exists from here on: a failure to read it back must not fail the call, or a retry with the same
      // idempotencyKey would copy the page again.
      return { status: 'done' as const, taskId: null, pageId: id, page: await readBack(ctx, id) };
    }
    const taskId = await ctx.client.copyPageHierarchy(
      args.pageId,
      {
        destinationPageId: parentId,
        copyDescendants: true,
        ...along,
        ...(args.titlePrefix === undefined ? {} : { titleOptions: { prefix: args.titlePrefix } }),
      },
      o,
    );
    // The task is started: from here on only Confluence's own failure of it fails the call (see above).
    const task = await waitForTask(ctx, taskId, `copy page ${args.pageId}`, { tolerateUnknown: true });
    if (task === undefined || !task.finished || task.destinationId === undefined) {
      return { status: 'running' as const, taskId, pageId: null, page: null };
    }
    const pageId = task.destinationId;
    return { status: 'done' as const, taskId, pageId, page: await readBack(ctx, pageId) };
  },
});

/** The copy as placed now, or null when it cannot be read (a timeout, the caller gone): it exists either way. */
async function readBack(
  ctx: ToolContext,
  id: string,
): Promise<Awaited<ReturnType<typeof readPlaced>> | null> {
  try {
    return await readPlaced(ctx, id);
  } catch {
    return null;
  }
}
