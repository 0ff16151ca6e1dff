import { z } from 'zod';
import { json } from '../http/reply.js';
import { notFound, v1Invalid, v1NoContent } from './errors.js';
import type { Label } from './model.js';
import { paginate } from './pagination.js';
import { enumParam, idParam, limitParam } from './params.js';
import { labelsJson } from './serialize.js';
import type { SiteHandler } from './site-ctx.js';
import { listReply, readJson } from './site-ctx.js';

const labelCreate = z.object({ prefix: z.string().optional(), name: z.string() });
const labelBody = z.union([z.array(labelCreate), labelCreate]);
/** A label is one word: no whitespace and none of the characters Confluence refuses in labels. */
const LABEL = /^[^\s:;,.?&[\]()#^*@!<>"'`|\\/]{1,255}$/;

/**
 * `POST /wiki/rest/api/content/{id}/label` (v1; v2 has no label writes): adds labels to a page, keeping the ones
 * it has; answers the page's labels as a LabelArray. 400 for a label with invalid characters or too long.
 */
export const addLabels: SiteHandler = (ctx) => {
  const page = ctx.site.pages.get(idParam(ctx.params.id));
  if (page === undefined || page.status === 'trashed') {
    return v1NoContent(ctx.params.id);
  }
  const parsed = labelBody.safeParse(readJson(ctx));
  if (!parsed.success) v1Invalid('The body must be a label {"prefix", "name"} or an array of them.');
  const wanted = Array.isArray(parsed.data) ? parsed.data : [parsed.data];
  for (const label of wanted) {
    if (!LABEL.test(label.name))
      v1Invalid(`Label '${label.name}' contains invalid characters or is too long.`);
    if (label.prefix !== undefined && label.prefix !== 'global') {
      v1Invalid(`Only the global label prefix is supported here, not '${label.prefix}'.`);
    }
  }
  for (const { name } of wanted) {
    const lower = name.toLowerCase();
    if (!page.labels.some((l) => l.name === lower)) {
      page.labels.push({ id: ctx.site.ids.nextContent(), name: lower, prefix: 'global' });
    }
  }
  const results = page.labels.map((l) => ({ ...labelsJson([l])[0], label: l.name }));
  return json(200, { results, start: 0, limit: results.length, size: results.length, _links: {} });
};

/**
 * `DELETE /wiki/rest/api/content/{id}/label?name=…` and `…/label/{label}` (v1): 204 once the label is gone (also
 * when the page did not have it: the end state is what was asked); 404 for a page that is not there.
 */
export const removeLabel: SiteHandler = (ctx) => {
  const page = ctx.site.pages.get(idParam(ctx.params.id));
  if (page === undefined || page.status === 'trashed') {
    return v1NoContent(ctx.params.id);
  }
  const name = ctx.params.label ?? ctx.query.get('name');
  if (name === null || name === '') v1Invalid('Give the label to remove: ?name=<label>.');
  const lower = name.toLowerCase();
  page.labels = page.labels.filter((l) => l.name !== lower);
  return { status: 204, text: '' };
};

/** `GET /wiki/api/v2/pages/{id}/labels`: the page's labels, cursor-paged (what include-labels caps at 50). */
export const listPageLabels: SiteHandler = (ctx) => {
  const page = ctx.site.pages.get(idParam(ctx.params.id));
  if (page === undefined || page.status === 'trashed') return notFound();
  const prefix = enumParam(ctx.query, 'prefix', ['my', 'team', 'global', 'system'] as const);
  const labels = page.labels.filter((l) => prefix === undefined || l.prefix === prefix);
  const sorting = { name: 'id', key: (l: Label) => Number(l.id), descending: false };
  const batch = paginate(labels, sorting, ctx.query.get('cursor'), limitParam(ctx.query));
  return listReply(ctx, labelsJson(batch.items), batch.nextCursor);
};
