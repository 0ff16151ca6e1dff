import { json } from '../http/reply.js';
import { notFound, badRequest, v1Invalid, v1NoContent } from './errors.js';
import { pageWebui, tinyui } from './links.js';
import type { Folder, Page } from './model.js';
import { currentVersion, makeBody } from './model.js';
import { boolParam, idParam, limitParam } from './params.js';
import { iso, versionJson } from './serialize.js';
import type { SiteHandler } from './site-ctx.js';
import { listReply } from './site-ctx.js';
import type { SiteStore } from './store.js';

/**
 * `GET /wiki/api/v2/pages/{id}/ancestors`: `{id, type}` of each ancestor, highest first. With more ancestors than
 * `limit`, the nearest `limit` come back ("call this endpoint with the ID of the first ancestor" for the rest), so
 * `_links` never has a `next`. 404 for a page that is not there (trashed included).
 */
export const listPageAncestors: SiteHandler = (ctx) => {
  const page = ctx.site.pages.get(idParam(ctx.params.id));
  if (page === undefined || page.status === 'trashed') return notFound();
  const limit = limitParam(ctx.query);
  const chain = treeAncestors(ctx.site, page.parentId).slice(-limit);
  return listReply(ctx, chain, null);
};

/** Pages and folders above `parentId`, highest first (a folder is an ancestor of type `folder`). */
function treeAncestors(site: SiteStore, parentId: string | null): { id: string; type: string }[] {
  const chain: { id: string; type: string }[] = [];
  const seen = new Set<string>();
  for (let id = parentId; id !== null && !seen.has(id);) {
    seen.add(id);
    const page = site.pages.get(id);
    const folder = page === undefined ? site.folders.get(id) : undefined;
    if (page === undefined && folder === undefined) break;
    chain.unshift({ id, type: page === undefined ? 'folder' : 'page' });
    id = page?.parentId ?? folder?.parentId ?? null;
  }
  return chain;
}

/**
 * `DELETE /wiki/api/v2/pages/{id}` → 204. A published (or archived) page goes to the trash, where it can be
 * restored; `purge=true` deletes a trashed page for good, and only a trashed one; `draft=true` discards a draft
 * (permanently, drafts skip the trash) and only a draft. The page's children stay, moved up to its parent, as
 * Confluence does when one page of a tree is deleted. 404 for what is not there (or not in the asked-for state).
 */
export const deletePage: SiteHandler = (ctx) => {
  const page = ctx.site.pages.get(idParam(ctx.params.id));
  const purge = boolParam(ctx.query, 'purge', false);
  const draft = boolParam(ctx.query, 'draft', false);
  if (page === undefined) return notFound();
  if (purge && draft) badRequest('purge and draft cannot both be true.');
  if (purge) {
    if (page.status !== 'trashed')
      badRequest(`Page ${page.id} is not in the trash: only trashed pages can be purged.`);
    ctx.site.pages.delete(page.id);
    return { status: 204, text: '' };
  }
  if (draft !== (page.status === 'draft') || page.status === 'trashed') return notFound();
  for (const child of ctx.site.children(page.id)) child.parentId = page.parentId;
  for (const folder of ctx.site.folders.values())
    if (folder.parentId === page.id) folder.parentId = page.parentId;
  if (draft) ctx.site.pages.delete(page.id);
  else page.status = 'trashed';
  return { status: 204, text: '' };
};

/** A folder's web UI path, as Confluence Cloud links one. */
export function folderWebui(spaceKey: string, folderId: string): string {
  return `/spaces/${encodeURIComponent(spaceKey)}/folder/${folderId}`;
}

/** v2 `FolderSingle` (+ `_links.base`); a folder at the space root has no parentId/parentType (the spec's are not nullable). */
function folderJson(site: SiteStore, folder: Folder): Record<string, unknown> {
  const space = site.spaces.get(folder.spaceId);
  const parentType =
    folder.parentId === null ? undefined : site.folders.has(folder.parentId) ? 'folder' : 'page';
  return {
    id: folder.id,
    type: 'folder',
    status: folder.status,
    title: folder.title,
    ...(folder.parentId === null ? {} : { parentId: folder.parentId, parentType }),
    position: folder.position,
    authorId: folder.authorId,
    ownerId: folder.authorId,
    createdAt: iso(folder.createdAt),
    version: versionJson({
      number: 1,
      message: '',
      minorEdit: false,
      authorId: folder.authorId,
      createdAt: folder.createdAt,
      title: folder.title,
      body: makeBody(''),
    }),
    _links: { webui: folderWebui(space?.key ?? '', folder.id), base: site.wikiBase },
  };
}

/** `GET /wiki/api/v2/folders/{id}`: the folder (v2 `FolderSingle`). 404 for one that is not there or is trashed. */
export const getFolder: SiteHandler = (ctx) => {
  const folder = ctx.site.folders.get(idParam(ctx.params.id));
  if (folder === undefined || folder.status === 'trashed') return notFound();
  return json(200, folderJson(ctx.site, folder));
};

type TreeNode = { kind: 'page'; item: Page } | { kind: 'folder'; item: Folder };

/** A page or folder that is in the tree (not trashed, not a draft), by id. */
function treeNode(site: SiteStore, id: string): TreeNode | undefined {
  const page = site.pages.get(id);
  if (page !== undefined)
    return page.status === 'current' || page.status === 'archived' ? { kind: 'page', item: page } : undefined;
  const folder = site.folders.get(id);
  return folder !== undefined && folder.status !== 'trashed' ? { kind: 'folder', item: folder } : undefined;
}

/** The current pages and folders directly under `parentId`, in page-tree order (position, then id). */
function treeChildren(site: SiteStore, parentId: string): TreeNode[] {
  const nodes: TreeNode[] = [
    ...site
      .children(parentId)
      .filter((p) => p.status === 'current')
      .map((item) => ({ kind: 'page' as const, item })),
    ...[...site.folders.values()]
      .filter((f) => f.parentId === parentId && f.status === 'current')
      .map((item) => ({ kind: 'folder' as const, item })),
  ];
  return nodes.sort((a, b) => a.item.position - b.item.position || Number(a.item.id) - Number(b.item.id));
}

/** v1 `Content` without expansions, as a children or descendants listing gives it. */
function v1TreeContent(site: SiteStore, node: TreeNode): Record<string, unknown> {
  const space = site.spaces.get(node.item.spaceId);
  const key = space?.key ?? '';
  const title = node.kind === 'page' ? currentVersion(node.item).title : node.item.title;
  return {
    id: node.item.id,
    type: node.kind,
    status: node.item.status,
    title,
    _expandable: {
      container: space === undefined ? '' : `/rest/api/space/${encodeURIComponent(key)}`,
      space: space === undefined ? '' : `/rest/api/space/${encodeURIComponent(key)}`,
      history: `/rest/api/content/${node.item.id}/history`,
      version: '',
      ancestors: '',
      children: `/rest/api/content/${node.item.id}/child`,
      descendants: `/rest/api/content/${node.item.id}/descendant`,
    },
    _links: {
      webui: node.kind === 'page' ? pageWebui(key, node.item.id, title) : folderWebui(key, node.item.id),
      tinyui: tinyui(node.item.id),
      self: `${site.wikiBase}/rest/api/content/${node.item.id}`,
    },
  };
}

const DESCENDANT_TYPES = new Set(['page', 'folder']);
/** Confluence's fixed system limit for content listings (`limit` above it is lowered to it). */
const MAX_V1_LIMIT = 200;

function v1IntParam(query: URLSearchParams, name: string, fallback: number): number {
  const raw = query.get(name);
  if (raw === null) return fallback;
  const n = Number(raw);
  return raw.trim() !== '' && Number.isSafeInteger(n) && n >= 0 && n <= 2_147_483_647
    ? n
    : v1Invalid(`${name} must be a non-negative int32, not: ${raw}`);
}

/**
 * `GET /wiki/rest/api/content/{id}/descendant/{type}` (v1, deprecated; no v2 equivalent in the reference spec for a
 * folder's contents or a page's folders): the pages or folders under a page or folder, depth-first in page-tree
 * order, down to `depth` (`root` = direct children, `all`, or 1-100), `start`/`limit` paged with a relative
 * `_links.next`. 404 (v1 body) for content that is not there; 400 for a type it does not list here or a bad param.
 */
export const listDescendantsByType: SiteHandler = (ctx) => {
  const id = ctx.params.id ?? '';
  if (!/^\d+$/.test(id)) return v1NoContent(id);
  const root = treeNode(ctx.site, id);
  if (root === undefined) return v1NoContent(id);
  const type = ctx.params.type ?? '';
  if (!DESCENDANT_TYPES.has(type))
    v1Invalid(`The emulator lists descendants of type page or folder, not: ${type}`);
  const rawDepth = ctx.query.get('depth') ?? 'all';
  const depthNumber = Number(rawDepth);
  const maxDepth =
    rawDepth === 'all'
      ? Infinity
      : rawDepth === 'root'
        ? 1
        : Number.isInteger(depthNumber) && depthNumber >= 1 && depthNumber <= 100 && /^\d+$/.test(rawDepth)
          ? depthNumber
          : v1Invalid(`depth must be all, root or an integer from 1 to 100, not: ${rawDepth}`);
  const start = v1IntParam(ctx.query, 'start', 0);
  const limit = Math.min(v1IntParam(ctx.query, 'limit', 25), MAX_V1_LIMIT);
  const found: TreeNode[] = [];
  const visit = (parentId: string, level: number, seen: Set<string>): void => {
    for (const child of treeChildren(ctx.site, parentId)) {
      if (seen.has(child.item.id)) continue;
      seen.add(child.item.id);
      if (child.kind === type) found.push(child);
      if (level < maxDepth) visit(child.item.id, level + 1, seen);
    }
  };
  visit(root.item.id, 1, new Set([root.item.id]));
  const slice = found.slice(start, start + limit);
  const base = ctx.site.wikiBase;
  const path = `/rest/api/content/${id}/descendant/${type}`;
  const links: Record<string, string> = {
    base,
    context: '/wiki',
    self: `${base}${path}${ctx.query.size > 0 ? `?${ctx.query.toString()}` : ''}`,
  };
  if (limit > 0 && start + limit < found.length) {
    const params = new URLSearchParams(ctx.query);
    params.set('limit', String(limit));
    params.set('start', String(start + limit));
    links.next = `${path}?${params.toString()}`;
  }
  return json(200, {
    results: slice.map((node) => v1TreeContent(ctx.site, node)),
    start,
    limit,
    size: slice.length,
    _links: links,
  });
};
