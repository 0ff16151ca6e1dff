import { z } from 'zod';

// Upstream shapes, checked only for the fields we use. Loose objects keep (and ignore) anything else, so an
// Atlassian addition never breaks a call; a missing or mistyped field we rely on does, with a clear error.

const id = z.union([z.string(), z.number()]).transform(String);
const optionalText = z.string().nullish();

export const bodyTypeSchema = z.looseObject({ representation: z.string().optional(), value: z.string() });

/** v2 bodies are keyed by representation: `{ storage: { representation, value } }`. */
export const bodySchema = z.looseObject({
  storage: bodyTypeSchema.optional(),
  atlas_doc_format: bodyTypeSchema.optional(),
  view: bodyTypeSchema.optional(),
  export_view: bodyTypeSchema.optional(),
});

export const versionSchema = z.looseObject({
  number: z.number().int(),
  message: optionalText,
  createdAt: optionalText,
  authorId: optionalText,
  minorEdit: z.boolean().nullish(),
});

export const linksSchema = z.looseObject({
  webui: optionalText,
  editui: optionalText,
  tinyui: optionalText,
  base: optionalText,
  next: optionalText,
});

export const listLinksSchema = z.looseObject({ next: optionalText, base: optionalText });

export const spaceSchema = z.looseObject({
  id,
  key: z.string(),
  name: z.string(),
  type: z.string(),
  status: z.string(),
  authorId: optionalText,
  createdAt: optionalText,
  homepageId: id.nullish(),
  description: z.looseObject({ plain: bodyTypeSchema.nullish(), view: bodyTypeSchema.nullish() }).nullish(),
  _links: linksSchema.nullish(),
});

export const pageSchema = z.looseObject({
  id,
  status: z.string(),
  title: z.string(),
  spaceId: id,
  parentId: id.nullish(),
  parentType: optionalText,
  position: z.number().nullish(),
  authorId: optionalText,
  ownerId: optionalText,
  createdAt: optionalText,
  version: versionSchema.nullish(),
  body: bodySchema.nullish(),
  labels: z
    .looseObject({
      results: z.array(z.looseObject({ name: z.string(), prefix: optionalText })),
      meta: z.looseObject({ hasMore: z.boolean().optional() }).nullish(),
    })
    .nullish(),
  _links: linksSchema.nullish(),
});

/** A page read or written by id: the version is what an update is built from, so it is required. */
export const singlePageSchema = pageSchema.extend({ version: versionSchema });

export const footerCommentSchema = z.looseObject({
  id,
  status: z.string(),
  title: optionalText,
  pageId: id.nullish(),
  blogPostId: id.nullish(),
  parentCommentId: id.nullish(),
  version: versionSchema.nullish(),
  body: bodySchema.nullish(),
  _links: linksSchema.nullish(),
});

const listSchema = <T extends z.ZodType>(item: T) =>
  z.looseObject({ results: z.array(item), _links: listLinksSchema.nullish() });

// Built once: constructing a zod schema per call costs more than parsing with it.
export const spaceListSchema = listSchema(spaceSchema);
export const pageListSchema = listSchema(pageSchema);
export const footerCommentListSchema = listSchema(footerCommentSchema);

export const searchResultSchema = z.looseObject({
  content: z
    .looseObject({
      id,
      type: z.string(),
      status: optionalText,
      title: optionalText,
      space: z.looseObject({ key: optionalText, name: optionalText }).nullish(),
      version: z.looseObject({ number: z.number().int() }).nullish(),
      _links: linksSchema.nullish(),
    })
    .nullish(),
  space: z.looseObject({ id: id.nullish(), key: optionalText, name: optionalText }).nullish(),
  title: z.string(),
  excerpt: optionalText,
  url: optionalText,
  entityType: optionalText,
  lastModified: optionalText,
});

export const searchResponseSchema = z.looseObject({
  results: z.array(searchResultSchema),
  totalSize: z.number().int().nullish(),
  _links: listLinksSchema.nullish(),
});

export type RawSpace = z.infer<typeof spaceSchema>;
export type RawPage = z.infer<typeof pageSchema>;
export type RawSinglePage = z.infer<typeof singlePageSchema>;
export type RawFooterComment = z.infer<typeof footerCommentSchema>;
export type RawSearchResult = z.infer<typeof searchResultSchema>;
export type RawBody = z.infer<typeof bodySchema>;
export type RawVersion = z.infer<typeof versionSchema>;

/** `GET /pages/{id}/labels`. */
export const labelListSchema = z.looseObject({
  results: z.array(z.looseObject({ name: z.string(), prefix: optionalText })),
  _links: linksSchema.nullish(),
});

/** `GET /pages/{id}/children` (v2 `ChildPage`: pages only, no body or version). */
export const childPageListSchema = listSchema(
  z.looseObject({
    id,
    status: z.string(),
    title: z.string(),
    spaceId: id.nullish(),
    childPosition: z.number().nullish(),
  }),
);

/** v1 `ContentArray` of `GET /content/{id}/descendant/{type}` (no expansions): start/limit paged, relative `next`. */
export const contentTreeListSchema = z.looseObject({
  results: z.array(
    z.looseObject({
      id,
      type: z.string(),
      status: z.string(),
      title: z.string(),
      _links: linksSchema.nullish(),
    }),
  ),
  start: z.number().int().nullish(),
  size: z.number().int().nullish(),
  _links: listLinksSchema.nullish(),
});

/** `GET /folders/{id}` (v2 `FolderSingle`): no spaceId, the space is in `_links.webui`. */
export const folderSchema = z.looseObject({
  id,
  type: optionalText,
  status: z.string(),
  title: z.string(),
  parentId: id.nullish(),
  parentType: optionalText,
  _links: linksSchema.nullish(),
});

/** `GET /pages/{id}/ancestors` (v2 `Ancestor`: id and type, highest first). */
export const ancestorListSchema = listSchema(z.looseObject({ id, type: optionalText }));

/** v1 `PUT /content/{pageId}/move/{position}/{targetId}`. */
export const moveResultSchema = z.looseObject({ pageId: id.nullish() });

/** v1 `Content`, as `POST /content/{id}/copy` answers (space expanded by default). */
export const v1ContentSchema = z.looseObject({
  id,
  type: z.string(),
  status: z.string(),
  title: optionalText,
  space: z.looseObject({ id: id.nullish(), key: optionalText }).nullish(),
  _links: linksSchema.nullish(),
});

/** v1 `LongTask` (archive, hierarchy copy): the task id. */
export const longTaskSchema = z.looseObject({ id, links: z.looseObject({ status: optionalText }).nullish() });

const longTaskMessage = z.looseObject({ translation: optionalText, key: optionalText });

/** v1 `GET /longtask/{id}` (`LongTaskStatusWithLinks`). */
export const longTaskStatusSchema = z.looseObject({
  id,
  finished: z.boolean(),
  successful: z.boolean(),
  percentageComplete: z.number().nullish(),
  status: optionalText,
  messages: z.array(longTaskMessage).nullish(),
  errors: z.array(longTaskMessage).nullish(),
  additionalDetails: z.looseObject({ destinationId: id.nullish(), destinationUrl: optionalText }).nullish(),
});
