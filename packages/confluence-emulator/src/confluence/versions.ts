import { bodyJson } from './body.js';
import { notFound } from './errors.js';
import type { Version } from './model.js';
import { paginate } from './pagination.js';
import { enumParam, idParam, limitParam } from './params.js';
import { versionJson } from './serialize.js';
import type { SiteHandler } from './site-ctx.js';
import { listReply } from './site-ctx.js';

const SORTS = ['modified-date', '-modified-date'] as const;

/**
 * `GET /wiki/api/v2/pages/{id}/versions`: the page's history as `PageVersion`s (`page: {id, title, body?}`),
 * `body-format` (storage | atlas_doc_format), `sort` (modified-date | -modified-date; newest first unless asked,
 * as observed upstream), `cursor`, `limit` (default 25, at most 250); 404 for a page that is not there.
 */
export const listPageVersions: SiteHandler = (ctx) => {
  const page = ctx.site.pages.get(idParam(ctx.params.id));
  if (page === undefined || page.status === 'trashed') return notFound();
  const q = ctx.query;
  const bodyFormat = enumParam(q, 'body-format', ['storage', 'atlas_doc_format'] as const);
  const sort = enumParam(q, 'sort', SORTS) ?? '-modified-date';
  // Versions have no id of their own: the number serves as one for the cursor.
  const items = page.versions.map((v) => ({ id: String(v.number), v }));
  const order = {
    name: sort,
    key: (item: { v: Version }) => item.v.createdAt,
    descending: sort.startsWith('-'),
  };
  const batch = paginate(items, order, q.get('cursor'), limitParam(q));
  const results = batch.items.map(({ v }) => {
    const entity: Record<string, unknown> = { id: page.id, title: v.title };
    if (bodyFormat !== undefined) entity.body = bodyJson(ctx.site, v.body, bodyFormat);
    return { ...versionJson(v), page: entity };
  });
  return listReply(ctx, results, batch.nextCursor);
};
