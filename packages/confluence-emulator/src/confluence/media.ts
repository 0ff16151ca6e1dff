import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Ctx } from '../app.js';
import type { Reply } from '../http/reply.js';
import { json } from '../http/reply.js';
import type { Attachment, AttachmentVersion } from './model.js';

/**
 * The media store an attachment download redirects to. Upstream that is `api.media.atlassian.com/file/{fileId}/
 * binary?token=…&client=…&collection=…&name=…&dl=true&max-age=…`: a URL that carries its own short-lived token, so
 * the client fetches it without the Confluence bearer token. The emulator serves the same path on its own origin,
 * with an HMAC-signed token (no state to keep, none to reset).
 */

const KEY = randomBytes(32);
/** Upstream's `max-age` on these URLs (seconds). */
const MAX_AGE_S = 2940;

function signature(fileId: string, expiresAt: number): string {
  return createHmac('sha256', KEY).update(`${fileId}:${expiresAt}`).digest('base64url');
}

export function mediaUrl(
  appUrl: string,
  attachment: Attachment,
  version: AttachmentVersion,
  clientId: string,
  now: number,
): string {
  const expiresAt = now + MAX_AGE_S * 1000;
  const params = new URLSearchParams({
    token: `${expiresAt}.${signature(version.fileId, expiresAt)}`,
    client: clientId,
    collection: `contentId-${attachment.pageId}`,
    name: attachment.title,
    dl: 'true',
    'max-age': String(MAX_AGE_S),
  });
  return `${appUrl}/media/file/${version.fileId}/binary?${params.toString()}`;
}

function validToken(token: string | null, fileId: string, now: number): boolean {
  const [expires, sig] = (token ?? '').split('.');
  const expiresAt = Number(expires);
  if (sig === undefined || !Number.isSafeInteger(expiresAt) || expiresAt < now) return false;
  const want = Buffer.from(signature(fileId, expiresAt));
  const got = Buffer.from(sig);
  return want.length === got.length && timingSafeEqual(want, got);
}

function findFile(ctx: Ctx, fileId: string): { attachment: Attachment; version: AttachmentVersion } | null {
  for (const site of ctx.state.sites.values()) {
    for (const attachment of site.attachments.values()) {
      const version = attachment.versions.find((v) => v.fileId === fileId);
      if (version !== undefined) return { attachment, version };
    }
  }
  return null;
}

/** `GET /media/file/{fileId}/binary?token=…`: the bytes, for a valid unexpired token; 401 otherwise. */
export function serveMedia(ctx: Ctx): Reply {
  const fileId = ctx.params.fileId ?? '';
  if (!validToken(ctx.query.get('token'), fileId, ctx.state.clock.now())) {
    return json(401, {
      error: { code: 'Unauthorized', title: 'The media token is missing, invalid or expired.' },
    });
  }
  const file = findFile(ctx, fileId);
  if (file === null) return json(404, { error: { code: 'FileNotFound', title: 'No file with this id.' } });
  const name = encodeURIComponent(file.attachment.title);
  const disposition = ctx.query.get('dl') === 'true' ? 'attachment' : 'inline';
  return {
    status: 200,
    bytes: file.version.bytes,
    contentType: file.version.mediaType,
    headers: {
      'content-disposition': `${disposition}; filename*=UTF-8''${name}`,
      'cache-control': `private, max-age=${MAX_AGE_S}`,
    },
  };
}
