import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { idSchema, toolInput, writeOutput, writeSafetyInputs } from './shared-schemas.js';

const BY_EXTENSION: Record<string, string> = {
  txt: 'text/plain',
  log: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  json: 'application/json',
  xml: 'application/xml',
  yaml: 'application/yaml',
  yml: 'application/yaml',
  html: 'text/html',
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  zip: 'application/zip',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const input = toolInput({
  pageId: idSchema('page'),
  fileName: z
    .string()
    .trim()
    .min(1)
    .max(255)
    // eslint-disable-next-line no-control-regex -- control characters are what is refused
    .regex(/^[^/\\\u0000-\u001f\u007f]+$/, 'A file name has no / or \\ and no control characters')
    .describe(
      'File name as it will show on the page, e.g. "report.csv". If the page has a file of this name, ' +
        'the upload becomes its next version.',
    ),
  content: z
    .string()
    .max(64 * 1024 * 1024)
    .describe('The file: text as is (`encoding: "text"`, stored as UTF-8) or its bytes as base64.'),
  encoding: z
    .enum(['text', 'base64'])
    .default('text')
    .describe('"text" (default) for text files, "base64" for anything else (images, PDFs, archives).'),
  mediaType: z
    .string()
    .trim()
    .regex(/^[\w.+-]+\/[\w.+-]+$/, 'A media type looks like "text/csv"')
    .optional()
    .describe(
      'MIME type, e.g. "text/csv". Default: from the file name\'s extension, else text/plain for text ' +
        'and application/octet-stream for base64.',
    ),
  comment: z.string().trim().max(255).optional().describe('A note saved with this version of the file.'),
  minorEdit: z
    .boolean()
    .default(false)
    .describe('true: no notification or activity stream entry for watchers of the page.'),
  ...writeSafetyInputs,
}).refine((a) => a.encoding !== 'base64' || BASE64.test(a.content.replace(/\s+/g, '')), {
  message: 'content is not valid base64 (A-Z, a-z, 0-9, +, /, = padding; whitespace is ignored)',
  path: ['content'],
});

const common = {
  pageId: z.string(),
  title: z.string().describe('The file name.'),
  mediaType: z.string().nullable(),
  fileSize: z.int().nullable().describe('Size in bytes.'),
};

const output = writeOutput(
  {
    ...common,
    id: z.string().describe('The attachment id, e.g. "att123456".'),
    version: z.int().describe("The attachment's version now: 1 for a new file, more when it replaced one."),
    comment: z.string(),
    downloadUrl: z.string().nullable(),
    webUrl: z.string().nullable(),
  },
  {
    ...common,
    replaces: z
      .object({ id: z.string(), version: z.int().nullable() })
      .nullable()
      .describe('The attachment of the same name this would add a version to; null for a new file.'),
  },
);

export const uploadAttachment = defineTool({
  name: 'upload_confluence_attachment',
  title: 'Upload an attachment',
  summary: 'Attaches a file to a page, or adds a new version of a file it already has.',
  description:
    'Attaches a file to a Confluence page (`pageId`): `fileName`, `content` as text or base64 (`encoding`), ' +
    'optional `mediaType` and `comment`. If the page already has a file of that name, this adds a new version of ' +
    'it (the old one stays in its history). Files over the configured limit (a few MB) fail with ' +
    'PAYLOAD_TOO_LARGE and nothing is sent. Reference the file in a page as a `confluence-storage` block such as ' +
    '`<ac:image><ri:attachment ri:filename="chart.png" /></ac:image>`. `dryRun: true` checks and tells whether it ' +
    'would replace a file, without uploading.',
  readOnly: false,
  capability: 'write',
  destructive: false,
  // Each upload of the same file adds another version.
  idempotent: false,
  input,
  output,
  async run(ctx, args) {
    const o = { signal: ctx.signal };
    const bytes =
      args.encoding === 'base64'
        ? Buffer.from(args.content.replace(/\s+/g, ''), 'base64')
        : Buffer.from(args.content, 'utf8');
    const ext = /\.([a-z0-9]+)$/i.exec(args.fileName)?.[1]?.toLowerCase();
    const mediaType =
      args.mediaType ??
      (ext === undefined ? undefined : BY_EXTENSION[ext]) ??
      (args.encoding === 'text' ? 'text/plain' : 'application/octet-stream');
    if (args.dryRun) {
      const existing = (
        await ctx.client.listPageAttachments(args.pageId, { filename: args.fileName, limit: 1 }, o)
      ).items[0];
      return {
        dryRun: true as const,
        pageId: args.pageId,
        title: args.fileName,
        mediaType,
        fileSize: bytes.byteLength,
        replaces:
          existing === undefined ? null : { id: existing.id, version: existing.version?.number ?? null },
      };
    }
    // A draft takes its attachments with status=draft (else Confluence answers 404).
    const page = await ctx.client.getPage(args.pageId, { status: ['current', 'archived', 'draft'] }, o);
    const stored = await ctx.client.uploadAttachment(
      args.pageId,
      {
        fileName: args.fileName,
        mediaType,
        bytes,
        comment: args.comment,
        minorEdit: args.minorEdit,
        pageStatus: page.status === 'draft' ? 'draft' : 'current',
      },
      o,
    );
    return {
      dryRun: false as const,
      pageId: args.pageId,
      id: stored.id,
      title: stored.title,
      mediaType: stored.mediaType ?? mediaType,
      fileSize: stored.fileSize ?? bytes.byteLength,
      version: stored.version,
      comment: stored.comment,
      downloadUrl: stored.downloadUrl ?? null,
      webUrl: stored.webUrl ?? null,
    };
  },
});
