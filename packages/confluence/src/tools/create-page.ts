import { z } from 'zod';
import { toStorageBody } from './body.js';
import { defineTool } from './define-tool.js';
import { exactlyOneSpace, resolveSpaceId } from './resolve-space.js';
import {
  idSchema,
  spaceKeySchema,
  toolInput,
  writeFormatSchema,
  writeOutput,
  writeSafetyInputs,
} from './shared-schemas.js';

const input = toolInput({
  spaceKey: spaceKeySchema.optional(),
  spaceId: idSchema('space').optional(),
  title: z.string().trim().min(1).max(255).describe('Page title; must be unique within the space.'),
  body: z.string().max(5_000_000).describe('Page content, in the format given by `bodyFormat`.'),
  bodyFormat: writeFormatSchema,
  parentId: idSchema('parent page')
    .optional()
    .describe('Create the page under this page. Without it the page goes under the space homepage.'),
  rootLevel: z
    .boolean()
    .default(false)
    .describe('Create the page at the top level of the space instead of under the homepage.'),
  status: z
    .enum(['current', 'draft'])
    .default('current')
    .describe('"current" (default) publishes the page; "draft" saves an unpublished draft.'),
  ...writeSafetyInputs,
})
  .refine(exactlyOneSpace, { message: 'Give exactly one of spaceKey or spaceId.', path: ['spaceKey'] })
  .refine((a) => !(a.parentId && a.rootLevel), {
    message: 'Give parentId or rootLevel, not both.',
    path: ['rootLevel'],
  });

const output = writeOutput(
  {
    id: z.string(),
    title: z.string(),
    status: z.string(),
    spaceId: z.string(),
    parentId: z.string().nullable(),
    version: z.int(),
    webUrl: z.string().nullable(),
  },
  {
    title: z.string(),
    status: z.string(),
    spaceId: z.string(),
    parentId: z
      .string()
      .nullable()
      .describe('null: under the space homepage, or at the top level with rootLevel.'),
    rootLevel: z.boolean(),
    body: z.string().describe('The storage XHTML that would be sent.'),
  },
);

export const createPage = defineTool({
  name: 'create_confluence_page',
  title: 'Create a page',
  summary: "Creates a page in a space, written in Markdown or Confluence's own format.",
  description:
    'Creates a page in a Confluence space (give `spaceKey` such as "ENG", or `spaceId`) with a title and a body. ' +
    'The body is Markdown by default (headings, lists, tables, links, fenced code become Confluence formatting) or ' +
    'Confluence storage XHTML with `bodyFormat: "storage"`. Place it under `parentId`, at the top level with ' +
    '`rootLevel: true`, or (default) under the space homepage. Returns the new page id, version and web URL. ' +
    'Pass an `idempotencyKey` to make retries safe, and `dryRun: true` to see what would be sent without writing.',
  readOnly: false,
  capability: 'write',
  destructive: false,
  // A second call creates a second page (or fails on the duplicate title), unless it repeats an idempotencyKey.
  idempotent: false,
  input,
  output,
  async run(ctx, args) {
    const spaceId = await resolveSpaceId(ctx, args);
    const body = await toStorageBody(args.body, args.bodyFormat);
    if (args.dryRun) {
      // The parent must exist and be readable (in an allowed space), as the real call would find.
      if (args.parentId !== undefined) await ctx.client.getPage(args.parentId, {}, { signal: ctx.signal });
      return {
        dryRun: true as const,
        title: args.title,
        status: args.status,
        spaceId,
        parentId: args.parentId ?? null,
        rootLevel: args.rootLevel,
        body: body.value,
      };
    }
    const page = await ctx.client.createPage(
      {
        spaceId,
        title: args.title,
        body,
        parentId: args.parentId,
        status: args.status,
        rootLevel: args.rootLevel,
      },
      { signal: ctx.signal },
    );
    return {
      dryRun: false as const,
      id: page.id,
      title: page.title,
      status: page.status,
      spaceId: page.spaceId,
      parentId: page.parentId,
      version: page.version.number,
      webUrl: page.webUrl ?? null,
    };
  },
});
