import { z } from 'zod';
import { joinUrl, toVersion, type Version } from './models.js';
import { listLinksSchema, versionSchema } from './schemas.js';

// Upstream attachment shapes (v2 AttachmentBulk / AttachmentSingle, v1 ContentArray of an upload), checked only
// for the fields used, as in schemas.ts.

const id = z.union([z.string(), z.number()]).transform(String);
const optionalText = z.string().nullish();

export const attachmentSchema = z.looseObject({
  id,
  status: z.string(),
  title: z.string(),
  createdAt: optionalText,
  pageId: id.nullish(),
  blogPostId: id.nullish(),
  mediaType: optionalText,
  mediaTypeDescription: optionalText,
  comment: optionalText,
  fileId: optionalText,
  fileSize: z.number().int().nullish(),
  webuiLink: optionalText,
  downloadLink: optionalText,
  version: versionSchema.nullish(),
  _links: z.looseObject({ webui: optionalText, download: optionalText, base: optionalText }).nullish(),
});

export const attachmentListSchema = z.looseObject({
  results: z.array(attachmentSchema),
  _links: listLinksSchema.nullish(),
});

/** v1 `PUT /content/{id}/child/attachment` answers a ContentArray of what it stored. */
export const uploadedAttachmentsSchema = z.looseObject({
  results: z.array(
    z.looseObject({
      id,
      title: z.string(),
      version: z.looseObject({ number: z.number().int(), when: optionalText }),
      extensions: z
        .looseObject({ mediaType: optionalText, fileSize: z.number().int().nullish(), comment: optionalText })
        .nullish(),
      metadata: z.looseObject({ mediaType: optionalText, comment: optionalText }).nullish(),
      _links: z.looseObject({ webui: optionalText, download: optionalText }).nullish(),
    }),
  ),
  _links: z.looseObject({ base: optionalText }).nullish(),
});

export interface Attachment {
  /** `att123…`, as Confluence names attachments. */
  id: string;
  /** The file name. */
  title: string;
  status: string;
  /** The page it is attached to; undefined for a blog post's or custom content's attachment. */
  pageId: string | undefined;
  mediaType: string | undefined;
  mediaTypeDescription: string | undefined;
  comment: string;
  fileSize: number | undefined;
  createdAt: string | undefined;
  version: Version | undefined;
  /** Absolute browser URLs (undefined when the site URL is unknown): the preview, and the download. */
  webUrl: string | undefined;
  downloadUrl: string | undefined;
}

/** What an upload stored: the attachment and the version it is now at (1 for a new file). */
export interface UploadedAttachment {
  id: string;
  title: string;
  mediaType: string | undefined;
  fileSize: number | undefined;
  comment: string;
  version: number;
  webUrl: string | undefined;
  downloadUrl: string | undefined;
}

/** An attachment's bytes, read up to a size limit. */
export interface DownloadedFile {
  bytes: Uint8Array;
  /** The media store's Content-Type, when it sent one. */
  mediaType: string | undefined;
}

export interface ListAttachmentsParams {
  filename?: string;
  mediaType?: string;
  sort?: 'created-date' | '-created-date' | 'modified-date' | '-modified-date';
  cursor?: string;
  limit?: number;
}

export interface DownloadAttachmentParams {
  /** A past version; default the current one. */
  version?: number;
  /** The size Confluence reported (`fileSize`): over the limit, nothing is downloaded at all. */
  expectedSize?: number;
}

export interface UploadAttachmentInput {
  fileName: string;
  mediaType: string;
  bytes: Uint8Array;
  comment?: string;
  /** No notification or activity stream entry (Confluence's `minorEdit`); default false. */
  minorEdit?: boolean;
  /** The page's status: a draft's attachments are uploaded with `status=draft`; default current. */
  pageStatus?: 'current' | 'draft';
}

export function toAttachment(raw: z.output<typeof attachmentSchema>, base: string | undefined): Attachment {
  const siteBase = raw._links?.base ?? base;
  return {
    id: raw.id,
    title: raw.title,
    status: raw.status,
    pageId: raw.pageId ?? undefined,
    mediaType: raw.mediaType ?? undefined,
    mediaTypeDescription: raw.mediaTypeDescription ?? undefined,
    comment: raw.comment ?? '',
    fileSize: raw.fileSize ?? undefined,
    createdAt: raw.createdAt ?? undefined,
    version: raw.version ? toVersion(raw.version) : undefined,
    webUrl: joinUrl(siteBase, raw.webuiLink ?? raw._links?.webui),
    downloadUrl: joinUrl(siteBase, raw.downloadLink ?? raw._links?.download),
  };
}

export function toUploadedAttachment(
  raw: z.output<typeof uploadedAttachmentsSchema>['results'][number],
  base: string | undefined,
): UploadedAttachment {
  return {
    id: raw.id,
    title: raw.title,
    mediaType: raw.extensions?.mediaType ?? raw.metadata?.mediaType ?? undefined,
    fileSize: raw.extensions?.fileSize ?? undefined,
    comment: raw.extensions?.comment ?? raw.metadata?.comment ?? '',
    version: raw.version.number,
    webUrl: joinUrl(base, raw._links?.webui),
    downloadUrl: joinUrl(base, raw._links?.download),
  };
}

/** `4 MB`, `512 KB`, `37 bytes`: sizes in messages people and agents read (binary units, as file browsers show). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / (1024 * 1024)).toFixed(1))} MB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KB`;
  return `${bytes} bytes`;
}
