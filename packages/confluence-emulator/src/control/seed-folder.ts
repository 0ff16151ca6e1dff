import { z } from 'zod';
import type { App } from '../app.js';
import { makeBody } from '../confluence/model.js';
import { escapeXml } from '../storage/xhtml.js';
import { seedTarget } from './seed-site.js';

export const seedFolderSchema = z.strictObject({
  /** The page or folder the new folder goes under (its last child). */
  parentId: z.string().regex(/^\d+$/),
  title: z.string().trim().min(1).max(255),
  /** Titles of pages to create inside the folder, in this order. */
  pages: z.array(z.string().trim().min(1).max(255)).max(1000).optional(),
  cloudId: z.string().optional(),
  accountId: z.string().optional(),
});

export type SeedFolderInput = z.input<typeof seedFolderSchema>;

export interface SeededFolder {
  folderId: string;
  spaceId: string;
  /** The pages created inside it, in the order asked. */
  pageIds: string[];
}

/**
 * `POST /__control/folders`: a folder under a page or folder (the v2 spec's `POST /folders` is not served), with
 * pages inside it if asked, for tests of the page tree. Pages get a short storage body and the current time.
 */
export function seedFolderOperations(app: App, fail: (message: string) => Error) {
  return {
    seedFolder(raw: unknown): SeededFolder {
      const parsed = seedFolderSchema.safeParse(raw);
      if (!parsed.success) throw fail(z.prettifyError(parsed.error));
      const input = parsed.data;
      const { site, authorId } = seedTarget(app, input, fail);
      const parent = site.pages.get(input.parentId) ?? site.folders.get(input.parentId);
      if (parent === undefined || parent.status === 'trashed' || parent.status === 'draft')
        throw fail(`No page or folder ${input.parentId} to put a folder in`);
      const createdAt = app.state.clock.now();
      const folder = site.createFolder({
        spaceId: parent.spaceId,
        parentId: parent.id,
        title: input.title,
        authorId,
        createdAt,
      });
      const pageIds = (input.pages ?? []).map((title) => {
        if (site.titleTaken(parent.spaceId, title))
          throw fail(`The space already has a page titled ${title}`);
        return site.createPage({
          spaceId: parent.spaceId,
          parentId: folder.id,
          status: 'current',
          version: { authorId, createdAt, title, body: makeBody(`<p>${escapeXml(title)}.</p>`) },
        }).id;
      });
      return { folderId: folder.id, spaceId: parent.spaceId, pageIds };
    },
  };
}
