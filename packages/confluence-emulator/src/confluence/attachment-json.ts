import { findAccount } from '../identities.js';
import type { Attachment, AttachmentVersion, Page } from './model.js';
import { currentVersion } from './model.js';
import { iso } from './serialize.js';
import type { SiteStore } from './store.js';

/** Attachment shapes: v2 `AttachmentBulk` / `AttachmentSingle`, and the v1 `Content` an upload answers with. */

export function currentAttachmentVersion(attachment: Attachment): AttachmentVersion {
  const v = attachment.versions[attachment.versions.length - 1];
  if (v === undefined) throw new Error(`attachment ${attachment.id} without a version`);
  return v;
}

/** `att123` or `123` → `123`; anything else null (the spec's pattern is `(att)?[0-9]+`). */
export function attachmentNumber(raw: string | undefined): string | null {
  const match = /^(?:att)?(\d{1,18})$/.exec(raw ?? '');
  return match?.[1] === undefined ? null : match[1].replace(/^0+(?=\d)/, '');
}

const DESCRIPTIONS: Record<string, string> = {
  'application/pdf': 'PDF Document',
  'application/json': 'JSON File',
  'application/xml': 'XML File',
  'application/zip': 'Zip Archive',
  'text/plain': 'Text File',
  'text/csv': 'CSV File',
  'text/markdown': 'Markdown File',
  'text/html': 'HTML Document',
};

function mediaTypeDescription(mediaType: string): string {
  const known = DESCRIPTIONS[mediaType];
  if (known !== undefined) return known;
  const [type, sub = ''] = mediaType.split('/');
  if (type === 'image') return `${sub.replace(/\+.*$/, '').toUpperCase()} Image`;
  return 'File';
}

function links(attachment: Attachment, v: AttachmentVersion) {
  const name = encodeURIComponent(attachment.title);
  const preview = encodeURIComponent(`/${attachment.pageId}/att${attachment.id}/${attachment.title}`);
  return {
    webui: `/pages/viewpageattachments.action?pageId=${attachment.pageId}&preview=${preview}`,
    download:
      `/download/attachments/${attachment.pageId}/${name}` +
      `?version=${v.number}&modificationDate=${v.createdAt}&cacheVersion=1&api=v2`,
  };
}

function versionJson(v: AttachmentVersion): Record<string, unknown> {
  return {
    number: v.number,
    message: v.comment,
    minorEdit: v.minorEdit,
    authorId: v.authorId,
    createdAt: iso(v.createdAt),
  };
}

export interface AttachmentJsonOptions {
  /** A past version instead of the current one (`GET /attachments/{id}?version=`). */
  version?: AttachmentVersion;
  includeVersion?: boolean;
  withBase?: boolean;
}

/** v2 `AttachmentBulk` (and, `withBase`, the single-entity form). */
export function attachmentJson(
  site: SiteStore,
  attachment: Attachment,
  options: AttachmentJsonOptions = {},
): Record<string, unknown> {
  const v = options.version ?? currentAttachmentVersion(attachment);
  const link = links(attachment, v);
  const json: Record<string, unknown> = {
    id: `att${attachment.id}`,
    status: attachment.status,
    title: attachment.title,
    // The version's date: each upload of a file is stored as new content in Confluence.
    createdAt: iso(v.createdAt),
    pageId: attachment.pageId,
    mediaType: v.mediaType,
    mediaTypeDescription: mediaTypeDescription(v.mediaType),
    comment: v.comment,
    fileId: v.fileId,
    fileSize: v.bytes.length,
    webuiLink: link.webui,
    downloadLink: link.download,
  };
  if (options.includeVersion ?? true) json.version = versionJson(v);
  json._links = options.withBase === true ? { ...link, base: site.wikiBase } : link;
  return json;
}

export function attachmentVersionsJson(attachment: Attachment): Record<string, unknown>[] {
  return [...attachment.versions].reverse().map(versionJson);
}

/** v1 `Content` of type attachment, as `PUT /content/{id}/child/attachment` lists what it stored. */
export function attachmentContentJson(
  site: SiteStore,
  attachment: Attachment,
  page: Page,
): Record<string, unknown> {
  const v = currentAttachmentVersion(attachment);
  const account = findAccount(v.authorId);
  const link = links(attachment, v);
  const extensions = {
    mediaType: v.mediaType,
    fileSize: v.bytes.length,
    comment: v.comment,
    mediaTypeDescription: mediaTypeDescription(v.mediaType),
    fileId: v.fileId,
    collectionName: `contentId-${page.id}`,
  };
  return {
    id: `att${attachment.id}`,
    type: 'attachment',
    status: attachment.status,
    title: attachment.title,
    version: {
      by: {
        type: 'known',
        accountId: v.authorId,
        accountType: 'atlassian',
        displayName: account?.name ?? v.authorId,
        publicName: account?.nickname ?? v.authorId,
      },
      when: iso(v.createdAt),
      number: v.number,
      minorEdit: v.minorEdit,
      message: v.comment,
    },
    container: { id: page.id, type: 'page', status: page.status, title: currentVersion(page).title },
    metadata: { mediaType: v.mediaType, comment: v.comment },
    extensions,
    _links: {
      webui: link.webui,
      download: link.download,
      self: `${site.wikiBase}/rest/api/content/att${attachment.id}`,
    },
  };
}
