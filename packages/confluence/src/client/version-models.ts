import { z } from 'zod';
import { toVersion, type Version } from './models.js';
import { listLinksSchema, versionSchema } from './schemas.js';

/** v2 `PageVersion`: a version of a page, with the page's id and title as they were (`page`). */
export const pageVersionSchema = versionSchema.extend({
  page: z
    .looseObject({ id: z.union([z.string(), z.number()]).transform(String), title: z.string().nullish() })
    .nullish(),
});

export const pageVersionListSchema = z.looseObject({
  results: z.array(pageVersionSchema),
  _links: listLinksSchema.nullish(),
});

/** One entry of a page's history. */
export interface PageVersion extends Version {
  /** The page's title in this version, when Confluence says. */
  title: string | undefined;
}

export interface ListPageVersionsParams {
  /** Newest first by default (`-modified-date`). */
  sort?: 'modified-date' | '-modified-date';
  cursor?: string;
  limit?: number;
}

export function toPageVersion(raw: z.output<typeof pageVersionSchema>): PageVersion {
  return { ...toVersion(raw), title: raw.page?.title ?? undefined };
}
