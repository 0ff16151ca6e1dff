import { json } from '../http/reply.js';
import type { BodyFormat } from './body.js';
import { notFound, badRequest } from './errors.js';
import type { Page } from './model.js';
import { currentVersion } from './model.js';
import type { Sorting } from './pagination.js';
import { paginate } from './pagination.js';
import { boolParam, enumListParam, enumParam, idParam, limitParam, listParam } from './params.js';
import { labelsJson, optionalField, pageJson, versionJson } from './serialize.js';
import type { SiteCtx, SiteHandler } from './site-ctx.js';
import { listReply } from './site-ctx.js';

const PAGE_SORTS = [
  'id',
  '-id',
  'created-date',
  '-created-date',
  'modified-date',
  '-modified-date',
  'title',
  '-title',
] as const;
const LIST_STATUSES = ['current', 'archived', 'deleted', 'trashed'] as const;
const SINGLE_STATUSES = ['current', 'archived', 'trashed', 'deleted', 'historical', 'draft'] as const;

function pageSorting(sort: (typeof PAGE_SORTS)[number] | undefined): Sorting<Page> {
  const name = sort ?? 'id';
  const field = name.replace(/^-/, '');
  const key =
    field === 'title'
      ? (p: Page) => currentVersion(p).title
      : field === 'created-date'
        ? (p: Page) => p.createdAt
        : field === 'modified-date'
          ? (p: Page) => currentVersion(p).createdAt
          : () => 0;
  return { name, key, descending: name.startsWith('-') };
}

/** Shared by `GET /spaces/{id}/pages` and `GET /pages`: filters, sort, cursor, body-format. */
function listPages(ctx: SiteCtx, candidates: Page[]): ReturnType<SiteHandler> {
  const q = ctx.query;
  const statuses: readonly string[] = enumListParam(q, 'status', LIST_STATUSES) ?? ['current', 'archived'];
  const title = q.get('title');
  const bodyFormat = enumParam(q, 'body-format', ['storage', 'atlas_doc_format'] as const);
  const sorting = pageSorting(enumParam(q, 'sort', PAGE_SORTS));
  const limit = limitParam(q);
  const matching = candidates.filter(
    (p) => statuses.includes(p.status) && (title === null || currentVersion(p).title === title),
  );
  const page = paginate(matching, sorting, q.get('cursor'), limit);
  return listReply(
    ctx,
    page.items.map((p) => pageJson(ctx.site, p, { bodyFormat })),
    page.nextCursor,
  );
}

/** `GET /wiki/api/v2/spaces/{id}/pages` (404 when the space does not exist). */
export const listSpacePages: SiteHandler = (ctx) => {
  const space = ctx.site.spaces.get(idParam(ctx.params.id));
  if (space === undefined) return notFound();
  const depth = enumParam(ctx.query, 'depth', ['all', 'root'] as const) ?? 'all';
  const pages = [...ctx.site.pages.values()].filter(
    (p) => p.spaceId === space.id && (depth === 'all' || p.parentId === null),
  );
  return listPages(ctx, pages);
};

/** `GET /wiki/api/v2/pages` */
export const listAllPages: SiteHandler = (ctx) => {
  const ids = listParam(ctx.query, 'id');
  const spaceIds = listParam(ctx.query, 'space-id', 100);
  const pages = [...ctx.site.pages.values()].filter(
    (p) =>
      (ids === undefined || ids.includes(p.id)) && (spaceIds === undefined || spaceIds.includes(p.spaceId)),
  );
  return listPages(ctx, pages);
};

/** `GET /wiki/api/v2/pages/{id}/children` (child pages, by position). */
export const listChildPages: SiteHandler = (ctx) => {
  const parent = ctx.site.pages.get(idParam(ctx.params.id));
  if (parent === undefined) return notFound();
  const sorting = { name: 'position', key: (p: Page) => p.position, descending: false };
  const children = ctx.site.children(parent.id).filter((p) => p.status === 'current');
  const page = paginate(children, sorting, ctx.query.get('cursor'), limitParam(ctx.query));
  const results = page.items.map((p) => ({
    id: p.id,
    status: p.status,
    title: currentVersion(p).title,
    spaceId: p.spaceId,
    childPosition: p.position,
  }));
  return listReply(ctx, results, page.nextCursor);
};

/** `GET /wiki/api/v2/pages/{id}` */
export const getPage: SiteHandler = (ctx) => {
  const q = ctx.query;
  const page = ctx.site.pages.get(idParam(ctx.params.id));
  const statuses = enumListParam(q, 'status', SINGLE_STATUSES);
  const getDraft = boolParam(q, 'get-draft', false);
  if (page === undefined || (statuses !== undefined && !statuses.includes(page.status))) return notFound();
  if (page.status === 'draft' && !getDraft && statuses === undefined) return notFound();
  const bodyFormat: BodyFormat | undefined = enumParam(q, 'body-format', [
    'storage',
    'atlas_doc_format',
    'view',
  ] as const);
  const versionParam = q.get('version');
  let version = currentVersion(page);
  if (versionParam !== null) {
    const wanted = page.versions.find((v) => String(v.number) === versionParam);
    if (!/^\d+$/.test(versionParam)) badRequest(`Invalid value for 'version': ${versionParam}.`);
    if (wanted === undefined) return notFound();
    version = wanted;
  }
  const body = pageJson(ctx.site, page, {
    bodyFormat,
    version,
    includeVersion: boolParam(q, 'include-version', true),
    withBase: true,
  });
  const self = `/wiki/api/v2/pages/${page.id}`;
  if (boolParam(q, 'include-labels', false))
    body.labels = optionalField(labelsJson(page.labels), `${self}/labels`);
  if (boolParam(q, 'include-properties', false)) body.properties = optionalField([], `${self}/properties`);
  if (boolParam(q, 'include-likes', false)) body.likes = optionalField([], `${self}/likes/users`);
  if (boolParam(q, 'include-versions', false)) {
    body.versions = optionalField([...page.versions].reverse().map(versionJson), `${self}/versions`);
  }
  if (boolParam(q, 'include-operations', false)) {
    const ops = ['read', 'update', 'delete'].map((operation) => ({ operation, targetType: 'page' }));
    body.operations = optionalField(ops, `${self}/operations`);
  }
  return json(200, body);
};
