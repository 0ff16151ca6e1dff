import type { SearchDoc } from '../cql/evaluate.js';
import { compileQuery } from '../cql/evaluate.js';
import { CqlSyntaxError } from '../cql/lexer.js';
import { parseCql } from '../cql/parser.js';
import { words } from '../storage/text.js';
import type { Reply } from '../http/reply.js';
import { fail, json } from '../http/reply.js';
import { bodyText, bodyWords } from './body.js';
import { v1Error } from './errors.js';
import type { ExcerptMode } from './excerpt.js';
import { EXCERPT_MODES, excerpt, highlight } from './excerpt.js';
import { currentVersion } from './model.js';
import type { Searchable } from './search-result.js';
import { searchResult } from './search-result.js';
import type { SiteCtx, SiteHandler } from './site-ctx.js';
import type { SiteStore } from './store.js';

const MAX_LIMIT = 250;

function badSearch(message: string, valid = false): never {
  return fail(
    v1Error(400, message, [{ message: { key: message, args: [], translation: message } }], {
      authorized: true,
      valid,
    }),
  );
}

/** Pages and their comments, skipping drafts and trash, and archived spaces unless asked for. */
function searchables(site: SiteStore, includeArchived: boolean): { item: Searchable; doc: SearchDoc }[] {
  const out: { item: Searchable; doc: SearchDoc }[] = [];
  const pageDocs = new Map<string, SearchDoc>();
  for (const page of site.pages.values()) {
    const space = site.spaceOf(page);
    if (page.status !== 'current' || (space.status === 'archived' && !includeArchived)) continue;
    const version = currentVersion(page);
    const doc: SearchDoc = {
      type: 'page',
      id: page.id,
      spaceKey: space.key,
      title: version.title,
      titleWords: words(version.title),
      bodyWords: bodyWords(version.body),
      labels: page.labels.map((l) => l.name),
      ancestorIds: site.ancestors(page).map((a) => a.id),
      parentId: page.parentId,
      creatorId: page.authorId,
      created: page.createdAt,
      lastModified: version.createdAt,
    };
    pageDocs.set(page.id, doc);
    out.push({ item: { kind: 'page', page }, doc });
  }
  for (const comment of site.comments.values()) {
    const page = site.pages.get(comment.pageId);
    const pageDoc = pageDocs.get(comment.pageId);
    if (page === undefined || pageDoc === undefined) continue;
    const version = currentVersion(comment);
    out.push({
      item: { kind: 'comment', comment, page },
      doc: {
        ...pageDoc,
        type: 'comment',
        id: comment.id,
        title: version.title,
        titleWords: words(version.title),
        bodyWords: bodyWords(version.body),
        labels: [],
        // CQL's ancestor matches pages only ("all pages that are descendants"); parent matches a comment's page.
        ancestorIds: [],
        parentId: page.id,
        creatorId: comment.authorId,
        created: comment.createdAt,
        lastModified: version.createdAt,
      },
    });
  }
  return out;
}

function readOffset(ctx: SiteCtx): number {
  const cursor = ctx.query.get('cursor');
  if (cursor === null) {
    const start = Number(ctx.query.get('start') ?? '0');
    return Number.isSafeInteger(start) && start >= 0
      ? start
      : badSearch(`Invalid start: ${ctx.query.get('start') ?? ''}`);
  }
  const offset = Number(
    Buffer.from(cursor, 'base64url')
      .toString('utf8')
      .replace(/^offset:/, ''),
  );
  return Number.isSafeInteger(offset) && offset >= 0 ? offset : badSearch(`Invalid cursor: ${cursor}`);
}

function cursorLink(ctx: SiteCtx, offset: number, direction: 'next' | 'prev'): string {
  const params = new URLSearchParams(ctx.query);
  params.delete('start');
  params.delete(direction === 'next' ? 'prev' : 'next');
  params.set(direction, 'true');
  params.set('cursor', Buffer.from(`offset:${offset}`).toString('base64url'));
  return `/rest/api/search?${params.toString()}`;
}

/** `GET /wiki/rest/api/search` (v1, CQL). */
export const search: SiteHandler = (ctx) => {
  const started = performance.now();
  const q = ctx.query;
  const cql = q.get('cql') ?? '';
  if (cql.trim() === '') badSearch('The cql parameter is required', true);
  const limitRaw = q.get('limit') ?? '25';
  const limit = Math.min(Number(limitRaw), MAX_LIMIT);
  if (!/^\d+$/.test(limitRaw)) badSearch(`Invalid limit: ${limitRaw}`, true);
  const mode = (q.get('excerpt') ?? 'highlight') as ExcerptMode;
  if (!EXCERPT_MODES.includes(mode)) badSearch(`Invalid excerpt strategy: ${mode}`, true);
  const expand = new Set((q.get('expand') ?? '').split(',').map((e) => e.trim()));
  const offset = readOffset(ctx);
  const now = ctx.state.clock.now();
  let compiled;
  try {
    compiled = compileQuery(parseCql(cql), { now, currentUser: ctx.token.accountId });
  } catch (error) {
    if (!(error instanceof CqlSyntaxError)) throw error;
    return invalidCql(cql, error);
  }
  const hits = searchables(ctx.site, q.get('includeArchivedSpaces') === 'true')
    .filter((e) => compiled.matches(e.doc))
    .map((e) => ({ ...e, score: compiled.score(e.doc) }));
  const { compare } = compiled;
  hits.sort(
    compare === null
      ? (a, b) => b.score - a.score || b.doc.lastModified - a.doc.lastModified
      : (a, b) => compare(a.doc, b.doc),
  );
  const slice = hits.slice(offset, offset + limit);
  const terms = compiled.highlightTerms;
  const results = slice.map(({ item, doc, score }) => {
    const content = item.kind === 'page' ? item.page : item.comment;
    return searchResult(ctx.site, item, {
      expand,
      doc,
      score,
      now,
      title: mode === 'none' ? doc.title : highlight(doc.title, terms, mode),
      excerpt: excerpt(bodyText(currentVersion(content).body), terms, mode),
    });
  });
  const links: Record<string, string> = {
    base: ctx.site.wikiBase,
    context: '/wiki',
    self: `${ctx.site.wikiBase}/rest/api/search?${q.toString()}`,
  };
  if (limit > 0 && offset + limit < hits.length) links.next = cursorLink(ctx, offset + limit, 'next');
  if (offset > 0) links.prev = cursorLink(ctx, Math.max(0, offset - limit), 'prev');
  return json(200, {
    results,
    start: offset,
    limit,
    size: results.length,
    totalSize: hits.length,
    cqlQuery: cql,
    searchDuration: Math.round(performance.now() - started),
    _links: links,
  });
};

/**
 * A CQL 400 in the v1 shape. Confluence answers several texts (a parse error, an unknown field, a value a field
 * does not take); these are the emulator's wording of each, not Atlassian's exact strings, so that a client has to
 * recognise a CQL error by where and how it is answered, not by one phrase.
 */
function invalidCql(cql: string, error: CqlSyntaxError): Reply {
  const message =
    error.category === 'field'
      ? `${error.message}. The field is not supported in CQL.`
      : error.category === 'value'
        ? `Invalid CQL value: ${error.message}`
        : `Could not parse cql : ${cql}`;
  return v1Error(
    400,
    message,
    [{ message: { key: `cql.${error.category}.error`, args: [], translation: error.message } }],
    { authorized: true, valid: false },
  );
}
