import type { Ctx } from '../app.js';
import type { Reply } from '../http/reply.js';
import { json } from '../http/reply.js';
import { Router } from '../http/router.js';
import { authenticate, bearerToken, hasAnyScope } from '../oauth/bearer.js';
import {
  createComment,
  getComment,
  listAllComments,
  listCommentChildren,
  listPageComments,
} from './comments.js';
import { gatewayUnauthorized, v1Error, v2Error } from './errors.js';
import { archivePages, getLongTask } from './archive.js';
import { addLabels, listPageLabels, removeLabel } from './labels.js';
import { createPage, updatePage } from './page-writes.js';
import { getPage, listAllPages, listChildPages, listSpacePages } from './pages.js';
import { search } from './search.js';
import type { SiteHandler } from './site-ctx.js';
import { getSpace, listSpaces } from './spaces.js';

interface Route {
  handler: SiteHandler;
  /** Any one of these scopes is enough. */
  scopes: readonly string[];
}

const V2 = '/wiki/api/v2';
const readSpace = ['read:space:confluence'];
const readPage = ['read:page:confluence'];
const writePage = ['write:page:confluence'];
const readComment = ['read:comment:confluence'];
const writeComment = ['write:comment:confluence'];
const searchScopes = ['search:confluence', 'read:content-details:confluence'];
const writeLabel = ['write:label:confluence', 'write:confluence-content'];

const routes = new Router<Route>()
  .add('GET', `${V2}/spaces`, { handler: listSpaces, scopes: readSpace })
  .add('GET', `${V2}/spaces/:id`, { handler: getSpace, scopes: readSpace })
  .add('GET', `${V2}/spaces/:id/pages`, { handler: listSpacePages, scopes: readPage })
  .add('GET', `${V2}/pages`, { handler: listAllPages, scopes: readPage })
  .add('POST', `${V2}/pages`, { handler: createPage, scopes: writePage })
  .add('GET', `${V2}/pages/:id`, { handler: getPage, scopes: readPage })
  .add('PUT', `${V2}/pages/:id`, { handler: updatePage, scopes: writePage })
  .add('GET', `${V2}/pages/:id/children`, { handler: listChildPages, scopes: readPage })
  .add('GET', `${V2}/pages/:id/labels`, { handler: listPageLabels, scopes: readPage })
  .add('GET', `${V2}/pages/:id/footer-comments`, { handler: listPageComments, scopes: readComment })
  .add('GET', `${V2}/footer-comments`, { handler: listAllComments, scopes: readComment })
  .add('POST', `${V2}/footer-comments`, { handler: createComment, scopes: writeComment })
  .add('GET', `${V2}/footer-comments/:id`, { handler: getComment, scopes: readComment })
  .add('GET', `${V2}/footer-comments/:id/children`, { handler: listCommentChildren, scopes: readComment })
  .add('GET', '/wiki/rest/api/search', { handler: search, scopes: searchScopes })
  // v1 only where v2 has no equivalent: archiving pages, and the long task it answers with.
  .add('POST', '/wiki/rest/api/content/archive', { handler: archivePages, scopes: writePage })
  .add('GET', '/wiki/rest/api/longtask/:id', { handler: getLongTask, scopes: readPage })
  .add('POST', '/wiki/rest/api/content/:id/label', { handler: addLabels, scopes: writeLabel })
  .add('DELETE', '/wiki/rest/api/content/:id/label', { handler: removeLabel, scopes: writeLabel })
  .add('DELETE', '/wiki/rest/api/content/:id/label/:label', { handler: removeLabel, scopes: writeLabel });

/**
 * `/ex/confluence/{cloudId}/…`, as the 3LO gateway serves it: the token is checked first (401 for a missing,
 * unknown or expired token, or a site it was not granted), then the route, then the route's scopes.
 */
export function handleConfluence(ctx: Ctx, cloudId: string, path: string): Reply {
  const token = authenticate(ctx.state, ctx.headers);
  const site = ctx.state.sites.get(cloudId);
  if (token === null && ctx.app.options.expiredTokenQuirk && isExpired(ctx)) return expiredQuirk(path);
  if (token === null || site === undefined || !token.cloudIds.includes(cloudId)) return gatewayUnauthorized();
  const match = routes.match(ctx.method, path);
  if (match.kind === 'none') return unknownPath(path);
  if (match.kind === 'wrong-method')
    return v2Error(405, 'METHOD_NOT_ALLOWED', `${ctx.method} is not supported here`);
  if (!hasAnyScope(token, match.handler.scopes)) return gatewayUnauthorized(true);
  return match.handler.handler({ ...ctx, path, params: match.params, site, token });
}

function isExpired(ctx: Ctx): boolean {
  const bearer = bearerToken(ctx.headers);
  return bearer !== null && ctx.state.auth.isExpiredAccess(bearer, ctx.state.clock.now());
}

/** Observed (not documented): the gateway has answered expired tokens with a v2 404 or a v1 403. */
function expiredQuirk(path: string): Reply {
  return path.startsWith('/wiki/rest/api/')
    ? v1Error(403, 'Current user not permitted to use Confluence', [], { authorized: false, valid: true })
    : v2Error(404, 'NOT_FOUND', 'Not Found');
}

/** Retired v1 content endpoints answer 410 Gone on current sites (observed); anything else is a 404. */
function unknownPath(path: string): Reply {
  if (path.startsWith('/wiki/rest/api/content')) {
    return v1Error(410, 'This API endpoint has been removed. Use the Confluence REST API v2.', [], {
      authorized: true,
      valid: true,
    });
  }
  if (path.startsWith('/wiki/rest/api/')) {
    return v1Error(404, `No resource found for ${path}`, [], { authorized: true, valid: true });
  }
  return path.startsWith(V2)
    ? v2Error(404, 'NOT_FOUND', 'Not Found')
    : json(404, { code: 404, message: 'Not Found' });
}
