/** In-memory Confluence content for one site. Ids are numeric strings, as Confluence's are. */

export type SpaceType = 'global' | 'collaboration' | 'knowledge_base' | 'personal';
export type SpaceStatus = 'current' | 'archived';
export type ContentStatus = 'current' | 'draft' | 'archived' | 'trashed';

export interface Label {
  id: string;
  name: string;
  prefix: 'global';
}

export interface Space {
  id: string;
  key: string;
  name: string;
  type: SpaceType;
  status: SpaceStatus;
  authorId: string;
  createdAt: number;
  homepageId: string | null;
  description: string;
  labels: Label[];
}

/**
 * A body is stored as storage XHTML (Confluence's canonical form). When it was written as ADF the original
 * JSON is kept so reads in that format give it back verbatim; derived forms are computed once, on demand.
 */
export interface Body {
  storage: string;
  adf: string | null;
  derived: { text?: string; words?: string[]; view?: string; adf?: string };
}

export interface Version {
  number: number;
  message: string;
  minorEdit: boolean;
  authorId: string;
  createdAt: number;
  title: string;
  body: Body;
}

export interface Page {
  id: string;
  spaceId: string;
  parentId: string | null;
  status: ContentStatus;
  authorId: string;
  ownerId: string;
  createdAt: number;
  position: number;
  labels: Label[];
  /** Oldest first; the last one is the current version. */
  versions: Version[];
}

export interface FooterComment {
  id: string;
  pageId: string;
  parentCommentId: string | null;
  status: 'current';
  authorId: string;
  createdAt: number;
  versions: Version[];
}

export function currentVersion(item: { versions: Version[] }): Version {
  const v = item.versions[item.versions.length - 1];
  if (v === undefined) throw new Error('content without a version');
  return v;
}

export function makeBody(storage: string, adf: string | null = null): Body {
  return { storage, adf, derived: {} };
}
