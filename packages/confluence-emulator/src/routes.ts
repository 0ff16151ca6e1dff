import type { Ctx } from './app.js';
import { handleConfluence } from './confluence/gateway.js';
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
  .add('GET', '/avatars/:name', avatar);

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
    sites: SITES.map((s) => ({ cloudId: s.cloudId, name: s.name, url: s.url })),
  });
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
