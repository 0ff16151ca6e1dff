import { json, redirect } from '../http/reply.js';
import {
  attachmentJson,
  attachmentNumber,
  attachmentVersionsJson,
  currentAttachmentVersion,
} from './attachment-json.js';
import { badRequest, notFound, v1Invalid, v1NoContent } from './errors.js';
import { mediaUrl } from './media.js';
import type { Attachment, Page } from './model.js';
import type { Sorting } from './pagination.js';
import { paginate } from './pagination.js';
import { boolParam, enumListParam, enumParam, idParam, limitParam } from './params.js';
import { optionalField } from './serialize.js';
import type { SiteCtx, SiteHandler } from './site-ctx.js';
import { listReply } from './site-ctx.js';

const SORTS = ['created-date', '-created-date', 'modified-date', '-modified-date'] as const;
const STATUSES = ['current', 'archived', 'trashed'] as const;

/** A page attachments can be read from: not there, or in the trash, is a 404 as for the page itself. */
function visiblePage(ctx: SiteCtx, id: string): Page | undefined {
  const page = ctx.site.pages.get(id);
  return page === undefined || page.status === 'trashed' ? undefined : page;
}

function sorting(name: (typeof SORTS)[number] | undefined): Sorting<Attachment> {
  if (name === undefined) return { name: 'id', key: () => 0, descending: false };
  const modified = name.endsWith('modified-date');
  return {
    name,
    key: (a) =>
      (modified ? currentAttachmentVersion(a) : (a.versions[0] ?? currentAttachmentVersion(a))).createdAt,
    descending: name.startsWith('-'),
  };
}

/**
 * `GET /wiki/api/v2/pages/{id}/attachments`: `status` (default current and archived), `mediaType`, `filename`,
 * `sort`, `cursor`, `limit` (default 50, at most 250); 404 for a page that is not there.
 */
export const listPageAttachments: SiteHandler = (ctx) => {
  const page = visiblePage(ctx, idParam(ctx.params.id));
  if (page === undefined) return notFound();
  const q = ctx.query;
  const statuses: readonly string[] = enumListParam(q, 'status', STATUSES) ?? ['current', 'archived'];
  const mediaType = q.get('mediaType');
  const filename = q.get('filename');
  const order = sorting(enumParam(q, 'sort', SORTS));
  const limit = limitParam(q, 250, 50);
  const matching = [...ctx.site.attachments.values()].filter(
    (a) =>
      a.pageId === page.id &&
      statuses.includes(a.status) &&
      (mediaType === null || currentAttachmentVersion(a).mediaType === mediaType) &&
      (filename === null || a.title === filename),
  );
  const batch = paginate(matching, order, q.get('cursor'), limit);
  return listReply(
    ctx,
    batch.items.map((a) => attachmentJson(ctx.site, a)),
    batch.nextCursor,
  );
};

/**
 * `GET /wiki/api/v2/attachments/{id}` (`att123` or `123`): `version` for a past version, `include-version`
 * (default true), `include-versions`, `include-labels`; 404 when it, or its page, is not there.
 */
export const getAttachment: SiteHandler = (ctx) => {
  const id = attachmentNumber(ctx.params.id);
  if (id === null) return badRequest(`Invalid value for 'id': ${ctx.params.id ?? ''}.`);
  const attachment = ctx.site.attachments.get(id);
  if (attachment === undefined || visiblePage(ctx, attachment.pageId) === undefined) return notFound();
  const q = ctx.query;
  const wanted = q.get('version');
  let version = currentAttachmentVersion(attachment);
  if (wanted !== null) {
    if (!/^\d+$/.test(wanted)) badRequest(`Invalid value for 'version': ${wanted}.`);
    const found = attachment.versions.find((v) => String(v.number) === wanted);
    if (found === undefined) return notFound();
    version = found;
  }
  const body = attachmentJson(ctx.site, attachment, {
    version,
    includeVersion: boolParam(q, 'include-version', true),
    withBase: true,
  });
  const self = `/wiki/api/v2/attachments/att${attachment.id}`;
  if (boolParam(q, 'include-labels', false)) body.labels = optionalField([], `${self}/labels`);
  if (boolParam(q, 'include-versions', false))
    body.versions = optionalField(attachmentVersionsJson(attachment), `${self}/versions`);
  return json(200, body);
};

/**
 * `GET /wiki/rest/api/content/{id}/child/attachment/{attachmentId}/download` (v1; `version` optional): a 302 to
 * the media store's URL for the file's bytes. 404 when the page is not there or has no such attachment; 400 for a
 * version it does not have.
 */
export const downloadAttachment: SiteHandler = (ctx) => {
  // v1 takes any string id: one that is not a page id is a 404 like any other.
  const page = /^\d{1,18}$/.test(ctx.params.id ?? '') ? visiblePage(ctx, idParam(ctx.params.id)) : undefined;
  if (page === undefined) return v1NoContent(ctx.params.id);
  const id = attachmentNumber(ctx.params.attachmentId);
  const attachment = id === null ? undefined : ctx.site.attachments.get(id);
  if (attachment === undefined || attachment.pageId !== page.id || attachment.status !== 'current') {
    return v1NoContent(ctx.params.attachmentId);
  }
  const wanted = ctx.query.get('version');
  let version = currentAttachmentVersion(attachment);
  if (wanted !== null) {
    const found = /^\d+$/.test(wanted)
      ? attachment.versions.find((v) => String(v.number) === wanted)
      : undefined;
    if (found === undefined) {
      v1Invalid(
        `Version ${wanted} is not a version of attachment att${attachment.id} (latest: ${version.number}).`,
      );
    }
    version = found;
  }
  return redirect(mediaUrl(ctx.app.url, attachment, version, ctx.token.clientId, ctx.state.clock.now()));
};
