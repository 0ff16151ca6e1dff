import { z } from 'zod';
import type { Attachment } from '../client/attachment-models.js';
import { BadRequestError } from '../errors.js';
import { defineTool } from './define-tool.js';
import { cursorSchema, idSchema, nextCursorSchema, toolInput } from './shared-schemas.js';

/** Attachment ids read `att123456`; the digits alone name the same attachment. */
export const attachmentIdSchema = z
  .union([z.string(), z.int().nonnegative()])
  .transform((id) => String(id).trim())
  .pipe(z.string().regex(/^(att)?\d+$/, 'An attachment id looks like "att123456"'))
  .transform((id) => (id.startsWith('att') ? id : `att${id}`))
  .describe('Id of the attachment, e.g. "att123456" (from get_confluence_attachments).');

const attachmentOutput = z.object({
  id: z.string().describe('Attachment id, e.g. "att123456": pass it to get_confluence_attachment.'),
  title: z.string().describe('The file name.'),
  mediaType: z.string().nullable().describe('MIME type, e.g. "application/pdf".'),
  fileSize: z.int().nullable().describe('Size in bytes.'),
  version: z
    .int()
    .nullable()
    .describe('The attachment version (each upload of the same file name adds one).'),
  createdAt: z.string().nullable().describe('When this version was uploaded (ISO 8601).'),
  authorId: z.string().nullable().describe('Account id of who uploaded this version.'),
  comment: z.string().describe('The uploader\'s comment ("" when none).'),
  downloadUrl: z.string().nullable().describe('Browser download link (needs a Confluence sign-in).'),
  webUrl: z.string().nullable().describe('Browser link to the attachment preview.'),
});

function toOutput(a: Attachment): z.input<typeof attachmentOutput> {
  return {
    id: a.id,
    title: a.title,
    mediaType: a.mediaType ?? null,
    fileSize: a.fileSize ?? null,
    version: a.version?.number ?? null,
    createdAt: a.version?.createdAt ?? a.createdAt ?? null,
    authorId: a.version?.authorId ?? null,
    comment: a.comment,
    downloadUrl: a.downloadUrl ?? null,
    webUrl: a.webUrl ?? null,
  };
}

export const getAttachments = defineTool({
  name: 'get_confluence_attachments',
  title: 'List attachments',
  summary: "Lists a page's attached files: names, types, sizes and versions.",
  description:
    'Lists the files attached to a Confluence page (`pageId`): id, file name (`title`), media type, size in bytes, ' +
    'version, upload date, comment and links. Filter by exact `filename` or `mediaType`. Paged: pass `nextCursor` ' +
    'back as `cursor` for more. Read one with get_confluence_attachment (its `id`); add or replace one with ' +
    'upload_confluence_attachment.',
  readOnly: true,
  capability: 'read',
  idempotent: true,
  input: toolInput({
    pageId: idSchema('page'),
    filename: z
      .string()
      .trim()
      .min(1)
      .max(255)
      .optional()
      .describe('Only the attachment with this file name.'),
    mediaType: z
      .string()
      .trim()
      .min(1)
      .max(255)
      .optional()
      .describe('Only attachments of this MIME type, e.g. "image/png".'),
    limit: z
      .int()
      .min(1)
      .max(250)
      .default(25)
      .describe('Maximum number of attachments in this call (1-250).'),
    cursor: cursorSchema,
  }),
  output: z.object({
    pageId: z.string(),
    attachments: z.array(attachmentOutput),
    nextCursor: nextCursorSchema,
  }),
  async run(ctx, args) {
    const page = await ctx.client.listPageAttachments(
      args.pageId,
      { filename: args.filename, mediaType: args.mediaType, limit: args.limit, cursor: args.cursor },
      { signal: ctx.signal },
    );
    return { pageId: args.pageId, attachments: page.items.map(toOutput), nextCursor: page.nextCursor };
  },
});

const TEXT_TYPES =
  /^(text\/|application\/(json|xml|yaml|x-yaml|toml|csv|sql|javascript|x-sh|x-ndjson|graphql)\b)|[+/](json|xml|yaml)$/i;
const TEXT_EXTENSIONS = /\.(txt|md|markdown|csv|tsv|json|xml|ya?ml|log|ini|toml|sql|html?|css|js|ts|py|sh)$/i;

/** Text when the media type (or, for a generic type, the file name) says so and the bytes are valid UTF-8. */
function asText(bytes: Uint8Array, mediaType: string | undefined, title: string): string | undefined {
  const type = (mediaType ?? '').split(';', 1)[0]?.trim() ?? '';
  const generic = type === '' || type === 'application/octet-stream' || type === 'binary/octet-stream';
  if (!TEXT_TYPES.test(type) && !(generic && TEXT_EXTENSIONS.test(title))) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return undefined;
  }
}

export const getAttachment = defineTool({
  name: 'get_confluence_attachment',
  title: 'Read an attachment',
  summary: "Downloads one attached file: text files as text, others as base64, up to the Hub's size limit.",
  description:
    'Downloads one Confluence attachment by `attachmentId` (from get_confluence_attachments), optionally a past ' +
    '`version`. Text files (text/*, JSON, XML, YAML, CSV, Markdown…) come back as text (`encoding: "text"`), ' +
    'anything else as base64 (`encoding: "base64"`). Files over the configured limit (a few MB) fail with ' +
    'PAYLOAD_TOO_LARGE without being downloaded: use the `downloadUrl` from get_confluence_attachments instead.',
  readOnly: true,
  capability: 'read',
  idempotent: true,
  input: toolInput({
    attachmentId: attachmentIdSchema,
    version: z.int().min(1).optional().describe('A past version of the file; default the current one.'),
  }),
  output: attachmentOutput.extend({
    pageId: z.string(),
    encoding: z
      .enum(['text', 'base64'])
      .describe('"text": `content` is the file as UTF-8 text; "base64": its bytes.'),
    content: z.string(),
  }),
  async run(ctx, args) {
    const o = { signal: ctx.signal };
    const meta = await ctx.client.getAttachment(args.attachmentId, { version: args.version }, o);
    if (meta.pageId === undefined) {
      // Attachments of blog posts and custom content: the download path names the page.
      throw new BadRequestError(
        `Attachment ${args.attachmentId} is not attached to a page; only page attachments can be read here.`,
      );
    }
    const file = await ctx.client.downloadAttachment(
      meta.pageId,
      meta.id,
      { version: args.version, expectedSize: meta.fileSize },
      o,
    );
    const text = asText(file.bytes, meta.mediaType ?? file.mediaType, meta.title);
    return {
      ...toOutput(meta),
      fileSize: file.bytes.byteLength,
      pageId: meta.pageId,
      encoding: text === undefined ? ('base64' as const) : ('text' as const),
      content: text ?? Buffer.from(file.bytes).toString('base64'),
    };
  },
});
