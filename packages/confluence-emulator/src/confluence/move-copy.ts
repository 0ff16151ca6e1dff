import { z } from 'zod';
import { json } from '../http/reply.js';
import { v1Invalid, v1NoContent } from './errors.js';
import { pageWebui, tinyui } from './links.js';
import type { Page } from './model.js';
import { currentVersion, makeBody } from './model.js';
import { idParam } from './params.js';
import { v1Space, v1User } from './search-result.js';
import { iso } from './serialize.js';
import type { SiteCtx, SiteHandler } from './site-ctx.js';
import { readJson } from './site-ctx.js';
import type { SiteStore } from './store.js';

/** v1 move and copy (v2 has neither): `PUT …/move/{position}/{targetId}`, `POST …/copy`, `POST …/pagehierarchy/copy`. */

const POSITIONS = ['before', 'after', 'append'] as const;

/** A page the caller can act on: there, and not in the trash. */
function livePage(site: SiteStore, id: string): Page | undefined {
  const page = site.pages.get(id);
  return page === undefined || page.status === 'trashed' ? undefined : page;
}

/** The page and everything below it, parents before children (siblings by position). */
function subtree(site: SiteStore, root: Page): Page[] {
  const out: Page[] = [root];
  for (let i = 0; i < out.length; i++) {
    const parent = out[i];
    if (parent === undefined) break;
    const kids = site.children(parent.id).filter((p) => p.status !== 'trashed');
    out.push(...kids.sort((a, b) => a.position - b.position));
  }
  return out;
}

/** Places `page` among the children of `parentId` at `index` (others keep their order) and renumbers them. */
function place(site: SiteStore, page: Page, parentId: string | null, spaceId: string, index?: number): void {
  const siblings = [...site.pages.values()]
    .filter((p) => p.id !== page.id && p.parentId === parentId && p.spaceId === spaceId)
    .sort((a, b) => a.position - b.position);
  siblings.splice(index ?? siblings.length, 0, page);
  page.parentId = parentId;
  siblings.forEach((p, i) => (p.position = i));
}

/**
 * `PUT /wiki/rest/api/content/{pageId}/move/{position}/{targetId}` → 200 `{pageId}`. `before`/`after` put the page
 * beside the target (under the target's parent, top level when the target is), `append` makes it the target's last
 * child; into another space the whole subtree moves. The spec's answers: 404 when either page is not there, 400 for
 * a parent-child loop and for a title already used in the target space.
 */
export const movePage: SiteHandler = (ctx) => {
  const position = ctx.params.position ?? '';
  if (!(POSITIONS as readonly string[]).includes(position)) {
    v1Invalid(`Invalid position '${position}': use before, after or append.`);
  }
  const page = livePage(ctx.site, idParam(ctx.params.pageId, 'pageId'));
  if (page === undefined) return v1NoContent(ctx.params.pageId);
  const target = livePage(ctx.site, idParam(ctx.params.targetId, 'targetId'));
  if (target === undefined) return v1NoContent(ctx.params.targetId);
  if (target.id === page.id || ctx.site.ancestors(target).includes(page)) {
    v1Invalid('The move would create a parent-child loop: a page cannot be moved next to or below itself.');
  }
  const title = currentVersion(page).title;
  if (target.spaceId !== page.spaceId && ctx.site.titleTaken(target.spaceId, title)) {
    v1Invalid(
      `A page with the title '${title}' already exists in the target space. Rename the page before moving it.`,
    );
  }
  if (target.spaceId !== page.spaceId) {
    for (const p of subtree(ctx.site, page)) p.spaceId = target.spaceId;
  }
  if (position === 'append') {
    place(ctx.site, page, target.id, target.spaceId);
  } else {
    const siblings = [...ctx.site.pages.values()]
      .filter((p) => p.id !== page.id && p.parentId === target.parentId && p.spaceId === target.spaceId)
      .sort((a, b) => a.position - b.position);
    const at = siblings.indexOf(target) + (position === 'after' ? 1 : 0);
    place(ctx.site, page, target.parentId, target.spaceId, at);
  }
  return json(200, { pageId: page.id });
};

const flags = {
  copyAttachments: z.boolean().default(false),
  copyPermissions: z.boolean().default(false),
  copyProperties: z.boolean().default(false),
  copyLabels: z.boolean().default(false),
  copyCustomContents: z.boolean().default(false),
};

const copySchema = z.object({
  ...flags,
  destination: z.object({
    type: z.enum(['space', 'existing_page', 'parent_page', 'parent_content']),
    value: z.string().min(1),
  }),
  pageTitle: z.string().max(255).optional(),
  body: z
    .object({ storage: z.object({ value: z.string(), representation: z.literal('storage') }) })
    .partial()
    .optional(),
});

/** Copies one page's current version (title and body; labels and attachments when asked) as a new page. */
function copyOne(
  ctx: SiteCtx,
  source: Page,
  where: { spaceId: string; parentId: string | null },
  o: { title: string; copyLabels: boolean; copyAttachments: boolean; storage?: string | undefined },
): Page {
  const version = currentVersion(source);
  const copy = ctx.site.createPage({
    spaceId: where.spaceId,
    parentId: where.parentId,
    status: 'current',
    labels: o.copyLabels ? source.labels.map((l) => l.name) : [],
    version: {
      authorId: ctx.token.accountId,
      createdAt: ctx.state.clock.now(),
      title: o.title,
      body: o.storage === undefined ? version.body : makeBody(o.storage),
    },
  });
  if (o.copyAttachments) {
    for (const attachment of [...ctx.site.attachments.values()]) {
      if (attachment.pageId !== source.id || attachment.status !== 'current') continue;
      const id = ctx.site.ids.nextContent();
      const versions = attachment.versions.map((v) => ({ ...v }));
      ctx.site.attachments.set(id, { ...attachment, id, pageId: copy.id, versions });
    }
  }
  return copy;
}

/** The v1 `Content` a copy answers with (space, history and version expanded, as the spec says by default). */
function v1Content(site: SiteStore, page: Page): Record<string, unknown> {
  const space = site.spaceOf(page);
  const version = currentVersion(page);
  return {
    id: page.id,
    type: 'page',
    status: page.status,
    title: version.title,
    space: v1Space(site, space),
    history: { latest: true, createdBy: v1User(site, page.authorId), createdDate: iso(page.createdAt) },
    version: {
      by: v1User(site, version.authorId),
      when: iso(version.createdAt),
      message: version.message,
      number: version.number,
      minorEdit: version.minorEdit,
    },
    _links: {
      webui: pageWebui(space.key, page.id, version.title),
      tinyui: tinyui(page.id),
      self: `${site.wikiBase}/rest/api/content/${page.id}`,
      base: site.wikiBase,
      context: '/wiki',
    },
  };
}

/**
 * `POST /wiki/rest/api/content/{id}/copy` → 200 with the new page (v1 `Content`). Destinations: `space` (a key: a
 * top-level page there), `parent_page`/`parent_content` (an id: its last child), `existing_page` (an id: that page
 * gets the copy's title and body as a new version). 404 for a source or destination that is not there; 400 for a
 * bad body and for a title the destination space already has (give `pageTitle`).
 */
export const copyPage: SiteHandler = (ctx) => {
  const source = livePage(ctx.site, idParam(ctx.params.id));
  if (source === undefined) return v1NoContent(ctx.params.id);
  const parsed = copySchema.safeParse(readJson(ctx));
  if (!parsed.success) v1Invalid('The body must be a CopyPageRequest with a destination {type, value}.');
  const input = parsed.data;
  const title = input.pageTitle?.trim() || currentVersion(source).title;
  const storage = input.body?.storage?.value;
  const { type, value } = input.destination;
  if (type === 'existing_page') {
    const existing = livePage(ctx.site, value);
    if (existing === undefined) return v1NoContent(value);
    if (ctx.site.titleTaken(existing.spaceId, title, existing.id)) titleConflict(title);
    ctx.site.addVersion(existing, {
      authorId: ctx.token.accountId,
      createdAt: ctx.state.clock.now(),
      title,
      body: storage === undefined ? currentVersion(source).body : makeBody(storage),
    });
    return json(200, v1Content(ctx.site, existing));
  }
  let where: { spaceId: string; parentId: string | null };
  if (type === 'space') {
    const space = ctx.site.spaceByKey(value);
    if (space === undefined) return v1NoContent(value);
    where = { spaceId: space.id, parentId: null };
  } else {
    const parent = /^\d+$/.test(value) ? livePage(ctx.site, value) : undefined;
    if (parent === undefined) return v1NoContent(value);
    where = { spaceId: parent.spaceId, parentId: parent.id };
  }
  if (ctx.site.titleTaken(where.spaceId, title)) titleConflict(title);
  const copy = copyOne(ctx, source, where, {
    title,
    copyLabels: input.copyLabels,
    copyAttachments: input.copyAttachments,
    storage,
  });
  return json(200, v1Content(ctx.site, copy));
};

function titleConflict(title: string): never {
  return v1Invalid(
    `A page with this title already exists: a page titled '${title}' exists in the destination space. ` +
      'Give the copy another title.',
  );
}

const hierarchySchema = z.object({
  ...flags,
  copyDescendants: z.boolean().default(true),
  destinationPageId: z.union([z.string().regex(/^\d+$/), z.int().nonnegative().transform(String)]),
  titleOptions: z
    .object({ prefix: z.string().optional(), replace: z.string().optional(), search: z.string().optional() })
    .optional(),
});

/** A copied page's title under the request's titleOptions: search → replace first, then the prefix. */
function renamed(title: string, o: z.infer<typeof hierarchySchema>['titleOptions']): string {
  const replaced =
    o?.search !== undefined && o.search !== '' ? title.split(o.search).join(o.replace ?? '') : title;
  return `${o?.prefix ?? ''}${replaced}`.trim();
}

/**
 * `POST /wiki/rest/api/content/{id}/pagehierarchy/copy` → 202 LongTask. Copies the page and (unless
 * `copyDescendants: false`) its subtree under `destinationPageId`. Confluence runs this asynchronously: here the
 * pages are written at once, and the task's first status read answers it still running (so a client's polling is
 * exercised), later ones finished with the new root in `additionalDetails.destinationId`. 404 for a source or
 * destination not there; 400 for titles that would clash (the spec: "Required for copying page in the same space").
 */
export const copyPageHierarchy: SiteHandler = (ctx) => {
  const source = livePage(ctx.site, idParam(ctx.params.id));
  if (source === undefined) return v1NoContent(ctx.params.id);
  const parsed = hierarchySchema.safeParse(readJson(ctx));
  if (!parsed.success) v1Invalid('The body must be a CopyPageHierarchyRequest with a destinationPageId.');
  const input = parsed.data;
  const destination = livePage(ctx.site, input.destinationPageId);
  if (destination === undefined) return v1NoContent(input.destinationPageId);
  const pages = input.copyDescendants ? subtree(ctx.site, source) : [source];
  const titles = pages.map((p) => renamed(currentVersion(p).title, input.titleOptions));
  const clash = titles.find(
    (t, i) => t === '' || ctx.site.titleTaken(destination.spaceId, t) || titles.indexOf(t) !== i,
  );
  if (clash !== undefined) {
    v1Invalid(
      `The title prefix is invalid: copied titles would clash in the destination space ('${clash}'). ` +
        'Give titleOptions.prefix (or search/replace) that makes every copied title new.',
    );
  }
  const copies = new Map<string, Page>();
  pages.forEach((p, i) => {
    const parentId = p === source ? destination.id : (copies.get(p.parentId ?? '')?.id ?? destination.id);
    const copy = copyOne(
      ctx,
      p,
      { spaceId: destination.spaceId, parentId },
      { title: titles[i] ?? '', copyLabels: input.copyLabels, copyAttachments: input.copyAttachments },
    );
    copies.set(p.id, copy);
  });
  const root = copies.get(source.id);
  const task = ctx.site.ids.nextContent();
  ctx.site.longTasks.set(task, {
    pages: pages.length,
    at: ctx.state.clock.now(),
    copy: { destinationId: root?.id ?? '', runningReads: 1 },
  });
  return json(202, { id: task, links: { status: `/wiki/rest/api/longtask/${task}` } });
};

/** `GET /wiki/rest/api/longtask/{id}` for a hierarchy copy (LongTaskStatusWithLinks). */
export function copyTaskStatus(
  site: SiteStore,
  id: string,
  task: { pages: number; copy: { destinationId: string; runningReads: number } },
): Record<string, unknown> {
  const running = task.copy.runningReads > 0;
  if (running) task.copy.runningReads -= 1;
  const root = site.pages.get(task.copy.destinationId);
  const url =
    root === undefined ? '' : pageWebui(site.spaceOf(root).key, root.id, currentVersion(root).title);
  return {
    id,
    name: { key: 'com.atlassian.confluence.copy.page.hierarchy', args: [] },
    elapsedTime: running ? 10 : 20,
    percentageComplete: running ? 50 : 100,
    successful: true,
    finished: !running,
    messages: [
      running
        ? { translation: 'Copying pages', args: [] }
        : { translation: `Copied ${task.pages} page(s)`, args: [] },
    ],
    status: running ? 'STATUS_COPYING_PAGES' : 'STATUS_COPIED_PAGES',
    additionalDetails: {
      destinationId: running ? null : task.copy.destinationId,
      destinationUrl: running ? '' : url,
      totalPageNeedToCopy: task.pages,
    },
  };
}
