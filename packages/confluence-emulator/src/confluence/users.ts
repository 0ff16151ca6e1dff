import { z } from 'zod';
import { json } from '../http/reply.js';
import type { Account } from '../identities.js';
import { ACCOUNTS } from '../identities.js';
import { v1Invalid } from './errors.js';
import { iso } from './serialize.js';
import type { SiteCtx, SiteHandler } from './site-ctx.js';
import { invalidBody, readJson } from './site-ctx.js';

/**
 * People of a site: the seeded accounts that were granted it. v2 `POST /users-bulk` (names for account ids) and
 * v1 `GET /rest/api/search/user` (CQL on user fields only), as the specs describe them.
 */

const bulkSchema = z.object({ accountIds: z.array(z.string()).min(1).max(250) });

function siteAccounts(ctx: SiteCtx): Account[] {
  return ACCOUNTS.filter((a) => a.cloudIds.includes(ctx.site.site.cloudId));
}

function personalSpaceId(ctx: SiteCtx, accountId: string): string | undefined {
  return ctx.site.spaceByKey(`~${accountId}`)?.id;
}

const avatar = (a: Account) => `/wiki/aa-avatar/${encodeURIComponent(a.accountId)}`;

/** The v2 `User` model. */
function userJson(ctx: SiteCtx, a: Account): Record<string, unknown> {
  const json: Record<string, unknown> = {
    displayName: a.name,
    timeZone: a.zoneinfo,
    isExternalCollaborator: false,
    accountStatus: 'active',
    accountId: a.accountId,
    email: a.email,
    accountType: 'atlassian',
    publicName: a.nickname,
    profilePicture: { path: avatar(a), isDefault: false },
  };
  const space = personalSpaceId(ctx, a.accountId);
  if (space !== undefined) json.personalSpaceId = space;
  return json;
}

/** `POST /wiki/api/v2/users-bulk`: the users among the ids (unknown ids are left out), in the order asked. */
export const usersBulk: SiteHandler = (ctx) => {
  const parsed = bulkSchema.safeParse(readJson(ctx));
  if (!parsed.success) return invalidBody(parsed.error.issues);
  const known = siteAccounts(ctx);
  const results = [...new Set(parsed.data.accountIds)]
    .map((id) => known.find((a) => a.accountId === id))
    .filter((a): a is Account => a !== undefined)
    .map((a) => userJson(ctx, a));
  return json(200, { results, _links: { base: ctx.site.wikiBase } });
};

type UserQuery = (a: Account) => boolean;

/**
 * The CQL this endpoint takes: `user.fullname ~ "fragment"` (a word of the full name or the nickname starts with
 * it), `user = "id"` / `user.accountid = "id"`, `user IN ("id", …)` and `type = user`, joined by AND / OR.
 * Anything else is a 400, as upstream answers CQL with fields other than user fields.
 */
function parseUserCql(cql: string): UserQuery {
  const value = String.raw`(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([^\s()"',]+))`;
  const clause = new RegExp(
    String.raw`^\s*(?:(user\.fullname)\s*~\s*${value}|(user|user\.accountid)\s*=\s*${value}|(user)\s+IN\s*\(([^)]*)\)|(type)\s*=\s*user\b)\s*`,
    'i',
  );
  const parts: UserQuery[] = [];
  const joins: string[] = [];
  let rest = cql;
  for (;;) {
    const m = clause.exec(rest);
    if (m === null) invalid(cql);
    const text = (i: number) => (m[i] ?? m[i + 1] ?? m[i + 2] ?? '').replace(/\\(.)/g, '$1');
    if (m[1] !== undefined) {
      const fragment = text(2).toLowerCase();
      parts.push((a) =>
        [...a.name.toLowerCase().split(/\s+/), a.nickname.toLowerCase(), a.name.toLowerCase()].some((w) =>
          w.startsWith(fragment),
        ),
      );
    } else if (m[5] !== undefined) {
      const id = text(6);
      parts.push((a) => a.accountId === id);
    } else if (m[9] !== undefined) {
      const ids = (m[10] ?? '').split(',').map((s) => s.trim().replace(/^["']|["']$/g, ''));
      parts.push((a) => ids.includes(a.accountId));
    } else {
      parts.push(() => true);
    }
    rest = rest.slice(m[0].length);
    if (rest.trim() === '') break;
    const join = /^(AND|OR)\s+/i.exec(rest);
    if (join === null) invalid(cql);
    joins.push((join[1] ?? '').toUpperCase());
    rest = rest.slice(join[0].length);
  }
  return (a) => {
    let result = parts[0]?.(a) ?? false;
    joins.forEach((op, i) => {
      const next = parts[i + 1]?.(a) ?? false;
      result = op === 'AND' ? result && next : result || next;
    });
    return result;
  };
}

function invalid(cql: string): never {
  return v1Invalid(
    `Could not parse cql : ${cql}. Only user fields (user, user.fullname, user.accountid) are supported.`,
  );
}

/** The v1 `User` model (inside a search result). */
function v1UserJson(ctx: SiteCtx, a: Account): Record<string, unknown> {
  return {
    type: 'known',
    accountId: a.accountId,
    accountType: 'atlassian',
    email: a.email,
    publicName: a.nickname,
    profilePicture: { path: avatar(a), width: 48, height: 48, isDefault: false },
    displayName: a.name,
    timeZone: a.zoneinfo,
    isExternalCollaborator: false,
    isGuest: false,
    _links: { self: `${ctx.site.wikiBase}/rest/api/user?accountId=${encodeURIComponent(a.accountId)}` },
  };
}

function intParam(ctx: SiteCtx, name: string, fallback: number): number {
  const raw = ctx.query.get(name);
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw)) v1Invalid(`Invalid ${name}: ${raw}`);
  return Number(raw);
}

/** `GET /wiki/rest/api/search/user` (v1): `start`/`limit` paging, results sorted by display name. */
export const searchUsers: SiteHandler = (ctx) => {
  const started = performance.now();
  const cql = ctx.query.get('cql') ?? '';
  if (cql.trim() === '') v1Invalid('The cql parameter is required');
  const matches = parseUserCql(cql);
  const start = intParam(ctx, 'start', 0);
  const limit = Math.min(intParam(ctx, 'limit', 25), 1000);
  const hits = siteAccounts(ctx)
    .filter(matches)
    .sort((a, b) => a.name.localeCompare(b.name));
  const slice = hits.slice(start, start + limit);
  const now = iso(ctx.state.clock.now());
  const results = slice.map((a) => ({
    user: v1UserJson(ctx, a),
    title: a.name,
    excerpt: '',
    url: `/people/${encodeURIComponent(a.accountId)}`,
    breadcrumbs: [],
    entityType: 'user',
    iconCssClass: 'aui-icon content-type-profile',
    lastModified: now,
    score: 0,
  }));
  const links: Record<string, string> = {
    base: ctx.site.wikiBase,
    context: '/wiki',
    self: `${ctx.site.wikiBase}/rest/api/search/user?${ctx.query.toString()}`,
  };
  if (limit > 0 && start + limit < hits.length) {
    const params = new URLSearchParams(ctx.query);
    params.set('start', String(start + limit));
    links.next = `/rest/api/search/user?${params.toString()}`;
  }
  return json(200, {
    results,
    start,
    limit,
    size: results.length,
    totalSize: hits.length,
    cqlQuery: cql,
    searchDuration: Math.round(performance.now() - started),
    _links: links,
  });
};
