import { randomUUID } from 'node:crypto';
import type { FormPart } from '../http/multipart.js';
import { multipartBoundary, parseMultipart } from '../http/multipart.js';
import type { Reply } from '../http/reply.js';
import { json } from '../http/reply.js';
import { attachmentContentJson } from './attachment-json.js';
import { v1Error, v1Invalid, v1NoContent } from './errors.js';
import type { Attachment, AttachmentVersion, Page } from './model.js';
import type { SiteCtx, SiteHandler } from './site-ctx.js';
import { MAX_ATTACHMENT_BODY } from './site-ctx.js';

/** What Confluence would detect from a file name when the part's own type says nothing. */
const BY_EXTENSION: Record<string, string> = {
  txt: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
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
};

function mediaTypeOf(part: FormPart, filename: string): string {
  const declared = part.contentType?.split(';', 1)[0]?.trim().toLowerCase();
  if (declared !== undefined && declared !== '' && declared !== 'application/octet-stream') return declared;
  const ext = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase();
  return (ext === undefined ? undefined : BY_EXTENSION[ext]) ?? 'application/octet-stream';
}

const text = (part: FormPart | undefined) => part?.data.toString('utf8');

/**
 * `PUT /wiki/rest/api/content/{id}/child/attachment` (v1, multipart/form-data; v2 has no uploads): adds each `file`
 * part to the page, or — for a file name the page already has — a new version of that attachment. `POST` only
 * adds (400 for a name that exists). Checked in the order Confluence does: the size (413), the XSRF header
 * (`X-Atlassian-Token: no-check`, else 403), the page (404), then the form (400: no `file` part, no `minorEdit`).
 */
export const createOrUpdateAttachments: SiteHandler = (ctx) => upload(ctx, true);
export const createAttachments: SiteHandler = (ctx) => upload(ctx, false);

function upload(ctx: SiteCtx, mayUpdate: boolean): Reply {
  if (ctx.body.tooLarge) {
    const mb = MAX_ATTACHMENT_BODY / (1024 * 1024);
    return v1Error(413, `The attachment is larger than this site's maximum attachment size (${mb} MB).`, [], {
      authorized: true,
      valid: false,
    });
  }
  const xsrf = ctx.headers['x-atlassian-token'];
  if (xsrf !== 'no-check' && xsrf !== 'nocheck') {
    return v1Error(403, 'XSRF check failed', [], { authorized: false, valid: true });
  }
  const status = ctx.query.get('status') ?? 'current';
  if (status !== 'current' && status !== 'draft') v1Invalid(`Invalid status: ${status} (current or draft).`);
  const page = /^\d{1,18}$/.test(ctx.params.id ?? '') ? ctx.site.pages.get(ctx.params.id ?? '') : undefined;
  if (page === undefined || page.status === 'trashed' || (status === 'draft') !== (page.status === 'draft')) {
    return v1NoContent(ctx.params.id);
  }
  const boundary = multipartBoundary(ctx.headers['content-type']);
  if (boundary === null) {
    return v1Error(415, 'Attachments are uploaded as multipart/form-data.', [], {
      authorized: true,
      valid: false,
    });
  }
  const parts = ctx.body.bytes === null ? [] : parseMultipart(ctx.body.bytes, boundary);
  if (parts === null) return v1Invalid('The multipart/form-data body is not well-formed.');
  const files = parts.filter((p) => p.name === 'file');
  if (files.length === 0)
    v1Invalid('No file to attach: send it as a form part named "file" with a filename.');
  const minorEdit = text(parts.find((p) => p.name === 'minorEdit'))
    ?.trim()
    .replace(/^"(.*)"$/, '$1');
  if (minorEdit === undefined) v1Invalid('minorEdit is required ("true" or "false").');
  const comments = parts.filter((p) => p.name === 'comment').map((p) => text(p) ?? '');
  if (comments.length > 0 && comments.length !== files.length) {
    v1Invalid('Give one comment per file, in the order of the files, or none.');
  }
  const uploads = files.map((file, i) => {
    const filename = file.filename?.trim() ?? '';
    // eslint-disable-next-line no-control-regex -- control characters are what is refused
    if (filename === '' || filename.length > 255 || /[\\/\u0000-\u001f]/.test(filename)) {
      v1Invalid(`Invalid file name '${filename}': 1-255 characters, without / \\ or control characters.`);
    }
    const existing = [...ctx.site.attachments.values()].find(
      (a) => a.pageId === page.id && a.status === 'current' && a.title === filename,
    );
    if (existing !== undefined && !mayUpdate) {
      v1Invalid(`Cannot add a new attachment with same file name as an existing attachment: ${filename}`);
    }
    return { file, filename, existing, comment: comments[i] ?? '' };
  });
  const results = uploads.map(({ file, filename, existing, comment }) => {
    const version: Omit<AttachmentVersion, 'number'> = {
      fileId: randomUUID(),
      mediaType: mediaTypeOf(file, filename),
      comment,
      minorEdit: minorEdit === 'true',
      authorId: ctx.token.accountId,
      createdAt: ctx.state.clock.now(),
      bytes: Buffer.from(file.data),
    };
    const attachment = existing ?? newAttachment(ctx, page, filename);
    attachment.versions.push({ ...version, number: attachment.versions.length + 1 });
    return attachmentContentJson(ctx.site, attachment, page);
  });
  return json(200, {
    results,
    start: 0,
    limit: 50,
    size: results.length,
    _links: { base: ctx.site.wikiBase, context: '/wiki' },
  });
}

function newAttachment(ctx: SiteCtx, page: Page, title: string): Attachment {
  const attachment: Attachment = {
    id: ctx.site.ids.nextContent(),
    pageId: page.id,
    title,
    status: 'current',
    versions: [],
  };
  ctx.site.attachments.set(attachment.id, attachment);
  return attachment;
}
