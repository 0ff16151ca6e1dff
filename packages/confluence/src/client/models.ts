import type {
  RawBody,
  RawFooterComment,
  RawPage,
  RawSearchResult,
  RawSinglePage,
  RawSpace,
  RawVersion,
} from './schemas.js';

export type BodyRepresentation = 'storage' | 'atlas_doc_format' | 'view';
export type WriteRepresentation = 'storage' | 'atlas_doc_format';

export interface ContentBody {
  representation: string;
  /** For `atlas_doc_format` this is a JSON document serialized as a string. */
  value: string;
}

export interface Version {
  number: number;
  message: string;
  createdAt: string | undefined;
  authorId: string | undefined;
  minorEdit: boolean;
}

export interface Links {
  webui?: string;
  editui?: string;
  tinyui?: string;
  base?: string;
}

export interface Space {
  id: string;
  key: string;
  name: string;
  type: string;
  status: string;
  homepageId: string | null;
  authorId: string | undefined;
  createdAt: string | undefined;
  /** Present when `descriptionFormat` was given: keyed by representation, as Confluence sends it. */
  description?: { plain?: ContentBody; view?: ContentBody };
  webUrl: string | undefined;
  _links: Links;
}

export interface PageSummary {
  id: string;
  title: string;
  status: string;
  spaceId: string;
  parentId: string | null;
  parentType: string | undefined;
  position: number | undefined;
  authorId: string | undefined;
  ownerId: string | undefined;
  createdAt: string | undefined;
  version: Version | undefined;
  /** Present when a body format was requested. */
  body?: ContentBody;
  /** Absolute browser URL (`_links.base` + `_links.webui`); undefined when the site URL is unknown. */
  webUrl: string | undefined;
  _links: Links;
}

export interface Page extends PageSummary {
  version: Version;
  /** Label names; present only when `includeLabels` was set. */
  labels?: string[];
}

export interface FooterComment {
  id: string;
  status: string;
  title: string | undefined;
  pageId: string | undefined;
  parentCommentId: string | undefined;
  version: Version | undefined;
  body?: ContentBody;
  webUrl: string | undefined;
}

export interface SearchResult {
  id: string;
  /** `page`, `blogpost`, `comment`, `attachment`, or the entity type (`space`, …) for non-content hits. */
  type: string;
  status: string | undefined;
  title: string;
  excerpt: string;
  spaceKey?: string;
  spaceName?: string;
  version?: number;
  lastModified: string | undefined;
  webUrl: string | undefined;
}

export interface PageOf<T> {
  items: T[];
  nextCursor: string | null;
  /** `_links.base`: the site URL + `/wiki`, to build absolute web URLs. */
  baseUrl: string | undefined;
}

const orUndefined = <T>(v: T | null | undefined): T | undefined => v ?? undefined;

export function joinUrl(base: string | undefined, relative: string | null | undefined): string | undefined {
  if (relative === null || relative === undefined || relative === '') return undefined;
  if (/^https?:\/\//i.test(relative)) return relative;
  if (base === undefined) return undefined;
  return `${base.replace(/\/+$/, '')}${relative.startsWith('/') ? '' : '/'}${relative}`;
}

export function toVersion(raw: RawVersion): Version {
  return {
    number: raw.number,
    message: raw.message ?? '',
    createdAt: orUndefined(raw.createdAt),
    authorId: orUndefined(raw.authorId),
    minorEdit: raw.minorEdit ?? false,
  };
}

/** The one representation that came back (we ask for at most one). */
function toBody(raw: RawBody | null | undefined): ContentBody | undefined {
  if (raw === null || raw === undefined) return undefined;
  for (const key of ['storage', 'atlas_doc_format', 'view', 'export_view'] as const) {
    const entry = raw[key];
    if (entry !== undefined) return { representation: entry.representation ?? key, value: entry.value };
  }
  return undefined;
}

function toLinks(raw: RawPage['_links']): Links {
  const links: Links = {};
  for (const key of ['webui', 'editui', 'tinyui', 'base'] as const) {
    const value = raw?.[key];
    if (typeof value === 'string') links[key] = value;
  }
  return links;
}

function toDescription(raw: RawSpace['description']): Space['description'] {
  if (raw === null || raw === undefined) return undefined;
  const out: NonNullable<Space['description']> = {};
  for (const key of ['plain', 'view'] as const) {
    const entry = raw[key];
    if (entry) out[key] = { representation: entry.representation ?? key, value: entry.value };
  }
  return out;
}

export function toSpace(raw: RawSpace, base: string | undefined): Space {
  const description = toDescription(raw.description);
  const space: Space = {
    id: raw.id,
    key: raw.key,
    name: raw.name,
    type: raw.type,
    status: raw.status,
    homepageId: raw.homepageId ?? null,
    authorId: orUndefined(raw.authorId),
    createdAt: orUndefined(raw.createdAt),
    webUrl: joinUrl(raw._links?.base ?? base, raw._links?.webui),
    _links: toLinks(raw._links),
  };
  if (description !== undefined) space.description = description;
  return space;
}

export function toPageSummary(raw: RawPage, base: string | undefined): PageSummary {
  const body = toBody(raw.body);
  return {
    id: raw.id,
    title: raw.title,
    status: raw.status,
    spaceId: raw.spaceId,
    parentId: raw.parentId ?? null,
    parentType: orUndefined(raw.parentType),
    position: orUndefined(raw.position),
    authorId: orUndefined(raw.authorId),
    ownerId: orUndefined(raw.ownerId),
    createdAt: orUndefined(raw.createdAt),
    version: raw.version ? toVersion(raw.version) : undefined,
    ...(body === undefined ? {} : { body }),
    webUrl: joinUrl(raw._links?.base ?? base, raw._links?.webui),
    _links: toLinks(raw._links),
  };
}

export function toPage(raw: RawSinglePage, base: string | undefined): Page {
  const page: Page = { ...toPageSummary(raw, base), version: toVersion(raw.version) };
  if (raw.labels) page.labels = raw.labels.results.map((l) => l.name);
  return page;
}

export function toFooterComment(raw: RawFooterComment, base: string | undefined): FooterComment {
  const body = toBody(raw.body);
  return {
    id: raw.id,
    status: raw.status,
    title: orUndefined(raw.title),
    pageId: orUndefined(raw.pageId),
    parentCommentId: orUndefined(raw.parentCommentId),
    version: raw.version ? toVersion(raw.version) : undefined,
    ...(body === undefined ? {} : { body }),
    webUrl: joinUrl(raw._links?.base ?? base, raw._links?.webui),
  };
}

export function toSearchResult(raw: RawSearchResult, base: string | undefined): SearchResult {
  const content = raw.content ?? undefined;
  const result: SearchResult = {
    id: content?.id ?? raw.space?.id ?? '',
    type: content?.type ?? raw.entityType ?? 'unknown',
    status: orUndefined(content?.status),
    title: content?.title ?? raw.title,
    excerpt: raw.excerpt ?? '',
    lastModified: orUndefined(raw.lastModified),
    webUrl: joinUrl(base, content?._links?.webui ?? raw.url),
  };
  const spaceKey = content?.space?.key ?? raw.space?.key;
  const spaceName = content?.space?.name ?? raw.space?.name;
  if (typeof spaceKey === 'string') result.spaceKey = spaceKey;
  if (typeof spaceName === 'string') result.spaceName = spaceName;
  if (content?.version) result.version = content.version.number;
  return result;
}

/** A child in the page tree (v2 `ChildPage`; `type` is always "page" there: that endpoint lists pages only). */
export interface ChildPage {
  id: string;
  type: string;
  title: string;
  status: string;
  spaceId: string | undefined;
  childPosition: number | undefined;
}

/** A folder of the page tree (v2 `FolderSingle`). */
export interface Folder {
  id: string;
  title: string;
  status: string;
  parentId: string | undefined;
  parentType: string | undefined;
  /** From its web UI link (`/spaces/{key}/folder/{id}`): v2 gives a folder no spaceId. */
  spaceKey: string | undefined;
  webui: string | undefined;
}

/** Whose children to list: a page or a folder (the allow-list check differs). */
export interface TreeParent {
  id: string;
  type: 'page' | 'folder';
}

/** A child in the page tree by the v1 content listing (pages or folders; no position there). */
export interface TreeChild {
  id: string;
  /** `page` or `folder`. */
  type: string;
  title: string;
  status: string;
  webui: string | undefined;
}

/** One step of a page's breadcrumb (v2 `Ancestor`), highest first. */
export interface Ancestor {
  id: string;
  /** `page`, `folder`, `whiteboard`, `database` or `embed`. */
  type: string;
}

/** Where a page goes, relative to a target page (v1 move). */
export type MovePosition = 'before' | 'after' | 'append';

/** A v1 long task (archiving, copying a page hierarchy) as its status reads. */
export interface LongTaskStatus {
  id: string;
  finished: boolean;
  successful: boolean;
  percentageComplete: number | undefined;
  messages: string[];
  /** A hierarchy copy's new root page, once finished. */
  destinationId: string | undefined;
}
