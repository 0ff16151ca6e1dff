import type { Ctx } from '../app.js';
import { siteUrl } from '../app.js';
import { gatewayUnauthorized } from '../confluence/errors.js';
import type { Reply } from '../http/reply.js';
import { json } from '../http/reply.js';
import { findAccount, findSite, SITES } from '../identities.js';
import { IDENTITY_SCOPES } from './scopes.js';
import { authenticate, hasAnyScope } from './bearer.js';

/**
 * `GET /oauth/token/accessible-resources`. Order is not guaranteed upstream; the emulator lists sites in
 * reverse cloudId order so a client that trusts the first entry is caught by its tests.
 */
export function accessibleResources(ctx: Ctx): Reply {
  const token = authenticate(ctx.state, ctx.headers);
  if (token === null) return gatewayUnauthorized();
  const siteScopes = token.scopes.filter((s) => !(IDENTITY_SCOPES as readonly string[]).includes(s));
  const sites = SITES.filter((s) => token.cloudIds.includes(s.cloudId))
    .sort((a, b) => b.cloudId.localeCompare(a.cloudId))
    .map((s) => ({
      id: s.cloudId,
      name: s.name,
      url: siteUrl(ctx.app, s),
      scopes: siteScopes,
      avatarUrl: `${ctx.app.url}/avatars/${s.avatar}.svg`,
    }));
  return json(200, sites);
}

/** `GET /me` (needs `read:me`): the user-identity API's profile. */
export function me(ctx: Ctx): Reply {
  const token = authenticate(ctx.state, ctx.headers);
  if (token === null) return gatewayUnauthorized();
  if (!hasAnyScope(token, ['read:me'])) return gatewayUnauthorized(true);
  const account = findAccount(token.accountId);
  if (account === undefined) return gatewayUnauthorized();
  return json(200, {
    account_type: 'atlassian',
    account_id: account.accountId,
    email: account.email,
    email_verified: true,
    name: account.name,
    picture: `${ctx.app.url}/avatars/${account.accountId}.svg`,
    account_status: 'active',
    nickname: account.nickname,
    zoneinfo: account.zoneinfo,
    locale: 'en-US',
    extended_profile: { job_title: account.jobTitle, organization: 'Acme', department: 'Engineering' },
    last_updated: '2024-01-02T09:00:00.000Z',
  });
}

const COLORS = ['#0052cc', '#00875a', '#ff5630', '#6554c0', '#ff991f'];

/** Avatars are served locally so the demo shows pictures with no internet. */
export function avatar(ctx: Ctx): Reply {
  const name = (ctx.params.name ?? '').replace(/\.svg$/, '');
  const label = findAccount(name)?.name ?? SITES.find((s) => s.avatar === name)?.name ?? findSite(name)?.name;
  if (label === undefined) return json(404, { code: 404, message: 'Not Found' });
  const initials = label
    .split(/\s+/)
    .map((w) => w.charAt(0))
    .join('')
    .slice(0, 2)
    .toUpperCase();
  let hash = 0;
  for (let i = 0; i < name.length; i++) hash += name.charCodeAt(i);
  const color = COLORS[hash % COLORS.length] ?? '#0052cc';
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48" viewBox="0 0 48 48"><rect width="48" height="48" rx="24" fill="${color}"/><text x="24" y="30" font-family="Arial, sans-serif" font-size="18" fill="#fff" text-anchor="middle">${initials}</text></svg>`;
  return {
    status: 200,
    text: svg,
    contentType: 'image/svg+xml',
    headers: { 'cache-control': 'max-age=86400' },
  };
}
