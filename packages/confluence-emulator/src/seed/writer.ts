import { makeBody } from '../confluence/model.js';
import type { FooterComment, Page, Space, SpaceType } from '../confluence/model.js';
import type { SiteStore } from '../confluence/store.js';

export const ADA = 'acc-ada';
export const BOB = 'acc-bob';

const HOUR = 3_600_000;

/** Seed time starts here and only moves forward, so the seed is identical on every start. */
export const SEED_EPOCH = Date.UTC(2024, 0, 8, 9, 0, 0);

export interface PageDef {
  title: string;
  body: string;
  labels?: string[];
  author?: string;
  /** Extra edits after creation, each a version with this message. */
  edits?: string[];
}

export interface CommentDef {
  body: string;
  author: string;
  replies?: { body: string; author: string }[];
}

/** Writes seed content with steadily advancing, deterministic timestamps. */
export class SeedWriter {
  private clock = SEED_EPOCH;

  constructor(readonly site: SiteStore) {}

  private tick(hours: number): number {
    this.clock += hours * HOUR;
    return this.clock;
  }

  space(def: {
    key: string;
    name: string;
    type: SpaceType;
    description: string;
    home: PageDef;
    labels?: string[];
    author?: string;
  }): { space: Space; home: Page } {
    const authorId = def.author ?? ADA;
    const space = this.site.createSpace({
      key: def.key,
      name: def.name,
      type: def.type,
      status: 'current',
      authorId,
      createdAt: this.tick(1),
      homepageId: null,
      description: def.description,
      labels: def.labels ?? [],
    });
    const home = this.page(space, null, { author: authorId, ...def.home });
    space.homepageId = home.id;
    return { space, home };
  }

  page(space: Space, parent: Page | null, def: PageDef): Page {
    const authorId = def.author ?? ADA;
    const page = this.site.createPage({
      spaceId: space.id,
      parentId: parent?.id ?? null,
      status: 'current',
      ...(def.labels === undefined ? {} : { labels: def.labels }),
      version: { authorId, createdAt: this.tick(7), title: def.title, body: makeBody(def.body) },
    });
    for (const [i, message] of (def.edits ?? []).entries()) {
      this.site.addVersion(page, {
        authorId: i % 2 === 0 ? (authorId === ADA ? BOB : ADA) : authorId,
        createdAt: this.tick(30),
        title: def.title,
        body: makeBody(def.body),
        message,
      });
    }
    return page;
  }

  comment(page: Page, def: CommentDef): FooterComment {
    const title = `Re: ${page.versions[page.versions.length - 1]?.title ?? ''}`;
    const comment = this.site.createComment({
      pageId: page.id,
      parentCommentId: null,
      version: { authorId: def.author, createdAt: this.tick(3), title, body: makeBody(def.body) },
    });
    for (const reply of def.replies ?? []) {
      this.site.createComment({
        pageId: page.id,
        parentCommentId: comment.id,
        version: { authorId: reply.author, createdAt: this.tick(2), title, body: makeBody(reply.body) },
      });
    }
    return comment;
  }
}
