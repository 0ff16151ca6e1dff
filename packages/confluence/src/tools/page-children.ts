import { z } from 'zod';
import type { PageOf } from '../client/models.js';
import { BadRequestError, NotFoundError, ScopeMissingError } from '../errors.js';
import { defineTool, type ToolContext } from './define-tool.js';
import { cursorSchema, idSchema, limitSchema, nextCursorSchema, toolInput } from './shared-schemas.js';
import { spaceKeyFromWebui } from './web-url.js';

/** Deepest subtree one call walks (as Confluence's own descendants listing); deeper: start from a child. */
export const MAX_CHILD_DEPTH = 5;
/** Children asked for per Confluence request; a cursor resumes inside a batch of this size. */
const BATCH = 100;
/**
 * Confluence requests one call makes at most (two listings per parent whose children are read: its folders, then
 * its pages); then `nextCursor`.
 */
const REQUEST_BUDGET = 40;

const input = toolInput({
  pageId: idSchema('page or folder'),
  depth: z
    .int()
    .min(1)
    .max(MAX_CHILD_DEPTH)
    .default(1)
    .describe(
      `How many levels below the page: 1 (default) lists its direct children, up to ${MAX_CHILD_DEPTH} the subtree ` +
        'to that depth, folders included (parents before their children; under each parent its folders, then ' +
        'its pages in page-tree order).',
    ),
  limit: limitSchema,
  cursor: cursorSchema,
});

const item = z.object({
  id: z.string(),
  title: z.string(),
  type: z
    .string()
    .describe('"page" or "folder" (a folder holds pages and folders; pass its id as `pageId` to list it).'),
  status: z.string(),
  parentId: z.string().describe('The page or folder this one sits under (for depth 1, `pageId`).'),
  depth: z.int().describe('1 for a direct child of `pageId`, 2 for a grandchild, …'),
  childPosition: z
    .int()
    .nullable()
    .describe("A page's place among its parent page's child pages; null for folders and inside folders."),
  webUrl: z.string().nullable(),
});

const output = z.object({
  pageId: z.string(),
  rootType: z.enum(['page', 'folder']).describe('Whether `pageId` is a page or a folder.'),
  spaceKey: z.string().nullable(),
  items: z.array(item),
  nextCursor: nextCursorSchema,
});

type Kind = 'page' | 'folder';

/**
 * Where the walk stands: a stack of parents, each reading its folders (stream 0) then its pages (stream 1), with
 * the Confluence cursor and index of the current batch.
 */
interface Frame {
  /** Parent id. */
  p: string;
  /** What the parent is. */
  k: Kind;
  /** Depth of its children. */
  d: number;
  /** 0: its folders (v1 listing), 1: its pages (v2 for a page, v1 for a folder). */
  s: 0 | 1;
  /** Confluence cursor of the batch being read (null: the first); a v1 listing's is its start offset. */
  c: string | null;
  /** Next index in that batch. */
  i: number;
}

interface WalkState {
  root: string;
  depth: number;
  stack: Frame[];
}

const frameSchema = z
  .object({
    p: z.string().regex(/^\d+$/),
    // Cursors from before folders were listed hold pages-only frames.
    k: z.enum(['page', 'folder']).default('page'),
    d: z.int().min(1),
    s: z.union([z.literal(0), z.literal(1)]).default(1),
    c: z.string().nullable(),
    i: z.int().min(0),
  })
  .refine((f) => f.c === null || (f.s === 1 && f.k === 'page') || /^\d{1,9}$/.test(f.c));
const stateSchema = z.object({
  root: z.string(),
  depth: z.int().min(1).max(MAX_CHILD_DEPTH),
  stack: z.array(frameSchema).max(MAX_CHILD_DEPTH),
});

const encodeState = (s: WalkState) => Buffer.from(JSON.stringify(s)).toString('base64url');

function decodeState(cursor: string, pageId: string, depth: number): WalkState {
  let parsed: ReturnType<typeof stateSchema.safeParse> | undefined;
  try {
    parsed = stateSchema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    parsed = undefined;
  }
  if (parsed?.success !== true || parsed.data.root !== pageId || parsed.data.depth !== depth) {
    throw new BadRequestError(
      'This cursor does not belong to this listing: pass the `nextCursor` of a call with the same pageId and ' +
        'depth, or omit cursor to start again.',
      { fieldErrors: { cursor: ['Not a cursor of this listing.'] } },
    );
  }
  return parsed.data;
}

export const getPageChildren = defineTool({
  name: 'get_confluence_page_children',
  title: 'List child pages',
  summary:
    'Lists what is under a page or folder: its child pages and folders, or its subtree a few levels deep.',
  description:
    'Lists the pages and folders under a Confluence page or folder (`pageId`): with `depth` 1 (default) its ' +
    `direct children, with depth 2-${MAX_CHILD_DEPTH} the subtree to that depth, each parent followed by its ` +
    'children and folders walked into like pages. Under each parent come its folders, then its pages in ' +
    'page-tree order. Each item has id, title, type ("page" or "folder"), status, parentId, depth (1 = direct ' +
    'child) and web URL. Use it to explore a section of a space, then read pages with get_confluence_page (which ' +
    "also gives a page's ancestors); pass a folder's id as `pageId` to list inside it. When `nextCursor` is not " +
    'null there may be more: call again with the same pageId and depth and that `cursor`. Whiteboards, ' +
    'databases and embeds are not listed.',
  readOnly: true,
  capability: 'read',
  idempotent: true,
  input,
  output,
  async run(ctx, args) {
    // Read first: a clear NOT_FOUND for the root itself, and its space key for the items' web URLs.
    const root = await resolveRoot(ctx, args.pageId);
    const state: WalkState =
      args.cursor === undefined
        ? {
            root: args.pageId,
            depth: args.depth,
            stack: [{ p: args.pageId, k: root.kind, d: 1, s: 0, c: null, i: 0 }],
          }
        : decodeState(args.cursor, args.pageId, args.depth);
    const walked = await walk(ctx, state, args.limit);
    const base = walked.baseUrl ?? root.base;
    const spaceKey = root.spaceKey;
    return {
      pageId: args.pageId,
      rootType: root.kind,
      spaceKey,
      items: walked.items.map(({ webui, ...child }) => ({
        ...child,
        webUrl: webUrlOf(child, webui, base, spaceKey),
      })),
      nextCursor: state.stack.length === 0 ? null : encodeState(state),
    };
  },
});

/**
 * The page, or else the folder, `id` names. A page id goes through the page read alone; only an id that is no page
 * costs a folder read too, and if that is not found either (or the connection may not read folders) the answer
 * is the page's NOT_FOUND.
 */
async function resolveRoot(
  ctx: ToolContext,
  id: string,
): Promise<{ kind: Kind; spaceKey: string | null; base: string | undefined }> {
  const o = { signal: ctx.signal };
  try {
    const page = await ctx.client.getPage(id, { status: ['current', 'archived', 'draft'] }, o);
    return {
      kind: 'page',
      spaceKey: spaceKeyFromWebui(page._links.webui) ?? null,
      base: page.webUrl === undefined ? undefined : siteBase(page.webUrl),
    };
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    try {
      const folder = await ctx.client.getFolder(id, o);
      return { kind: 'folder', spaceKey: folder.spaceKey ?? null, base: undefined };
    } catch (folderError) {
      if (folderError instanceof NotFoundError || folderError instanceof ScopeMissingError) throw error;
      throw folderError;
    }
  }
}

interface Child {
  id: string;
  type: string;
  title: string;
  status: string;
  childPosition: number | null;
  webui: string | undefined;
}

type Item = Omit<z.input<typeof item>, 'webUrl'> & { webui: string | undefined };

function webUrlOf(
  child: { id: string; type: string },
  webui: string | undefined,
  base: string | undefined,
  spaceKey: string | null,
): string | null {
  if (base === undefined) return null;
  if (child.type === 'folder') {
    if (webui !== undefined && webui.startsWith('/')) return `${base}${webui}`;
    return spaceKey === null ? null : `${base}/spaces/${encodeURIComponent(spaceKey)}/folder/${child.id}`;
  }
  return spaceKey === null ? null : `${base}/spaces/${encodeURIComponent(spaceKey)}/pages/${child.id}`;
}

/** One batch of a frame's current stream: v2 child pages of a page, else the v1 listing of that type. */
async function readBatch(ctx: ToolContext, top: Frame): Promise<PageOf<Child>> {
  const o = { signal: ctx.signal };
  const p = { limit: BATCH, ...(top.c === null ? {} : { cursor: top.c }) };
  if (top.s === 1 && top.k === 'page') {
    const batch = await ctx.client.listChildPages(top.p, p, o);
    return {
      ...batch,
      items: batch.items.map((c) => ({
        id: c.id,
        type: c.type,
        title: c.title,
        status: c.status,
        childPosition: c.childPosition ?? null,
        webui: undefined,
      })),
    };
  }
  const batch = await ctx.client.listTreeChildren(
    { id: top.p, type: top.k },
    top.s === 0 ? 'folder' : 'page',
    p,
    o,
  );
  return { ...batch, items: batch.items.map((c) => ({ ...c, childPosition: null })) };
}

/**
 * Depth-first from the top of the stack, until `limit` items, the request budget or the end; the stack is left
 * where the next call resumes. Cost: one Confluence request per batch read (a parent's folders, then its pages; a
 * resumed batch is read again), at most REQUEST_BUDGET per call.
 */
async function walk(
  ctx: ToolContext,
  state: WalkState,
  limit: number,
): Promise<{ items: Item[]; baseUrl: string | undefined }> {
  const items: Item[] = [];
  const batches = new Map<Frame, PageOf<Child>>();
  let requests = 0;
  let baseUrl: string | undefined;
  while (items.length < limit) {
    const top = state.stack.at(-1);
    if (top === undefined) break;
    let batch = batches.get(top);
    if (batch === undefined) {
      if (requests >= REQUEST_BUDGET) break;
      requests++;
      batch = await readBatch(ctx, top);
      baseUrl ??= batch.baseUrl;
      batches.set(top, batch);
    }
    const child = batch.items[top.i];
    if (child === undefined) {
      batches.delete(top);
      if (!nextBatch(top, batch)) state.stack.pop();
      continue;
    }
    top.i++;
    items.push({
      id: child.id,
      title: child.title,
      type: child.type,
      status: child.status,
      parentId: top.p,
      depth: top.d,
      childPosition: child.childPosition,
      webui: child.webui,
    });
    if (top.d < state.depth && (child.type === 'page' || child.type === 'folder'))
      state.stack.push({ p: child.id, k: child.type, d: top.d + 1, s: 0, c: null, i: 0 });
  }
  // A frame whose pages are read to their end with nothing after them is done: drop it, so the last call of a
  // listing says so with a null cursor instead of one more empty call. One whose folders are read moves on to
  // its pages (whether there are any takes a request).
  for (let top = state.stack.at(-1); top !== undefined; top = state.stack.at(-1)) {
    const batch = batches.get(top);
    if (batch === undefined || top.i < batch.items.length) break;
    batches.delete(top);
    if (nextBatch(top, batch)) break;
    state.stack.pop();
  }
  return { items, baseUrl };
}

/** Moves a frame whose batch is read to its next batch or stream; false when the frame has nothing more. */
function nextBatch(top: Frame, batch: PageOf<Child>): boolean {
  if (batch.nextCursor !== null) Object.assign(top, { c: batch.nextCursor, i: 0 });
  else if (top.s === 0) Object.assign(top, { s: 1, c: null, i: 0 });
  else return false;
  return true;
}

/** `https://x.atlassian.net/wiki/spaces/…` → `https://x.atlassian.net/wiki`. */
function siteBase(webUrl: string): string | undefined {
  const at = webUrl.indexOf('/spaces/');
  return at === -1 ? undefined : webUrl.slice(0, at);
}
