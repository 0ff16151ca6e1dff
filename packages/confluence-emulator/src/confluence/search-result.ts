import type { Account } from '../identities.js';
import { findAccount } from '../identities.js';
import type { SearchDoc } from '../cql/evaluate.js';
import { commentWebui, pageWebui, spaceWebui, tinyui } from './links.js';
import type { FooterComment, Page, Space, Version } from './model.js';
import { currentVersion } from './model.js';
import { iso } from './serialize.js';
import type { SiteStore } from './store.js';

/** v1 shapes for search results (`SearchResult`, `Content`, `Space`, `Version`, `User` in the v1 spec). */

export type Searchable =
  { kind: 'page'; page: Page } | { kind: 'comment'; comment: FooterComment; page: Page };

export interface ResultOptions {
  expand: Set<string>;
  title: string;
  excerpt: string;
  doc: SearchDoc;
  score: number;
  now: number;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Confluence's wording: recent changes relative ("about an hour ago"), older ones as a date ("Mar 05, 2024"). */
export function friendlyDate(when: number, now: number): string {
  const minutes = Math.floor((now - when) / 60_000);
  if (minutes < 1) return 'just a moment ago';
  if (minutes < 60) return minutes === 1 ? '1 minute ago' : `${minutes} minutes ago`;
  if (minutes < 120) return 'about an hour ago';
  if (minutes < 24 * 60) return `about ${Math.floor(minutes / 60)} hours ago`;
  const d = new Date(when);
  return `${MONTHS[d.getUTCMonth()] ?? ''} ${String(d.getUTCDate()).padStart(2, '0')}, ${d.getUTCFullYear()}`;
}

export function v1User(site: SiteStore, accountId: string): Record<string, unknown> {
  const account: Account | undefined = findAccount(accountId);
  const name = account?.name ?? 'Unknown user';
  return {
    type: 'known',
    accountId,
    accountType: 'atlassian',
    email: account?.email ?? '',
    publicName: account?.nickname ?? name,
    profilePicture: { path: `/wiki/aa-avatar/${accountId}`, width: 48, height: 48, isDefault: false },
    displayName: name,
    isExternalCollaborator: false,
    _expandable: { operations: '', personalSpace: '' },
    _links: { self: `${site.wikiBase}/rest/api/user?accountId=${encodeURIComponent(accountId)}` },
  };
}

export function v1Space(site: SiteStore, space: Space): Record<string, unknown> {
  const key = encodeURIComponent(space.key);
  return {
    id: Number(space.id),
    key: space.key,
    alias: space.key,
    name: space.name,
    icon: { path: '/images/logo/default-space-logo.svg', width: 48, height: 48, isDefault: true },
    type: space.type,
    status: space.status,
    _expandable: {
      settings: `/rest/api/space/${key}/settings`,
      metadata: '',
      operations: '',
      lookAndFeel: `/rest/api/settings/lookandfeel?spaceKey=${key}`,
      identifiers: '',
      permissions: '',
      description: '',
      theme: `/rest/api/space/${key}/theme`,
      history: '',
      homepage: space.homepageId === null ? '' : `/rest/api/content/${space.homepageId}`,
    },
    _links: { webui: spaceWebui(space.key), self: `${site.wikiBase}/rest/api/space/${key}` },
  };
}

function v1Version(site: SiteStore, contentId: string, v: Version, now: number): Record<string, unknown> {
  return {
    by: v1User(site, v.authorId),
    when: iso(v.createdAt),
    friendlyWhen: friendlyDate(v.createdAt, now),
    message: v.message,
    number: v.number,
    minorEdit: v.minorEdit,
    contentTypeModified: false,
    _expandable: { collaborators: '', content: `/rest/api/content/${contentId}` },
    _links: { self: `${site.wikiBase}/rest/api/content/${contentId}/version/${v.number}` },
  };
}

export function searchResult(site: SiteStore, item: Searchable, o: ResultOptions): Record<string, unknown> {
  const space = site.spaceOf(item.page);
  const content = item.kind === 'page' ? item.page : item.comment;
  const version = currentVersion(content);
  const pageTitle = currentVersion(item.page).title;
  const url =
    item.kind === 'page'
      ? pageWebui(space.key, item.page.id, pageTitle)
      : commentWebui(space.key, item.page.id, pageTitle, item.comment.id);
  const expandable: Record<string, string> = {
    childTypes: '',
    container: `/rest/api/space/${encodeURIComponent(space.key)}`,
    metadata: '',
    operations: '',
    children: `/rest/api/content/${content.id}/child`,
    restrictions: `/rest/api/content/${content.id}/restriction/byOperation`,
    history: `/rest/api/content/${content.id}/history`,
    ancestors: '',
    body: '',
    version: '',
    descendants: `/rest/api/content/${content.id}/descendant`,
    space: `/rest/api/space/${encodeURIComponent(space.key)}`,
  };
  const json: Record<string, unknown> = {
    id: content.id,
    type: item.kind,
    status: content.status,
    title: version.title,
  };
  if (o.expand.has('content.space')) json.space = v1Space(site, space);
  if (o.expand.has('content.version')) json.version = v1Version(site, content.id, version, o.now);
  if (o.expand.has('content.body.storage')) {
    json.body = { storage: { value: version.body.storage, representation: 'storage', embeddedContent: [] } };
  }
  if (o.expand.has('content.ancestors') && item.kind === 'page') {
    json.ancestors = site
      .ancestors(item.page)
      .map((a) => ({ id: a.id, type: 'page', status: a.status, title: currentVersion(a).title }));
  }
  for (const key of ['space', 'version', 'body', 'ancestors'])
    if (key in json) Reflect.deleteProperty(expandable, key);
  json._expandable = expandable;
  json._links = {
    webui: url,
    self: `${site.wikiBase}/rest/api/content/${content.id}`,
    tinyui: tinyui(content.id),
  };
  return {
    content: json,
    title: o.title,
    excerpt: o.excerpt,
    url,
    resultGlobalContainer: { title: space.name, displayUrl: spaceWebui(space.key) },
    breadcrumbs: [],
    entityType: 'content',
    iconCssClass: item.kind === 'page' ? 'aui-icon content-type-page' : 'aui-icon content-type-comment',
    lastModified: iso(o.doc.lastModified),
    friendlyLastModified: friendlyDate(o.doc.lastModified, o.now),
    score: o.score,
  };
}
