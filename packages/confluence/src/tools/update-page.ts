import { z } from 'zod';
import { applyStorageEditsAsync, storageMarkdownDiffAsync, type StorageEdit } from '../content/pool.js';
import {
  BadRequestError,
  isConfluenceErrorKind,
  PageArchivedError,
  VersionConflictError,
} from '../errors.js';
import { toStorageBody } from './body.js';
import { defineTool } from './define-tool.js';
import { idSchema, toolInput, writeFormatSchema, writeOutput, writeSafetyInputs } from './shared-schemas.js';

/** The same answer whether the tool or Confluence noticed: `providedVersion` is the version the caller read. */
export function staleVersion(pageId: string, current: number | undefined, provided: number, cause?: unknown) {
  const now = current === undefined ? 'a newer version' : `version ${current}`;
  return new VersionConflictError(
    `Page ${pageId} is at ${now}, not ${provided}: it changed since you read it. ` +
      `Call get_confluence_page again and redo your edit on the current version.`,
    { currentVersion: current, providedVersion: provided, cause },
  );
}

const editBody = z
  .string()
  .max(5_000_000)
  .describe('Content to insert, in the format given by `bodyFormat`.');
const headingSchema = z
  .string()
  .trim()
  .min(1)
  .max(500)
  .describe('The heading\'s text as shown on the page; a Markdown prefix ("## Setup") also fixes its level.');

/** One surgical edit, applied on the server to the current storage body. */
const editSchema = z.discriminatedUnion('op', [
  z
    .strictObject({ op: z.literal(['append', 'prepend']), body: editBody, bodyFormat: writeFormatSchema })
    .describe('Add content at the end ("append") or the start ("prepend") of the page.'),
  z
    .strictObject({
      op: z.literal('replace_section'),
      heading: headingSchema,
      body: editBody,
      bodyFormat: writeFormatSchema,
    })
    .describe(
      'Replace what is under a heading, up to the next heading of the same or a higher level; the heading stays.',
    ),
  z
    .strictObject({
      op: z.literal('insert_after_heading'),
      heading: headingSchema,
      body: editBody,
      bodyFormat: writeFormatSchema,
    })
    .describe('Insert content right after a heading, before what is under it.'),
  z
    .strictObject({
      op: z.literal('replace_text'),
      find: z
        .string()
        .min(1)
        .max(100_000)
        .describe('Exact text to find, as the page reads (also across bold, links, …).'),
      replace: z.string().max(1_000_000).describe('Plain text to put in its place.'),
      expectedCount: z
        .int()
        .min(1)
        .optional()
        .describe(
          'How many times `find` occurs (default 1): all of them are replaced; any other count fails.',
        ),
    })
    .describe('Replace exact text; the markup around it stays.'),
]);

const input = toolInput({
  pageId: idSchema('page'),
  version: z
    .int()
    .min(1)
    .describe(
      "The page's current version number, exactly as read with get_confluence_page (`version.number`). " +
        'This tool sends version + 1; if someone changed the page since, it fails with VERSION_CONFLICT.',
    ),
  title: z.string().trim().min(1).max(255).optional().describe('New title. Omit to keep the current title.'),
  body: z
    .string()
    .max(5_000_000)
    .optional()
    .describe('New content, replacing the whole body. Omit to keep the current body; "" empties the page.'),
  bodyFormat: writeFormatSchema,
  edits: z
    .array(editSchema)
    .min(1)
    .max(100)
    .optional()
    .describe(
      'Instead of `body`: changes applied in order to the current page on the server, leaving everything else ' +
        'byte for byte as it is (macros, layouts). If one cannot apply, nothing is written.',
    ),
  versionMessage: z
    .string()
    .trim()
    .max(500)
    .optional()
    .describe('A short note saved with this version in the page history ("what changed").'),
  status: z
    .enum(['current', 'draft'])
    .optional()
    .describe('Set "current" to publish a draft. Omit to keep the status.'),
  ...writeSafetyInputs,
})
  .refine(
    (a) => a.title !== undefined || a.body !== undefined || a.edits !== undefined || a.status !== undefined,
    {
      message: 'Nothing to update: give a new title, body, edits or status.',
      path: ['body'],
    },
  )
  .refine((a) => a.body === undefined || a.edits === undefined, {
    message: 'Give body (the whole new content) or edits (changes to the current content), not both.',
    path: ['edits'],
  });

const output = writeOutput(
  {
    id: z.string(),
    title: z.string(),
    status: z.string(),
    version: z.int().describe('The new version number.'),
    previousVersion: z.int(),
    webUrl: z.string().nullable(),
  },
  {
    id: z.string(),
    title: z.string(),
    previousTitle: z.string(),
    status: z.string(),
    version: z.int().describe('The version number the update would send.'),
    previousVersion: z.int(),
    body: z.string().describe('The storage XHTML that would be sent.'),
    diff: z
      .string()
      .describe(
        'Unified diff of the page as Markdown, current version against the update ("" when unchanged).',
      ),
  },
);

export const updatePage = defineTool({
  name: 'update_confluence_page',
  title: 'Update a page',
  summary: "Changes a page's title or content, refusing if someone else changed it first.",
  description:
    "Changes a Confluence page's title and/or body. First call get_confluence_page and pass its `version.number` as " +
    '`version`; the update is saved as version + 1. Fields you omit stay as they are. The body replaces the whole ' +
    'page: Markdown by default, or storage XHTML with `bodyFormat: "storage"`. For a small change to a large page, ' +
    'send `edits` instead of `body` (append, prepend, replace_section, insert_after_heading, replace_text): the Hub ' +
    'applies them to the current page and leaves the rest untouched. To keep macros when editing, start from ' +
    'the Markdown get_confluence_page returned and leave its confluence-storage blocks and spans in place. If the page ' +
    'changed since you read it, you get VERSION_CONFLICT with the current version: read the page again and redo the edit. ' +
    'Pass an `idempotencyKey` to make retries safe, and `dryRun: true` to get what would be sent and a diff of the ' +
    'page without writing.',
  readOnly: false,
  capability: 'write',
  // Replaces the title and body (the previous version stays in the page history).
  destructive: true,
  // Sent twice with the same version, the second is refused with VERSION_CONFLICT: nothing changes again.
  idempotent: true,
  input,
  output,
  async run(ctx, args) {
    // Always read first: the version check, what omitted fields keep, the body edits apply to, and the status
    // (an archived page is not written back as current). The body only when something needs it.
    const needsBody = args.body === undefined || args.dryRun;
    const current = await ctx.client.getPage(
      args.pageId,
      { bodyFormat: needsBody ? 'storage' : undefined, status: ['current', 'archived', 'draft'] },
      { signal: ctx.signal },
    );
    if (current.version.number !== args.version) {
      throw staleVersion(args.pageId, current.version.number, args.version);
    }
    if (current.status === 'archived') {
      throw new PageArchivedError(
        `Page ${args.pageId} is archived, so it was not changed: an update would publish it again. Restore it in ` +
          'Confluence first (Space settings → Archived pages), then read it and update it.',
      );
    }
    const isDraft = current.status === 'draft';
    const status = args.status ?? (isDraft ? 'draft' : 'current');
    if (status === 'draft' && !isDraft) {
      throw new BadRequestError(
        `Page ${args.pageId} is published: status "draft" only keeps a draft a draft. Omit status to update the ` +
          'published page.',
        { fieldErrors: { status: ['A published page cannot be made a draft again.'] } },
      );
    }
    const currentBody = current.body?.value ?? '';
    const title = args.title ?? current.title;
    const body =
      args.body !== undefined
        ? await toStorageBody(args.body, args.bodyFormat)
        : {
            representation: 'storage' as const,
            value:
              args.edits === undefined
                ? currentBody
                : await applyStorageEditsAsync(currentBody, await Promise.all(args.edits.map(toStorageEdit))),
          };
    // "Current version number plus one, unless you are updating the status to 'draft' which requires a version
    // number of 1" (PageUpdateRequest): a draft is saved in place.
    const number = status === 'draft' ? 1 : args.version + 1;
    if (args.dryRun) {
      return {
        dryRun: true as const,
        id: current.id,
        title,
        previousTitle: current.title,
        status,
        version: number,
        previousVersion: args.version,
        body: body.value,
        // The page as Markdown, before and after: what an agent or an admin reads to check an update.
        diff: await storageMarkdownDiffAsync(currentBody, body.value, {
          before: `version ${args.version}`,
          after: `version ${args.version + 1}`,
        }),
      };
    }
    const page = await ctx.client
      .updatePage(
        args.pageId,
        { title, status, body, version: { number, message: args.versionMessage } },
        { signal: ctx.signal },
      )
      .catch((error: unknown) => {
        // Confluence reports the number sent (version + 1); the agent thinks in the version it read.
        if (isConfluenceErrorKind(error, 'VERSION_CONFLICT')) {
          throw staleVersion(args.pageId, error.currentVersion, args.version, error);
        }
        throw error;
      });
    return {
      dryRun: false as const,
      id: page.id,
      title: page.title,
      status: page.status,
      version: page.version.number,
      previousVersion: args.version,
      webUrl: page.webUrl ?? null,
    };
  },
});

/** An edit with its body in storage format. */
async function toStorageEdit(edit: z.output<typeof editSchema>): Promise<StorageEdit> {
  if (edit.op === 'replace_text') return edit;
  return { ...edit, body: (await toStorageBody(edit.body, edit.bodyFormat)).value };
}
