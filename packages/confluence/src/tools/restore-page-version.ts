import { z } from 'zod';
import { storageMarkdownDiffAsync } from '../content/pool.js';
import { BadRequestError, isConfluenceErrorKind, PageArchivedError } from '../errors.js';
import { defineTool } from './define-tool.js';
import { idSchema, toolInput, writeOutput, writeSafetyInputs } from './shared-schemas.js';
import { staleVersion } from './update-page.js';

const READABLE: ('current' | 'archived' | 'draft')[] = ['current', 'archived', 'draft'];

const input = toolInput({
  pageId: idSchema('page'),
  version: z.int().min(1).describe('The past version to bring back (from get_confluence_page_versions).'),
  currentVersion: z
    .int()
    .min(1)
    .describe(
      "The page's current version number as you last read it (get_confluence_page or get_confluence_page_versions). " +
        'If the page changed since, nothing is written and you get VERSION_CONFLICT.',
    ),
  restoreTitle: z
    .boolean()
    .default(false)
    .describe("true: also bring back that version's title; default: keep the current title."),
  versionMessage: z
    .string()
    .trim()
    .max(500)
    .optional()
    .describe('Message for the new version; default "Restored from version N".'),
  ...writeSafetyInputs,
});

const common = {
  id: z.string(),
  title: z.string(),
  version: z.int().describe('The new version number (the restore is saved as a new version).'),
  previousVersion: z.int(),
  restoredFrom: z.int(),
};

const output = writeOutput(
  { ...common, webUrl: z.string().nullable() },
  {
    ...common,
    diff: z.string().describe('Unified diff of the page as Markdown, current version against the restore.'),
  },
);

export const restorePageVersion = defineTool({
  name: 'restore_confluence_page_version',
  title: 'Restore a past version',
  summary: "Brings a page's past version back, saved as a new version on top of its history.",
  description:
    'Restores version `version` of a Confluence page (`pageId`): its body (and with `restoreTitle: true` its ' +
    'title) is saved as a new version, so nothing in the history is lost. Pass the current version number you read ' +
    'as `currentVersion`: if the page changed since, you get VERSION_CONFLICT with the current version, as with ' +
    'update_confluence_page. `dryRun: true` returns the diff the restore would make without writing.',
  readOnly: false,
  capability: 'write',
  // Replaces the current body (the replaced one stays in the history).
  destructive: true,
  // Sent twice with the same currentVersion, the second is refused with VERSION_CONFLICT.
  idempotent: true,
  input,
  output,
  async run(ctx, args) {
    const o = { signal: ctx.signal };
    const current = await ctx.client.getPage(args.pageId, { bodyFormat: 'storage', status: READABLE }, o);
    if (current.version.number !== args.currentVersion) {
      throw staleVersion(args.pageId, current.version.number, args.currentVersion);
    }
    if (current.status === 'archived') {
      throw new PageArchivedError(
        `Page ${args.pageId} is archived, so it was not changed: a restore would publish it again. Restore the ` +
          'page itself in Confluence first (Space settings → Archived pages).',
      );
    }
    if (current.status === 'draft') {
      throw new BadRequestError(`Page ${args.pageId} is a draft: a draft has no history to restore.`);
    }
    if (args.version >= current.version.number) {
      throw new BadRequestError(
        args.version === current.version.number
          ? `Version ${args.version} is the current version of page ${args.pageId}: there is nothing to restore.`
          : `Page ${args.pageId} has no version ${args.version} yet (it is at ${current.version.number}).`,
        { fieldErrors: { version: ['Give a past version: lower than the current one.'] } },
      );
    }
    const old = await ctx.client.getPage(
      args.pageId,
      { bodyFormat: 'storage', version: args.version, status: READABLE },
      o,
    );
    const body = old.body?.value ?? '';
    const title = args.restoreTitle ? old.title : current.title;
    const number = current.version.number + 1;
    const facts = {
      id: current.id,
      title,
      version: number,
      previousVersion: current.version.number,
      restoredFrom: args.version,
    };
    if (args.dryRun) {
      const diff = await storageMarkdownDiffAsync(current.body?.value ?? '', body, {
        before: `version ${current.version.number}`,
        after: `version ${number} (version ${args.version} restored)`,
      });
      return { dryRun: true as const, ...facts, diff };
    }
    const page = await ctx.client
      .updatePage(
        args.pageId,
        {
          title,
          status: 'current',
          body: { representation: 'storage', value: body },
          version: { number, message: args.versionMessage ?? `Restored from version ${args.version}` },
        },
        o,
      )
      .catch((error: unknown) => {
        if (isConfluenceErrorKind(error, 'VERSION_CONFLICT')) {
          throw staleVersion(args.pageId, error.currentVersion, args.currentVersion, error);
        }
        throw error;
      });
    return { dryRun: false as const, ...facts, version: page.version.number, webUrl: page.webUrl ?? null };
  },
});
