import { z } from 'zod';
import { json } from '../http/reply.js';
import { v1Error, v1Invalid } from './errors.js';
import type { SiteHandler } from './site-ctx.js';
import { readJson } from './site-ctx.js';
import { copyTaskStatus } from './move-copy.js';

/** The v1 archive endpoint's limit on pages per request (its 400 answers). */
const MAX_PAGES = 300;

const archiveSchema = z.object({
  pages: z.array(z.object({ id: z.union([z.int(), z.string().regex(/^\d+$/)]) })).min(1),
});

/**
 * `POST /wiki/rest/api/content/archive` (v1; v2 has no archive): archives pages and answers 202 with a long task.
 * The spec's 400s: more than 300 pages, an id that is not a page, a page already archived. Confluence archives
 * asynchronously; here the task is finished by the time the 202 is sent, and its status reads so.
 */
export const archivePages: SiteHandler = (ctx) => {
  const parsed = archiveSchema.safeParse(readJson(ctx));
  if (!parsed.success) v1Invalid('The request body must be {"pages": [{"id": <page id>}, …]}.');
  const ids = parsed.data.pages.map((p) => String(p.id));
  if (ids.length > MAX_PAGES) v1Invalid(`At most ${MAX_PAGES} pages can be archived in one request.`);
  const pages = ids.map((id) => {
    const page = ctx.site.pages.get(id);
    if (page === undefined || page.status === 'trashed')
      v1Invalid(`Content ${id} does not resolve to a page.`);
    if (page.status === 'archived') v1Invalid(`Page ${id} is already archived.`);
    return page;
  });
  for (const page of pages) page.status = 'archived';
  const task = ctx.site.ids.nextContent();
  ctx.site.longTasks.set(task, { pages: pages.length, at: ctx.state.clock.now() });
  return json(202, { id: task, links: { status: `/wiki/rest/api/longtask/${task}` } });
};

/** `GET /wiki/rest/api/longtask/{id}`: the archive task, finished; a hierarchy copy as move-copy.ts answers it. */
export const getLongTask: SiteHandler = (ctx) => {
  const id = ctx.params.id ?? '';
  const task = ctx.site.longTasks.get(id);
  if (task === undefined) {
    return v1Error(404, `No long task with id ${id}`, [], { authorized: true, valid: true });
  }
  if (task.copy !== undefined) return json(200, copyTaskStatus(ctx.site, id, { ...task, copy: task.copy }));
  return json(200, {
    id,
    name: { key: 'com.atlassian.confluence.pages.archive.longtask.name', args: [] },
    elapsedTime: 0,
    percentageComplete: 100,
    successful: true,
    finished: true,
    messages: [{ translation: `Archived ${task.pages} page(s)`, args: [] }],
  });
};
