import { z } from 'zod';
import type { App } from '../app.js';
import { makeBody } from '../confluence/model.js';
import { escapeXml } from '../storage/xhtml.js';
import { seedTarget } from './seed-site.js';

export const seedSpaceSchema = z.strictObject({
  /** Confluence space keys are ASCII letters and digits; the emulator keeps them upper-case, as Cloud shows them. */
  key: z.string().regex(/^[A-Z0-9]{1,255}$/, 'A space key is 1-255 upper-case letters and digits.'),
  name: z.string().trim().min(1).max(200).optional(),
  /** Pages in the space, its homepage included. */
  pages: z.int().min(1).max(100_000),
  cloudId: z.string().optional(),
  accountId: z.string().optional(),
});

export type SeedSpaceInput = z.input<typeof seedSpaceSchema>;

export interface SeededSpace {
  spaceId: string;
  homepageId: string;
  /** Pages created, the homepage included. */
  pages: number;
}

/**
 * `POST /__control/spaces`: a global space of `pages` pages (its homepage and the rest below it, as pages created
 * without a parent are), for benchmarks that need a large space without one create request per page. Pages get the
 * shared content ids, unique titles ("<name> page 1", …), a short storage body and the emulator's current time.
 */
export function seedSpaceOperations(app: App, fail: (message: string) => Error) {
  return {
    seedSpace(raw: unknown): SeededSpace {
      const parsed = seedSpaceSchema.safeParse(raw);
      if (!parsed.success) throw fail(z.prettifyError(parsed.error));
      const input = parsed.data;
      const { site, authorId } = seedTarget(app, input, fail);
      if (site.spaceByKey(input.key) !== undefined) throw fail(`Space key ${input.key} is taken`);
      const name = input.name ?? input.key;
      const createdAt = app.state.clock.now();
      const space = site.createSpace({
        key: input.key,
        name,
        type: 'global',
        status: 'current',
        authorId,
        createdAt,
        homepageId: null,
        description: `${input.pages} seeded pages.`,
      });
      const page = (parentId: string | null, position: number, title: string) =>
        site.createPage({
          spaceId: space.id,
          parentId,
          status: 'current',
          // Given, not looked up: finding the next position scans every page of the site.
          position,
          version: { authorId, createdAt, title, body: makeBody(`<p>${escapeXml(title)}.</p>`) },
        });
      const home = page(null, 0, `${name} Home`);
      space.homepageId = home.id;
      for (let i = 1; i < input.pages; i++) page(home.id, i - 1, `${name} page ${i}`);
      return { spaceId: space.id, homepageId: home.id, pages: input.pages };
    },
  };
}
