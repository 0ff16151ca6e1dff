import { escapeXml } from '../storage/xhtml.js';
import type { BodyFormat } from './body.js';
import { bodyJson } from './body.js';
import { commentWebui, pageEditui, pageWebui, spaceWebui, tinyui } from './links.js';
import type { FooterComment, Label, Page, Space, Version } from './model.js';
import { currentVersion } from './model.js';
import type { SiteStore } from './store.js';

/** v2 JSON shapes (see the `SpaceBulk`, `PageBulk`/`PageSingle` and comment models in the v2 spec). */

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function versionJson(v: Version): Record<string, unknown> {
  return {
    number: v.number,
    message: v.message,
    minorEdit: v.minorEdit,
    authorId: v.authorId,
    createdAt: iso(v.createdAt),
  };
}

/** The `{results, meta, _links}` wrapper of `include-*` fields. */
/** What an `include-*` field holds at most; the rest is behind `_links.self` (the spec: "limited to 50"). */
export const INCLUDED_MAX = 50;

export function optionalField(results: unknown[], self: string): Record<string, unknown> {
  const hasMore = results.length > INCLUDED_MAX;
  return { results: results.slice(0, INCLUDED_MAX), meta: { hasMore }, _links: { self } };
}

export function labelsJson(labels: Label[]): Label[] {
  return labels.map((l) => ({ id: l.id, name: l.name, prefix: l.prefix }));
}

export function spaceJson(
  space: Space,
  descriptionFormat: 'plain' | 'view' | undefined,
): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: space.id,
    key: space.key,
    name: space.name,
    type: space.type,
    status: space.status,
    authorId: space.authorId,
    createdAt: iso(space.createdAt),
    homepageId: space.homepageId,
  };
  if (descriptionFormat !== undefined) {
    const value =
      descriptionFormat === 'plain' ? space.description : `<p>${escapeXml(space.description)}</p>`;
    json.description = { [descriptionFormat]: { representation: descriptionFormat, value } };
  }
  json._links = { webui: spaceWebui(space.key) };
  return json;
}

export interface PageJsonOptions {
  bodyFormat?: BodyFormat | undefined;
  includeVersion?: boolean;
  /** A historical version to show instead of the current one. */
  version?: Version;
  /** Single-entity responses carry `_links.base`. */
  withBase?: boolean;
}

export function pageJson(
  site: SiteStore,
  page: Page,
  options: PageJsonOptions = {},
): Record<string, unknown> {
  const version = options.version ?? currentVersion(page);
  const space = site.spaceOf(page);
  const json: Record<string, unknown> = {
    id: page.id,
    status: page.status,
    title: version.title,
    spaceId: page.spaceId,
    parentId: page.parentId,
    parentType: page.parentId === null ? null : site.folders.has(page.parentId) ? 'folder' : 'page',
    position: page.position,
    authorId: page.authorId,
    ownerId: page.ownerId,
    lastOwnerId: null,
    createdAt: iso(page.createdAt),
  };
  if (options.includeVersion ?? true) json.version = versionJson(version);
  if (options.bodyFormat !== undefined) json.body = bodyJson(site, version.body, options.bodyFormat);
  const links: Record<string, string> = {
    editui: pageEditui(page.id),
    webui: pageWebui(space.key, page.id, version.title),
    edituiv2: `/spaces/${encodeURIComponent(space.key)}/pages/edit-v2/${page.id}`,
    tinyui: tinyui(page.id),
  };
  if (options.withBase === true) links.base = site.wikiBase;
  json._links = links;
  return json;
}

export type CommentShape = 'page' | 'footer' | 'children';

/** The three comment models differ only in which container ids they name. */
export function commentJson(
  site: SiteStore,
  comment: FooterComment,
  shape: CommentShape,
  options: { bodyFormat?: BodyFormat | undefined; withBase?: boolean; includeVersion?: boolean } = {},
): Record<string, unknown> {
  const version = currentVersion(comment);
  const page = site.pages.get(comment.pageId);
  const pageTitle = page === undefined ? '' : currentVersion(page).title;
  const json: Record<string, unknown> = { id: comment.id, status: comment.status, title: version.title };
  if (shape !== 'children') json.pageId = comment.pageId;
  if (shape !== 'page' && comment.parentCommentId !== null) json.parentCommentId = comment.parentCommentId;
  if (options.includeVersion ?? true) json.version = versionJson(version);
  if (options.bodyFormat !== undefined) json.body = bodyJson(site, version.body, options.bodyFormat);
  const spaceKey = page === undefined ? '' : site.spaceOf(page).key;
  const links: Record<string, string> = {
    webui: commentWebui(spaceKey, comment.pageId, pageTitle, comment.id),
  };
  if (options.withBase === true) links.base = site.wikiBase;
  json._links = links;
  return json;
}
