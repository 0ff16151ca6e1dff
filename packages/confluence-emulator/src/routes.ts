import type { Ctx } from './app.js';
import { siteUrl } from './app.js';
import { handleConfluence } from './confluence/gateway.js';
import { serveMedia } from './confluence/media.js';
import { pageView, siteHome, spaceView } from './confluence/site-view.js';
import type { Reply } from './http/reply.js';
import { json } from './http/reply.js';
import { Router } from './http/router.js';
import { ACCOUNTS, SITES } from './identities.js';
import { getAuthorize, postAuthorize } from './oauth/authorize.js';
import { accessibleResources, avatar, me } from './oauth/identity-routes.js';
import { postToken } from './oauth/token.js';

type Handler = (ctx: Ctx) => Reply;

const CONFLUENCE_PREFIX = '/ex/confluence/';

const routes = new Router<Handler>()
  .add('GET', '/', index)
  .add('GET', '/authorize', getAuthorize)
  .add('POST', '/authorize', postAuthorize)
  .add('POST', '/oauth/token', postToken)
  .add('GET', '/oauth/token/accessible-resources', accessibleResources)
  .add('GET', '/me', me)
  .add('GET', '/avatars/:name', avatar)
  // Atlassian's media store, where attachment downloads redirect (its URL carries its own token).
  .add('GET', '/media/file/:fileId/binary', serveMedia)
  // Browser views of the sites (only with `serveSites`; 404 otherwise).
  .add('GET', '/sites/:site', siteHome)
  .add('GET', '/sites/:site/wiki', siteHome)
  .add('GET', '/sites/:site/wiki/spaces/:key', spaceView)
  .add('GET', '/sites/:site/wiki/spaces/:key/pages/:id', pageView)
  .add('GET', '/sites/:site/wiki/spaces/:key/pages/:id/:title', pageView);

/** Everything but `/__control`: the auth server, the identity API and the Confluence gateway. */
export function route(ctx: Ctx): Reply {
  if (ctx.path.startsWith(CONFLUENCE_PREFIX)) {
    const rest = ctx.path.slice(CONFLUENCE_PREFIX.length);
    const slash = rest.indexOf('/');
    const cloudId = slash === -1 ? rest : rest.slice(0, slash);
    return handleConfluence(ctx, safeDecode(cloudId), slash === -1 ? '/' : rest.slice(slash));
  }
  const match = routes.match(ctx.method, ctx.path);
  if (match.kind === 'found') return match.handler({ ...ctx, params: match.params });
  if (match.kind === 'wrong-method') return json(405, { code: 405, message: 'Method Not Allowed' });
  return json(404, { code: 404, message: 'Not Found' });
}

/** A landing document so a person (or a health check) hitting the root sees what is here. */
function index(ctx: Ctx): Reply {
  return json(200, {
    name: '@hub/confluence-emulator',
    authUrl: ctx.app.url,
    apiUrl: ctx.app.url,
    clients: ctx.app.options.clients.map((c) => c.clientId),
    accounts: ACCOUNTS.map((a) => ({ accountId: a.accountId, name: a.name, email: a.email })),
    sites: SITES.map((s) => ({ cloudId: s.cloudId, name: s.name, url: siteUrl(ctx.app, s) })),
  });
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
