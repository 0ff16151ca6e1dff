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

/**
 * A folder of the page tree (v2 `FolderSingle`): it has a title but no body or versions of its own, sits under a
 * page, another folder or the space root, and holds pages and folders. Ids share the content sequence.
 */
export interface Folder {
  id: string;
  spaceId: string;
  /** A page's or another folder's id; null at the space root. */
  parentId: string | null;
  status: 'current' | 'archived' | 'trashed';
  title: string;
  authorId: string;
  createdAt: number;
  position: number;
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

/** Where an inline comment stands: Confluence's `InlineCommentResolutionStatus`. */
export type InlineResolutionStatus = 'open' | 'reopened' | 'resolved' | 'dangling';

/**
 * An inline comment: anchored to text of its page by `<ac:inline-comment-marker ac:ref="markerRef">` in the page's
 * storage. Replies carry their thread's ref and selection; only a thread's top comment is resolved or reopened.
 */
export interface InlineComment extends FooterComment {
  markerRef: string;
  originalSelection: string;
  resolutionStatus: InlineResolutionStatus;
  resolutionLastModifierId: string | null;
  resolutionLastModifiedAt: number | null;
}

export function currentVersion(item: { versions: Version[] }): Version {
  const v = item.versions[item.versions.length - 1];
  if (v === undefined) throw new Error('content without a version');
  return v;
}

export function makeBody(storage: string, adf: string | null = null): Body {
  return { storage, adf, derived: {} };
}

/** One version of an attachment: its bytes and what Confluence says about them. */
export interface AttachmentVersion {
  number: number;
  /** The media file id (`fileId` in v2): every version is its own file in Atlassian's media store. */
  fileId: string;
  mediaType: string;
  /** The upload's comment; Confluence shows it as the version's message too. */
  comment: string;
  minorEdit: boolean;
  authorId: string;
  createdAt: number;
  bytes: Buffer;
}

/** A file attached to a page. The id is numeric here and served as `att{id}`, as Confluence does. */
export interface Attachment {
  id: string;
  pageId: string;
  /** The file name: uploading the same name to the page again adds a version. */
  title: string;
  status: 'current' | 'trashed';
  /** Oldest first; the last one is the current version. */
  versions: AttachmentVersion[];
}
