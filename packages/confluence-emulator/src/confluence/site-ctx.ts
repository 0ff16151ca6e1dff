import type { Ctx } from '../app.js';
import type { Reply } from '../http/reply.js';
import { fail, json } from '../http/reply.js';
import type { AccessToken } from '../oauth/auth-store.js';
import { badRequest, v2Error } from './errors.js';
import { linkHeader, nextLink } from './pagination.js';
import type { SiteStore } from './store.js';

/** A Confluence request that passed the gateway: `path` is relative to `/ex/confluence/{cloudId}`. */
export interface SiteCtx extends Ctx {
  site: SiteStore;
  token: AccessToken;
}

export type SiteHandler = (ctx: SiteCtx) => Reply;

/** Upstream caps request bodies at 5 MB (413). */
export const MAX_CONTENT_BODY = 5 * 1024 * 1024;

/**
 * Attachment uploads (multipart, `…/child/attachment`): a site's maximum attachment size is an admin setting; the
 * emulator's is 10 MB, over which an upload answers 413.
 */
export const MAX_ATTACHMENT_BODY = 10 * 1024 * 1024;

/** A v2 list: `{results, _links:{next?, base}}` plus a `Link` header while more results exist. */
export function listReply(ctx: SiteCtx, results: unknown[], nextCursor: string | null): Reply {
  const base = ctx.site.wikiBase;
  if (nextCursor === null) return json(200, { results, _links: { base } });
  const next = nextLink(ctx.path, ctx.query, nextCursor);
  return json(200, { results, _links: { next, base } }, { link: linkHeader(next, base) });
}

export function readJson(ctx: SiteCtx): unknown {
  if (ctx.body.tooLarge) {
    fail(v2Error(413, 'REQUEST_ENTITY_TOO_LARGE', 'Request too large. The maximum request size is 5 MB.'));
  }
  const type = ctx.headers['content-type'];
  if (type !== undefined && !type.toLowerCase().includes('json')) {
    fail(v2Error(415, 'UNSUPPORTED_MEDIA_TYPE', `Content type '${type}' is not supported.`));
  }
  const text = ctx.body.bytes?.toString('utf8') ?? '';
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return badRequest('The request body is not valid JSON.');
  }
}

/** A zod error as one v2 400 title naming the offending fields. */
export function invalidBody(issues: readonly { path: readonly PropertyKey[]; message: string }[]): never {
  const detail = issues.map((i) => `${i.path.map(String).join('.') || 'body'}: ${i.message}`).join('; ');
  return badRequest(`Invalid request body. ${detail}`);
}
