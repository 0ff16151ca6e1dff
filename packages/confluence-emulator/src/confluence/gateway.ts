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
import {
  createInlineComment,
  getInlineComment,
  listInlineCommentChildren,
  listPageInlineComments,
  updateInlineComment,
} from './inline-comments.js';
import { searchUsers, usersBulk } from './users.js';
import { archivePages, getLongTask } from './archive.js';
import { createAttachments, createOrUpdateAttachments } from './attachment-upload.js';
import { downloadAttachment, getAttachment, listPageAttachments } from './attachments.js';
import { listPageVersions } from './versions.js';
import { deletePage, getFolder, listDescendantsByType, listPageAncestors } from './hierarchy.js';
import { addLabels, listPageLabels, removeLabel } from './labels.js';
import { copyPage, copyPageHierarchy, movePage } from './move-copy.js';
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
/** Attachments: the granular scopes, or the classic ones the v1 spec lists (download, upload). */
const readAttachment = ['read:attachment:confluence', 'readonly:content.attachment:confluence'];
const writeAttachment = ['write:attachment:confluence', 'write:confluence-file'];
const readUser = ['read:user:confluence'];
const searchUser = ['read:content-details:confluence'];
/** v1 move and copy: the classic scope, or the granular one the spec lists as beta. */
const writeContent = ['write:page:confluence', 'write:confluence-content'];
const readContentMetadata = ['read:content.metadata:confluence'];
const deletePageScopes = ['delete:page:confluence'];
const readFolder = ['read:folder:confluence'];
/** v1 content listings: the classic scope, or the granular one the spec lists as beta. */
const readContentSummary = ['read:confluence-content.summary', 'read:content-details:confluence'];

const routes = new Router<Route>()
  .add('GET', `${V2}/spaces`, { handler: listSpaces, scopes: readSpace })
  .add('GET', `${V2}/spaces/:id`, { handler: getSpace, scopes: readSpace })
  .add('GET', `${V2}/spaces/:id/pages`, { handler: listSpacePages, scopes: readPage })
  .add('GET', `${V2}/pages`, { handler: listAllPages, scopes: readPage })
  .add('POST', `${V2}/pages`, { handler: createPage, scopes: writePage })
  .add('GET', `${V2}/pages/:id`, { handler: getPage, scopes: readPage })
  .add('PUT', `${V2}/pages/:id`, { handler: updatePage, scopes: writePage })
  .add('DELETE', `${V2}/pages/:id`, { handler: deletePage, scopes: deletePageScopes })
  .add('GET', `${V2}/pages/:id/children`, { handler: listChildPages, scopes: readPage })
  .add('GET', `${V2}/pages/:id/ancestors`, { handler: listPageAncestors, scopes: readContentMetadata })
  .add('GET', `${V2}/folders/:id`, { handler: getFolder, scopes: readFolder })
  // v1 only where v2 has no equivalent: a page's or folder's folders, and a folder's pages.
  .add('GET', '/wiki/rest/api/content/:id/descendant/:type', {
    handler: listDescendantsByType,
    scopes: readContentSummary,
  })
  .add('GET', `${V2}/pages/:id/labels`, { handler: listPageLabels, scopes: readPage })
  .add('GET', `${V2}/pages/:id/versions`, { handler: listPageVersions, scopes: readPage })
  .add('GET', `${V2}/pages/:id/attachments`, { handler: listPageAttachments, scopes: readAttachment })
  .add('GET', `${V2}/attachments/:id`, { handler: getAttachment, scopes: readAttachment })
  // v1 only where v2 has no equivalent: downloading an attachment's bytes, and uploads.
  .add('GET', '/wiki/rest/api/content/:id/child/attachment/:attachmentId/download', {
    handler: downloadAttachment,
    scopes: readAttachment,
  })
  .add('PUT', '/wiki/rest/api/content/:id/child/attachment', {
    handler: createOrUpdateAttachments,
    scopes: writeAttachment,
  })
  .add('POST', '/wiki/rest/api/content/:id/child/attachment', {
    handler: createAttachments,
    scopes: writeAttachment,
  })
  .add('GET', `${V2}/pages/:id/footer-comments`, { handler: listPageComments, scopes: readComment })
  .add('GET', `${V2}/footer-comments`, { handler: listAllComments, scopes: readComment })
  .add('POST', `${V2}/footer-comments`, { handler: createComment, scopes: writeComment })
  .add('GET', `${V2}/footer-comments/:id`, { handler: getComment, scopes: readComment })
  .add('GET', `${V2}/footer-comments/:id/children`, { handler: listCommentChildren, scopes: readComment })
  .add('GET', `${V2}/pages/:id/inline-comments`, { handler: listPageInlineComments, scopes: readComment })
  .add('POST', `${V2}/inline-comments`, { handler: createInlineComment, scopes: writeComment })
  .add('GET', `${V2}/inline-comments/:id`, { handler: getInlineComment, scopes: readComment })
  .add('PUT', `${V2}/inline-comments/:id`, { handler: updateInlineComment, scopes: writeComment })
  .add('GET', `${V2}/inline-comments/:id/children`, {
    handler: listInlineCommentChildren,
    scopes: readComment,
  })
  .add('POST', `${V2}/users-bulk`, { handler: usersBulk, scopes: readUser })
  .add('GET', '/wiki/rest/api/search', { handler: search, scopes: searchScopes })
  .add('GET', '/wiki/rest/api/search/user', { handler: searchUsers, scopes: searchUser })
  // v1 only where v2 has no equivalent: archiving pages, and the long task it answers with.
  .add('POST', '/wiki/rest/api/content/archive', { handler: archivePages, scopes: writePage })
  .add('GET', '/wiki/rest/api/longtask/:id', { handler: getLongTask, scopes: readPage })
  .add('POST', '/wiki/rest/api/content/:id/label', { handler: addLabels, scopes: writeLabel })
  .add('PUT', '/wiki/rest/api/content/:pageId/move/:position/:targetId', {
    handler: movePage,
    scopes: writeContent,
  })
  .add('POST', '/wiki/rest/api/content/:id/copy', { handler: copyPage, scopes: writeContent })
  .add('POST', '/wiki/rest/api/content/:id/pagehierarchy/copy', {
    handler: copyPageHierarchy,
    scopes: writeContent,
  })
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
