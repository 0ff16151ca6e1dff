import type { z } from 'zod';
import { UpstreamError } from '../errors.js';
import { encodeComponent, HttpEngine, type HttpRequest, type HttpResult } from './http.js';
import {
  type FooterComment,
  type Page,
  type PageOf,
  type PageSummary,
  type SearchResult,
  type Space,
  toFooterComment,
  toPage,
  toPageSummary,
  toSearchResult,
  toSpace,
} from './models.js';
import { nextCursorOf } from './pagination.js';
import type {
  CallOptions,
  ConfluenceClientOptions,
  CreateFooterCommentInput,
  CreatePageInput,
  GetPageParams,
  GetSpaceParams,
  ListCommentsParams,
  ListSpacePagesParams,
  ListSpacesParams,
  SearchParams,
  UpdatePageInput,
} from './params.js';
import { abortableSleep, resolveRetry } from './retry.js';
import {
  footerCommentListSchema,
  footerCommentSchema,
  labelListSchema,
  pageListSchema,
  searchResponseSchema,
  singlePageSchema,
  spaceListSchema,
  spaceSchema,
} from './schemas.js';
import { defaultTransport } from './transport.js';

export const SCOPE = {
  readSpace: 'read:space:confluence',
  readPage: 'read:page:confluence',
  writePage: 'write:page:confluence',
  readComment: 'read:comment:confluence',
  writeComment: 'write:comment:confluence',
  search: 'search:confluence',
  writeLabel: 'write:label:confluence',
} as const;

const V2 = '/wiki/api/v2';
const MAX_CACHED_SPACE_KEYS = 1000;
const seg = (value: string): string => encodeComponent(value, 'an id or key in the path');
export const PAGE_HINT = 'Find page ids with search_confluence_pages or get_confluence_space_pages.';
export const SPACE_HINT = 'Find space ids with get_confluence_spaces (the id is numeric, not the space key).';
export const COMMENT_HINT = 'Check the comment id: list the comments of its page first.';

export class ConfluenceClient {
  readonly cloudId: string;
  private readonly http: HttpEngine;
  /** Last `_links.base` seen, for single-object responses that lack one. */
  private siteBase: string | undefined;
  /** Space key → id. Keys name a space for its lifetime, and tools are mostly given keys: one lookup each. */
  private readonly spaceIds = new Map<string, string>();

  constructor(opts: ConfluenceClientOptions) {
    if (opts.cloudId.trim() === '') throw new TypeError('ConfluenceClient: cloudId is required');
    this.cloudId = opts.cloudId;
    this.siteBase = opts.siteUrl === undefined ? undefined : `${opts.siteUrl.replace(/\/+$/, '')}/wiki`;
    const apiBaseUrl = (opts.apiBaseUrl ?? 'https://api.atlassian.com').replace(/\/+$/, '');
    this.http = new HttpEngine({
      baseUrl: `${apiBaseUrl}/ex/confluence/${seg(opts.cloudId)}`,
      getAccessToken: opts.getAccessToken,
      refreshAccessToken: opts.refreshAccessToken,
      tokenMayBeStale: opts.tokenMayBeStale,
      transport: opts.transport ?? defaultTransport(),
      timeoutMs: opts.timeoutMs ?? 30_000,
      retry: resolveRetry(opts.retry),
      sleep: opts.sleep ?? abortableSleep,
      userAgent: opts.userAgent ?? '@hub/confluence',
      onRateLimit: opts.onRateLimit,
    });
  }

  async listSpaces(p: ListSpacesParams = {}, o: CallOptions = {}): Promise<PageOf<Space>> {
    const { descriptionFormat, ...rest } = p;
    const res = await this.send(o, {
      method: 'GET',
      path: `${V2}/spaces`,
      query: { ...rest, 'description-format': descriptionFormat },
      context: { subject: 'The space list', scope: SCOPE.readSpace },
    });
    return this.list(res, spaceListSchema, toSpace);
  }

  async getSpace(id: string, p: GetSpaceParams = {}, o: CallOptions = {}): Promise<Space> {
    const res = await this.send(o, {
      method: 'GET',
      path: `${V2}/spaces/${seg(id)}`,
      query: { 'description-format': p.descriptionFormat },
      context: { subject: `Space ${id}`, notFoundHint: SPACE_HINT, scope: SCOPE.readSpace },
    });
    return toSpace(this.parse(res, spaceSchema), this.siteBase);
  }

  /** The id of the space with this key (v2 endpoints take ids), or undefined when it is not visible. */
  async spaceIdForKey(key: string, o: CallOptions = {}): Promise<string | undefined> {
    const known = this.spaceIds.get(key);
    if (known !== undefined) return known;
    const id = (await this.listSpaces({ keys: [key], limit: 1 }, o)).items[0]?.id;
    if (id !== undefined) {
      if (this.spaceIds.size >= MAX_CACHED_SPACE_KEYS) this.spaceIds.clear();
      this.spaceIds.set(key, id);
    }
    return id;
  }

  async listSpacePages(
    spaceId: string,
    p: ListSpacePagesParams = {},
    o: CallOptions = {},
  ): Promise<PageOf<PageSummary>> {
    const { bodyFormat, ...rest } = p;
    const res = await this.send(o, {
      method: 'GET',
      path: `${V2}/spaces/${seg(spaceId)}/pages`,
      query: { ...rest, 'body-format': bodyFormat },
      context: { subject: `Space ${spaceId}`, notFoundHint: SPACE_HINT, scope: SCOPE.readPage },
    });
    return this.list(res, pageListSchema, toPageSummary);
  }

  async getPage(id: string, p: GetPageParams = {}, o: CallOptions = {}): Promise<Page> {
    const res = await this.send(o, {
      method: 'GET',
      path: `${V2}/pages/${seg(id)}`,
      query: {
        'body-format': p.bodyFormat,
        'include-labels': p.includeLabels === true ? true : undefined,
        version: p.version,
        status: p.status,
      },
      context: { subject: `Page ${id}`, notFoundHint: PAGE_HINT, scope: SCOPE.readPage },
    });
    const raw = this.parse(res, singlePageSchema);
    const page = toPage(raw, this.siteBase);
    // include-labels holds at most 50 ("meta.hasMore"): the whole list comes from the labels endpoint then.
    if (p.includeLabels === true && raw.labels?.meta?.hasMore === true) {
      page.labels = await this.allPageLabels(id, o);
    }
    return page;
  }

  /** Every label of a page, through `GET /pages/{id}/labels` page by page (250 at a time). */
  async allPageLabels(id: string, o: CallOptions = {}): Promise<string[]> {
    const names: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await this.send(o, {
        method: 'GET',
        path: `${V2}/pages/${seg(id)}/labels`,
        query: { limit: 250, cursor },
        context: { subject: `Page ${id}`, notFoundHint: PAGE_HINT, scope: SCOPE.readPage },
      });
      const batch = this.list(res, labelListSchema, (raw) => raw.name);
      names.push(...batch.items);
      cursor = batch.nextCursor ?? undefined;
    } while (cursor !== undefined);
    return names;
  }

  async createPage(input: CreatePageInput, o: CallOptions = {}): Promise<Page> {
    const { rootLevel, parentId, ...fields } = input;
    const where =
      parentId === undefined ? `Space ${input.spaceId}` : `Space ${input.spaceId} or parent page ${parentId}`;
    const res = await this.send(o, {
      method: 'POST',
      path: `${V2}/pages`,
      query: { 'root-level': rootLevel === true ? true : undefined },
      body: { ...fields, status: input.status ?? 'current', ...(parentId === undefined ? {} : { parentId }) },
      context: { subject: where, notFoundHint: SPACE_HINT, scope: SCOPE.writePage },
    });
    return toPage(this.parse(res, singlePageSchema), this.siteBase);
  }

  /** Sends exactly `version.number` (the caller computes current + 1). */
  async updatePage(id: string, input: UpdatePageInput, o: CallOptions = {}): Promise<Page> {
    const res = await this.send(o, {
      method: 'PUT',
      path: `${V2}/pages/${seg(id)}`,
      body: {
        id,
        status: input.status ?? 'current',
        title: input.title,
        body: input.body,
        version: input.version,
      },
      context: {
        subject: `Page ${id}`,
        notFoundHint: PAGE_HINT,
        scope: SCOPE.writePage,
        sentVersion: input.version.number,
      },
    });
    return toPage(this.parse(res, singlePageSchema), this.siteBase);
  }

  async listFooterComments(
    pageId: string,
    p: ListCommentsParams = {},
    o: CallOptions = {},
  ): Promise<PageOf<FooterComment>> {
    return this.listComments(`${V2}/pages/${seg(pageId)}/footer-comments`, `Page ${pageId}`, PAGE_HINT, p, o);
  }

  async listCommentReplies(
    commentId: string,
    p: ListCommentsParams = {},
    o: CallOptions = {},
  ): Promise<PageOf<FooterComment>> {
    return this.listComments(
      `${V2}/footer-comments/${seg(commentId)}/children`,
      `Comment ${commentId}`,
      COMMENT_HINT,
      p,
      o,
    );
  }

  async getFooterComment(id: string, o: CallOptions = {}): Promise<FooterComment> {
    const res = await this.send(o, {
      method: 'GET',
      path: `${V2}/footer-comments/${seg(id)}`,
      context: { subject: `Comment ${id}`, notFoundHint: COMMENT_HINT, scope: SCOPE.readComment },
    });
    return toFooterComment(this.parse(res, footerCommentSchema), this.siteBase);
  }

  /** A reply sends only `parentCommentId` (Confluence rejects or misplaces replies that also carry `pageId`). */
  async createFooterComment(input: CreateFooterCommentInput, o: CallOptions = {}): Promise<FooterComment> {
    const isReply = 'parentCommentId' in input;
    const res = await this.send(o, {
      method: 'POST',
      path: `${V2}/footer-comments`,
      body: isReply
        ? { parentCommentId: input.parentCommentId, body: input.body }
        : { pageId: input.pageId, body: input.body },
      context: isReply
        ? {
            subject: `Comment ${input.parentCommentId}`,
            notFoundHint: COMMENT_HINT,
            scope: SCOPE.writeComment,
          }
        : { subject: `Page ${input.pageId}`, notFoundHint: PAGE_HINT, scope: SCOPE.writeComment },
    });
    return toFooterComment(this.parse(res, footerCommentSchema), this.siteBase);
  }

  /**
   * Adds labels to a page (v1 `POST /content/{id}/label`; v2 has no label writes), keeping the ones it has.
   * Answers the page's labels as Confluence lists them after the change.
   */
  async addLabels(pageId: string, names: readonly string[], o: CallOptions = {}): Promise<string[]> {
    const res = await this.send(o, {
      method: 'POST',
      path: `/wiki/rest/api/content/${seg(pageId)}/label`,
      body: names.map((name) => ({ prefix: 'global', name })),
      context: { subject: `Page ${pageId}`, notFoundHint: PAGE_HINT, scope: SCOPE.writeLabel },
    });
    return this.parse(res, labelListSchema).results.map((l) => l.name);
  }

  /** Removes a label from a page (v1 `DELETE /content/{id}/label?name=`, which takes any label name). */
  async removeLabel(pageId: string, name: string, o: CallOptions = {}): Promise<void> {
    await this.send(o, {
      method: 'DELETE',
      path: `/wiki/rest/api/content/${seg(pageId)}/label`,
      query: { name },
      context: { subject: `Page ${pageId}`, notFoundHint: PAGE_HINT, scope: SCOPE.writeLabel },
    });
  }

  /** CQL search (v1). Always expands `content.space` and `content.version`, plus any `expand` given. */
  async search(p: SearchParams, o: CallOptions = {}): Promise<PageOf<SearchResult> & { totalSize?: number }> {
    const expand = [...new Set(['content.space', 'content.version', ...(p.expand ?? [])])];
    const res = await this.send(o, {
      method: 'GET',
      path: '/wiki/rest/api/search',
      // `_links.next` carries `next=true` beside the cursor; send both, as following the link would.
      query: { ...p, expand, next: p.cursor === undefined ? undefined : true },
      context: { subject: 'The search', scope: SCOPE.search, isSearch: true },
    });
    const raw = this.parse(res, searchResponseSchema);
    const base = this.rememberBase(raw._links?.base);
    const page: PageOf<SearchResult> & { totalSize?: number } = {
      items: raw.results.map((r) => toSearchResult(r, base)),
      nextCursor: nextCursorOf(raw._links?.next, res.headers.get('link')),
      baseUrl: base,
    };
    if (typeof raw.totalSize === 'number') page.totalSize = raw.totalSize;
    return page;
  }

  private async listComments(
    path: string,
    subject: string,
    notFoundHint: string,
    p: ListCommentsParams,
    o: CallOptions,
  ): Promise<PageOf<FooterComment>> {
    const { bodyFormat, ...rest } = p;
    const res = await this.send(o, {
      method: 'GET',
      path,
      query: { ...rest, 'body-format': bodyFormat },
      context: { subject, notFoundHint, scope: SCOPE.readComment },
    });
    return this.list(res, footerCommentListSchema, toFooterComment);
  }

  private send(o: CallOptions, req: Omit<HttpRequest, 'signal'>): Promise<HttpResult> {
    return this.http.send({ ...req, signal: o.signal });
  }

  private list<R, T>(
    res: HttpResult,
    schema: z.ZodType<{ results: R[]; _links?: { next?: string | null; base?: string | null } | null }>,
    map: (raw: R, base: string | undefined) => T,
  ): PageOf<T> {
    const raw = this.parse(res, schema);
    const base = this.rememberBase(raw._links?.base);
    return {
      items: raw.results.map((r) => map(r, base)),
      nextCursor: nextCursorOf(raw._links?.next, res.headers.get('link')),
      baseUrl: base,
    };
  }

  private rememberBase(base: string | null | undefined): string | undefined {
    if (typeof base === 'string' && base !== '') this.siteBase = base;
    return this.siteBase;
  }

  /** zod at the trust boundary: a body that lacks what we use is an upstream fault, reported without its data. */
  private parse<S extends z.ZodType>(res: HttpResult, schema: S): z.output<S> {
    const result = schema.safeParse(res.json);
    if (result.success) return result.data;
    const issues = result.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    throw new UpstreamError(
      `Confluence answered ${res.method} ${res.path} with a body this client does not understand (${issues}).`,
      { status: res.status, details: { method: res.method, path: res.path } },
    );
  }
}
