/** Just enough of the response shapes for tests to read them without `any`. */

export interface V2Error {
  errors: { status: number; code: string; title: string; detail: null }[];
}

export interface V2List<T> {
  results: T[];
  _links: { next?: string; base: string };
}

export interface VersionJson {
  number: number;
  message: string;
  minorEdit: boolean;
  authorId: string;
  createdAt: string;
}

export interface BodyJson {
  storage?: { representation: string; value: string };
  atlas_doc_format?: { representation: string; value: string };
  view?: { representation: string; value: string };
}

export interface SpaceJson {
  id: string;
  key: string;
  name: string;
  type: string;
  status: string;
  homepageId: string;
  description?: { plain?: { value: string }; view?: { value: string } };
  labels?: { results: { name: string }[] };
  _links: { webui: string; base?: string };
}

export interface PageJson {
  id: string;
  status: string;
  title: string;
  spaceId: string;
  parentId: string | null;
  parentType: string | null;
  position: number;
  authorId: string;
  createdAt: string;
  version?: VersionJson;
  body?: BodyJson;
  labels?: { results: { id: string; name: string; prefix: string }[]; meta: unknown; _links: unknown };
  _links: { webui: string; editui: string; tinyui: string; base?: string };
}

export interface CommentJson {
  id: string;
  status: string;
  title: string;
  pageId?: string;
  parentCommentId?: string;
  version: VersionJson;
  body?: BodyJson;
  _links: { webui: string; base?: string };
}

export interface SearchJson {
  results: {
    content: {
      id: string;
      type: string;
      status: string;
      title: string;
      space?: { key: string; name: string };
      version?: { number: number; by: { accountId: string } };
      _links: { webui: string };
    };
    title: string;
    excerpt: string;
    url: string;
    entityType: string;
    lastModified: string;
    friendlyLastModified: string;
  }[];
  start: number;
  limit: number;
  size: number;
  totalSize: number;
  cqlQuery: string;
  searchDuration: number;
  _links: { base: string; context: string; next?: string; self: string };
}

export interface V1Error {
  statusCode: number;
  data: { authorized: boolean; valid: boolean; errors: unknown[]; successful: boolean };
  message: string;
}
