import type { Site } from '../identities.js';
import type {
  Attachment,
  Body,
  Folder,
  FooterComment,
  InlineComment,
  Label,
  Page,
  Space,
  Version,
} from './model.js';
import { currentVersion } from './model.js';

/** Id sequences shared by every site, like Confluence's content ids (pages and comments share one). */
export class IdSequence {
  private content = 2_490_368;
  private space = 32_770;
  private label = 1_000;

  nextContent(): string {
    return String(++this.content);
  }

  /** Confluence Cloud space ids step by 32768 (65538, 98306, …). */
  nextSpace(): string {
    this.space += 32_768;
    return String(this.space);
  }

  nextLabel(): string {
    return String(++this.label);
  }
}

export interface NewVersion {
  authorId: string;
  createdAt: number;
  title: string;
  body: Body;
  message?: string;
  minorEdit?: boolean;
}

export class SiteStore {
  readonly spaces = new Map<string, Space>();
  readonly pages = new Map<string, Page>();
  readonly comments = new Map<string, FooterComment>();
  /** Folders of the page tree, by id (content ids: a page's `parentId` may name one). */
  readonly folders = new Map<string, Folder>();
  /** By numeric id (served as `att{id}`). */
  readonly attachments = new Map<string, Attachment>();
  /** Inline comments (and their replies), by id: the v2 API lists them apart from footer comments. */
  readonly inlineComments = new Map<string, InlineComment>();
  /** v1 long tasks (page archiving, page hierarchy copies), by id. */
  readonly longTasks = new Map<
    string,
    {
      pages: number;
      at: number;
      /** A hierarchy copy: the new root page, and how many status reads still answer "running". */
      copy?: { destinationId: string; runningReads: number };
    }
  >();

  constructor(
    readonly site: Site,
    readonly ids: IdSequence,
    private readonly urlOf: () => string = () => site.url,
  ) {}

  /** The site's browser URL: Atlassian's, or the emulator's own when it serves sites (`serveSites`). */
  get url(): string {
    return this.urlOf();
  }

  get wikiBase(): string {
    return `${this.url}/wiki`;
  }

  spaceByKey(key: string): Space | undefined {
    const wanted = key.toLowerCase();
    for (const space of this.spaces.values()) if (space.key.toLowerCase() === wanted) return space;
    return undefined;
  }

  spaceOf(page: Page): Space {
    const space = this.spaces.get(page.spaceId);
    if (space === undefined) throw new Error(`page ${page.id} has no space`);
    return space;
  }

  children(parentId: string): Page[] {
    return [...this.pages.values()].filter((p) => p.parentId === parentId);
  }

  /** Root first, the page itself excluded. */
  ancestors(page: Page): Page[] {
    const chain: Page[] = [];
    let parentId = page.parentId;
    while (parentId !== null) {
      const parent = this.pages.get(parentId);
      if (parent === undefined || chain.includes(parent)) break;
      chain.unshift(parent);
      parentId = parent.parentId;
    }
    return chain;
  }

  /** Confluence keeps titles of published pages unique within a space (case-insensitively). */
  titleTaken(spaceId: string, title: string, exceptId?: string): boolean {
    const wanted = title.trim().toLowerCase();
    for (const page of this.pages.values()) {
      if (page.spaceId !== spaceId || page.id === exceptId || page.status !== 'current') continue;
      if (currentVersion(page).title.trim().toLowerCase() === wanted) return true;
    }
    return false;
  }

  createSpace(space: Omit<Space, 'id' | 'labels'> & { labels?: string[] }): Space {
    const created: Space = { ...space, id: this.ids.nextSpace(), labels: this.labels(space.labels ?? []) };
    this.spaces.set(created.id, created);
    return created;
  }

  createPage(input: {
    spaceId: string;
    parentId: string | null;
    status: Page['status'];
    labels?: string[];
    version: NewVersion;
    /** Its place among its siblings; default after the last (found by a scan of the site's pages). */
    position?: number;
  }): Page {
    const position =
      input.position ??
      [...this.pages.values()]
        .filter((p) => p.spaceId === input.spaceId && p.parentId === input.parentId)
        .reduce((max, p) => Math.max(max, p.position), -1) + 1;
    const page: Page = {
      id: this.ids.nextContent(),
      spaceId: input.spaceId,
      parentId: input.parentId,
      status: input.status,
      authorId: input.version.authorId,
      ownerId: input.version.authorId,
      createdAt: input.version.createdAt,
      position,
      labels: this.labels(input.labels ?? []),
      versions: [toVersion(1, input.version)],
    };
    this.pages.set(page.id, page);
    return page;
  }

  /** A folder under `parentId` (a page, a folder or null), after the last of that parent's pages and folders. */
  createFolder(input: {
    spaceId: string;
    parentId: string | null;
    title: string;
    authorId: string;
    createdAt: number;
  }): Folder {
    const siblings = [...this.pages.values(), ...this.folders.values()].filter(
      (c) => c.spaceId === input.spaceId && c.parentId === input.parentId,
    );
    const folder: Folder = {
      id: this.ids.nextContent(),
      ...input,
      status: 'current',
      position: siblings.reduce((max, c) => Math.max(max, c.position), -1) + 1,
    };
    this.folders.set(folder.id, folder);
    return folder;
  }

  addVersion(item: Page | FooterComment, version: NewVersion): Version {
    const next = toVersion(currentVersion(item).number + 1, version);
    item.versions.push(next);
    return next;
  }

  createComment(input: {
    pageId: string;
    parentCommentId: string | null;
    version: NewVersion;
  }): FooterComment {
    const comment: FooterComment = {
      id: this.ids.nextContent(),
      pageId: input.pageId,
      parentCommentId: input.parentCommentId,
      status: 'current',
      authorId: input.version.authorId,
      createdAt: input.version.createdAt,
      versions: [toVersion(1, input.version)],
    };
    this.comments.set(comment.id, comment);
    return comment;
  }

  createInlineComment(input: {
    pageId: string;
    parentCommentId: string | null;
    markerRef: string;
    originalSelection: string;
    version: NewVersion;
  }): InlineComment {
    const comment: InlineComment = {
      id: this.ids.nextContent(),
      pageId: input.pageId,
      parentCommentId: input.parentCommentId,
      status: 'current',
      authorId: input.version.authorId,
      createdAt: input.version.createdAt,
      versions: [toVersion(1, input.version)],
      markerRef: input.markerRef,
      originalSelection: input.originalSelection,
      resolutionStatus: 'open',
      resolutionLastModifierId: null,
      resolutionLastModifiedAt: null,
    };
    this.inlineComments.set(comment.id, comment);
    return comment;
  }

  private labels(names: string[]): Label[] {
    return names.map((name) => ({ id: this.ids.nextLabel(), name, prefix: 'global' }));
  }
}

function toVersion(number: number, v: NewVersion): Version {
  return {
    number,
    message: v.message ?? '',
    minorEdit: v.minorEdit ?? false,
    authorId: v.authorId,
    createdAt: v.createdAt,
    title: v.title,
    body: v.body,
  };
}
