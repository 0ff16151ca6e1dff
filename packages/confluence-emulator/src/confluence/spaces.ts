import { json } from '../http/reply.js';
import { notFound } from './errors.js';
import type { Space } from './model.js';
import type { Sorting } from './pagination.js';
import { paginate } from './pagination.js';
import { enumParam, idParam, limitParam, listParam, boolParam } from './params.js';
import { labelsJson, optionalField, spaceJson } from './serialize.js';
import type { SiteHandler } from './site-ctx.js';
import { listReply } from './site-ctx.js';

const SPACE_TYPES = ['global', 'collaboration', 'knowledge_base', 'personal'] as const;
const SPACE_SORTS = ['id', '-id', 'key', '-key', 'name', '-name'] as const;
const DESCRIPTION_FORMATS = ['plain', 'view'] as const;

function spaceSorting(sort: (typeof SPACE_SORTS)[number] | undefined): Sorting<Space> {
  const name = sort ?? 'id';
  const field = name.replace(/^-/, '');
  const key = field === 'key' ? (s: Space) => s.key : field === 'name' ? (s: Space) => s.name : () => 0;
  return { name, key, descending: name.startsWith('-') };
}

/** `GET /wiki/api/v2/spaces` */
export const listSpaces: SiteHandler = (ctx) => {
  const q = ctx.query;
  const ids = listParam(q, 'ids');
  const keys = listParam(q, 'keys')?.map((k) => k.toLowerCase());
  const type = enumParam(q, 'type', SPACE_TYPES);
  const status = enumParam(q, 'status', ['current', 'archived'] as const);
  const labels = listParam(q, 'labels');
  const sorting = spaceSorting(enumParam(q, 'sort', SPACE_SORTS));
  const descriptionFormat = enumParam(q, 'description-format', DESCRIPTION_FORMATS);
  const limit = limitParam(q);
  const matching = [...ctx.site.spaces.values()].filter(
    (s) =>
      (ids === undefined || ids.includes(s.id)) &&
      (keys === undefined || keys.includes(s.key.toLowerCase())) &&
      (type === undefined || s.type === type) &&
      (status === undefined || s.status === status) &&
      (labels === undefined || s.labels.some((l) => labels.includes(l.name))),
  );
  const page = paginate(matching, sorting, q.get('cursor'), limit);
  return listReply(
    ctx,
    page.items.map((s) => spaceJson(s, descriptionFormat)),
    page.nextCursor,
  );
};

/** `GET /wiki/api/v2/spaces/{id}` */
export const getSpace: SiteHandler = (ctx) => {
  const space = ctx.site.spaces.get(idParam(ctx.params.id));
  if (space === undefined) return notFound();
  const json_ = spaceJson(space, enumParam(ctx.query, 'description-format', DESCRIPTION_FORMATS));
  if (boolParam(ctx.query, 'include-labels', false)) {
    json_.labels = optionalField(labelsJson(space.labels), `/wiki/api/v2/spaces/${space.id}/labels`);
  }
  json_._links = { ...(json_._links as Record<string, string>), base: ctx.site.wikiBase };
  return json(200, json_);
};
