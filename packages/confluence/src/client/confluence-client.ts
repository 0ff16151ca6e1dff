import { randomUUID } from 'node:crypto';

import type { z } from 'zod';
import { BadRequestError, isConfluenceErrorKind, PayloadTooLargeError, UpstreamError } from '../errors.js';
import {
  encodeComponent,
  HttpEngine,
  type HttpEngineOptions,
  type HttpRequest,
  type HttpResult,
} from './http.js';
import { AttachmentDownloader } from './attachment-download.js';
import type { RequestContext } from './error-mapping.js';
import {
  type Attachment,
  attachmentListSchema,
  attachmentSchema,
  type DownloadAttachmentParams,
  type DownloadedFile,
  type ListAttachmentsParams,
  formatBytes,
  toAttachment,
  toUploadedAttachment,
  type UploadAttachmentInput,
  type UploadedAttachment,
  uploadedAttachmentsSchema,
} from './attachment-models.js';
import { encodeMultipart, type FormField } from './multipart.js';
import {
  type ListPageVersionsParams,
  type PageVersion,
  pageVersionListSchema,
  toPageVersion,
} from './version-models.js';
import {
  type Ancestor,
  type ChildPage,
  type Folder,
  type TreeChild,
  type TreeParent,
  type LongTaskStatus,
  type MovePosition,
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
  CopyPageHierarchyInput,
  CopyPageInput,
  ListChildPagesParams,
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
  ancestorListSchema,
  childPageListSchema,
  contentTreeListSchema,
  folderSchema,
  longTaskSchema,
  longTaskStatusSchema,
  moveResultSchema,
  v1ContentSchema,
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
import {
  type CreateInlineCommentInput,
  type InlineComment,
  inlineCommentListSchema,
  inlineCommentSchema,
  type ListInlineCommentsParams,
  toInlineComment,
  type UpdateInlineCommentInput,
} from './inline-comment-models.js';
import {
  type SearchUsersParams,
  toUser,
  type User,
  userListSchema,
  type UserSearchPage,
  userSearchSchema,
} from './user-models.js';
import { userNames } from './user-names.js';

export const SCOPE = {
  readSpace: 'read:space:confluence',
  readPage: 'read:page:confluence',
  writePage: 'write:page:confluence',
  readComment: 'read:comment:confluence',
  writeComment: 'write:comment:confluence',
  search: 'search:confluence',
  writeLabel: 'write:label:confluence',
  readAttachment: 'read:attachment:confluence',
  writeAttachment: 'write:attachment:confluence',
  readUser: 'read:user:confluence',
  searchUser: 'read:content-details:confluence',
  readContentMetadata: 'read:content.metadata:confluence',
  deletePage: 'delete:page:confluence',
  readFolder: 'read:folder:confluence',
  /** v1 content listings: the granular scope the spec lists (beta) beside the classic one. */
  readContentSummary: 'read:content-details:confluence',
} as const;

const V2 = '/wiki/api/v2';
const MAX_CACHED_SPACE_KEYS = 1000;
const seg = (value: string): string => encodeComponent(value, 'an id or key in the path');
export const FOLDER_HINT = "List a page's children with get_confluence_page_children to find folder ids.";
export const PAGE_HINT = 'Find page ids with search_confluence_pages or get_confluence_space_pages.';
export const SPACE_HINT = 'Find space ids with get_confluence_spaces (the id is numeric, not the space key).';
export const ATTACHMENT_HINT = "List a page's attachments with get_confluence_attachments to find their ids.";
/** 4 MiB: base64 of it (5.6 MB) still fits a 6 MB request or answer. */
export const DEFAULT_ATTACHMENT_MAX_BYTES = 4 * 1024 * 1024;
/** `4.9 KB (5000 bytes)`: readable, and exact where a limit is crossed by a few bytes. */
const sizeText = (bytes: number): string =>
  bytes < 1024 ? formatBytes(bytes) : `${formatBytes(bytes)} (${bytes} bytes)`;
export const COMMENT_HINT = 'Check the comment id: list the comments of its page first.';

export class ConfluenceClient {
  readonly cloudId: string;
  private readonly http: HttpEngine;
  /** Last `_links.base` seen, for single-object responses that lack one. */
  private siteBase: string | undefined;
  /** Space key → id. Keys name a space for its lifetime, and tools are mostly given keys: one lookup each. */
  private readonly spaceIds = new Map<string, string>();
  /** Names the site in the process-wide display-name cache. */
  /**
   * This client's key in the process's display-name cache: its site and a random part, so names resolved with one
   * connection's token are never shown through another's (another workspace's, say).
   */
  private readonly namesKey: string;
  /** Until when display names are not asked for: the connection lacks the scope (read:user:confluence). */
  private namesUnavailableUntil = 0;
  /** Attachment bytes: streamed with a cap, through the media store's redirect (attachment-download.ts). */
  private readonly downloads: AttachmentDownloader;
  /** The largest attachment this client downloads or uploads (ConfluenceClientOptions.attachmentMaxBytes). */
  readonly attachmentMaxBytes: number;

  constructor(opts: ConfluenceClientOptions) {
    if (opts.cloudId.trim() === '') throw new TypeError('ConfluenceClient: cloudId is required');
    this.cloudId = opts.cloudId;
    this.siteBase = opts.siteUrl === undefined ? undefined : `${opts.siteUrl.replace(/\/+$/, '')}/wiki`;
    const apiBaseUrl = (opts.apiBaseUrl ?? 'https://api.atlassian.com').replace(/\/+$/, '');
    this.namesKey = `${apiBaseUrl}/ex/confluence/${opts.cloudId}#${randomUUID()}`;
    const engine: HttpEngineOptions = {
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
    };
    this.http = new HttpEngine(engine);
    this.downloads = new AttachmentDownloader(engine);
    this.attachmentMaxBytes = opts.attachmentMaxBytes ?? DEFAULT_ATTACHMENT_MAX_BYTES;
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
      context: commentWriteContext(input),
    });
    return toFooterComment(this.parse(res, footerCommentSchema), this.siteBase);
  }

  /** A page's top-level inline comments (replies via listInlineCommentReplies). */
  async listInlineComments(
    pageId: string,
    p: ListInlineCommentsParams = {},
    o: CallOptions = {},
  ): Promise<PageOf<InlineComment>> {
    const { bodyFormat, resolutionStatus, ...rest } = p;
    const res = await this.send(o, {
      method: 'GET',
      path: `${V2}/pages/${seg(pageId)}/inline-comments`,
      query: { ...rest, 'body-format': bodyFormat, 'resolution-status': resolutionStatus },
      context: { subject: `Page ${pageId}`, notFoundHint: PAGE_HINT, scope: SCOPE.readComment },
    });
    return this.list(res, inlineCommentListSchema, toInlineComment);
  }

  async listInlineCommentReplies(
    commentId: string,
    p: ListCommentsParams = {},
    o: CallOptions = {},
  ): Promise<PageOf<InlineComment>> {
    const { bodyFormat, ...rest } = p;
    const res = await this.send(o, {
      method: 'GET',
      path: `${V2}/inline-comments/${seg(commentId)}/children`,
      query: { ...rest, 'body-format': bodyFormat },
      context: { subject: `Comment ${commentId}`, notFoundHint: COMMENT_HINT, scope: SCOPE.readComment },
    });
    return this.list(res, inlineCommentListSchema, toInlineComment);
  }

  async getInlineComment(
    id: string,
    p: { bodyFormat?: 'storage' | 'atlas_doc_format' } = {},
    o: CallOptions = {},
  ): Promise<InlineComment> {
    const res = await this.send(o, {
      method: 'GET',
      path: `${V2}/inline-comments/${seg(id)}`,
      query: { 'body-format': p.bodyFormat },
      context: { subject: `Inline comment ${id}`, notFoundHint: COMMENT_HINT, scope: SCOPE.readComment },
    });
    return toInlineComment(this.parse(res, inlineCommentSchema), this.siteBase);
  }

  /** v2 `POST /inline-comments`: the selection goes as `inlineCommentProperties`; a reply sends only its parent. */
  async createInlineComment(input: CreateInlineCommentInput, o: CallOptions = {}): Promise<InlineComment> {
    const isReply = 'parentCommentId' in input;
    const res = await this.send(o, {
      method: 'POST',
      path: `${V2}/inline-comments`,
      body: isReply
        ? { parentCommentId: input.parentCommentId, body: input.body }
        : {
            pageId: input.pageId,
            body: input.body,
            inlineCommentProperties: {
              textSelection: input.selection.text,
              textSelectionMatchCount: input.selection.matchCount,
              textSelectionMatchIndex: input.selection.matchIndex,
            },
          },
      context: commentWriteContext(input),
    });
    return toInlineComment(this.parse(res, inlineCommentSchema), this.siteBase);
  }

  /** v2 `PUT /inline-comments/{id}`: a new version of the comment, resolving or reopening it when `resolved` is set. */
  async updateInlineComment(
    id: string,
    input: UpdateInlineCommentInput,
    o: CallOptions = {},
  ): Promise<InlineComment> {
    const res = await this.send(o, {
      method: 'PUT',
      path: `${V2}/inline-comments/${seg(id)}`,
      body: {
        version: input.version,
        body: input.body,
        ...(input.resolved === undefined ? {} : { resolved: input.resolved }),
      },
      context: {
        subject: `Inline comment ${id}`,
        notFoundHint: COMMENT_HINT,
        scope: SCOPE.writeComment,
        sentVersion: input.version.number,
      },
    });
    return toInlineComment(this.parse(res, inlineCommentSchema), this.siteBase);
  }

  /** Users by account id (v2 `POST /users-bulk`, 250 ids a call); ids Confluence does not know are left out. */
  async getUsers(accountIds: readonly string[], o: CallOptions = {}): Promise<User[]> {
    const unique = [...new Set(accountIds)];
    const users: User[] = [];
    for (let i = 0; i < unique.length; i += 250) {
      const res = await this.send(o, {
        method: 'POST',
        path: `${V2}/users-bulk`,
        body: { accountIds: unique.slice(i, i + 250) },
        context: { subject: 'The users', scope: SCOPE.readUser },
      });
      users.push(...this.parse(res, userListSchema).results.map(toUser));
    }
    return users;
  }

  /**
   * Display names for account ids (mentions, comment authors): from this client's share of the process's cache, the rest in
   * bulk. Best effort: ids Confluence does not answer for are missing from the map. A connection without the
   * scope is not asked again for 10 minutes.
   */
  async userDisplayNames(accountIds: readonly string[], o: CallOptions = {}): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    const missing: string[] = [];
    for (const id of new Set(accountIds)) {
      const cached = userNames.get(this.namesKey, id);
      // '' remembers an id Confluence did not know (a removed account): not asked for again while fresh.
      if (cached === undefined) missing.push(id);
      else if (cached !== '') names.set(id, cached);
    }
    if (missing.length === 0 || Date.now() < this.namesUnavailableUntil) return names;
    try {
      for (const user of await this.getUsers(missing, o)) {
        userNames.set(this.namesKey, user.accountId, user.displayName);
        names.set(user.accountId, user.displayName);
      }
      for (const id of missing) if (!names.has(id)) userNames.set(this.namesKey, id, '');
    } catch (error) {
      if (isConfluenceErrorKind(error, 'SCOPE_MISSING') || isConfluenceErrorKind(error, 'FORBIDDEN')) {
        this.namesUnavailableUntil = Date.now() + 10 * 60_000;
        return names;
      }
      throw error;
    }
    return names;
  }

  /** People search (v1 `GET /rest/api/search/user`: CQL on user fields only, `start`/`limit` paging). */
  async searchUsers(p: SearchUsersParams, o: CallOptions = {}): Promise<UserSearchPage> {
    const start = p.start ?? 0;
    const res = await this.send(o, {
      method: 'GET',
      path: '/wiki/rest/api/search/user',
      query: { cql: p.cql, limit: p.limit, start: p.start },
      context: { subject: 'The people search', scope: SCOPE.searchUser },
    });
    const raw = this.parse(res, userSearchSchema);
    const items: User[] = [];
    for (const hit of raw.results) {
      const accountId = hit.user?.accountId;
      if (typeof accountId === 'string' && accountId !== '') items.push(toUser({ ...hit.user, accountId }));
    }
    const more = typeof raw._links?.next === 'string' && raw._links.next !== '';
    return { items, nextStart: more ? start + raw.results.length : null };
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

  /** Direct child pages of a page, by position (v2 `GET /pages/{id}/children`: pages only, not folders). */
  async listChildPages(
    pageId: string,
    p: ListChildPagesParams = {},
    o: CallOptions = {},
  ): Promise<PageOf<ChildPage>> {
    const res = await this.send(o, {
      method: 'GET',
      path: `${V2}/pages/${seg(pageId)}/children`,
      query: { cursor: p.cursor, limit: p.limit },
      context: { subject: `Page ${pageId}`, notFoundHint: PAGE_HINT, scope: SCOPE.readPage },
    });
    return this.list(res, childPageListSchema, (raw) => ({
      id: raw.id,
      type: 'page',
      title: raw.title,
      status: raw.status,
      spaceId: raw.spaceId ?? undefined,
      childPosition: raw.childPosition ?? undefined,
    }));
  }

  /** A folder of the page tree (v2 `GET /folders/{id}`); its space key comes from its web UI link. */
  async getFolder(folderId: string, o: CallOptions = {}): Promise<Folder> {
    const res = await this.send(o, {
      method: 'GET',
      path: `${V2}/folders/${seg(folderId)}`,
      context: { subject: `Folder ${folderId}`, notFoundHint: FOLDER_HINT, scope: SCOPE.readFolder },
    });
    const raw = this.parse(res, folderSchema);
    this.rememberBase(raw._links?.base);
    const webui = raw._links?.webui ?? undefined;
    const key = /^\/spaces\/([^/]+)\//.exec(webui ?? '')?.[1];
    return {
      id: raw.id,
      title: raw.title,
      status: raw.status,
      parentId: raw.parentId ?? undefined,
      parentType: raw.parentType ?? undefined,
      spaceKey: key === undefined ? undefined : decodeURIComponent(key),
      webui,
    };
  }

  /**
   * The pages or the folders directly under a page or folder, in page-tree order. v1
   * `GET /content/{id}/descendant/{type}?depth=root`: the reference v2 spec lists a page's child pages only, and
   * nothing under a folder. `cursor` is the listing's `start` offset (from its `_links.next`).
   */
  async listTreeChildren(
    parent: TreeParent,
    type: 'page' | 'folder',
    p: ListChildPagesParams = {},
    o: CallOptions = {},
  ): Promise<PageOf<TreeChild>> {
    const parentId = parent.id;
    if (p.cursor !== undefined && !/^\d{1,9}$/.test(p.cursor)) {
      throw new BadRequestError('Not a cursor of this listing.', {
        fieldErrors: { cursor: ['Not a start offset.'] },
      });
    }
    const res = await this.send(o, {
      method: 'GET',
      path: `/wiki/rest/api/content/${seg(parentId)}/descendant/${type}`,
      query: { depth: 'root', start: p.cursor, limit: p.limit },
      context: {
        subject: `${parent.type === 'folder' ? 'Folder' : 'Page'} ${parentId}`,
        notFoundHint: parent.type === 'folder' ? FOLDER_HINT : PAGE_HINT,
        scope: SCOPE.readContentSummary,
      },
    });
    const raw = this.parse(res, contentTreeListSchema);
    const base = this.rememberBase(raw._links?.base);
    const next = raw._links?.next;
    const at = next?.indexOf('?') ?? -1;
    const start =
      next === undefined || next === null || at === -1
        ? null
        : new URLSearchParams(next.slice(at + 1)).get('start');
    return {
      items: raw.results.map((r) => ({
        id: r.id,
        type: r.type,
        title: r.title,
        status: r.status,
        webui: r._links?.webui ?? undefined,
      })),
      nextCursor: start !== null && /^\d+$/.test(start) ? start : null,
      baseUrl: base,
    };
  }

  /**
   * A page's ancestors, highest first (v2 `GET /pages/{id}/ancestors`). One call holds the nearest 250; a deeper
   * tree is followed up from the highest one (a few rounds at most).
   */
  async getPageAncestors(pageId: string, o: CallOptions = {}): Promise<Ancestor[]> {
    const chain: Ancestor[] = [];
    let from = pageId;
    for (let round = 0; round < 4; round++) {
      const res = await this.send(o, {
        method: 'GET',
        path: `${V2}/pages/${seg(from)}/ancestors`,
        query: { limit: 250 },
        context: { subject: `Page ${pageId}`, notFoundHint: PAGE_HINT, scope: SCOPE.readContentMetadata },
      });
      const batch = this.parse(res, ancestorListSchema).results.map((r) => ({
        id: r.id,
        type: r.type ?? 'page',
      }));
      chain.unshift(...batch);
      const top = batch[0];
      if (batch.length < 250 || top?.type !== 'page') break;
      from = top.id;
    }
    return chain;
  }

  /** Pages by id (v2 `GET /pages?id=…`, 250 ids a request, side by side); ids not found are left out. */
  async listPagesByIds(ids: readonly string[], o: CallOptions = {}): Promise<PageSummary[]> {
    const chunks: string[][] = [];
    for (let i = 0; i < ids.length; i += 250) chunks.push(ids.slice(i, i + 250));
    const pages = await Promise.all(
      chunks.map(async (chunk) => {
        const res = await this.send(o, {
          method: 'GET',
          path: `${V2}/pages`,
          query: { id: chunk, limit: 250 },
          context: { subject: 'The pages', scope: SCOPE.readPage },
        });
        return this.list(res, pageListSchema, toPageSummary).items;
      }),
    );
    return pages.flat();
  }

  /**
   * Moves a page (v1 `PUT /content/{pageId}/move/{position}/{targetId}`; v2 cannot move across spaces): `before` /
   * `after` the target among its siblings, or `append` as the target's last child. Its subtree moves with it.
   */
  async movePage(
    pageId: string,
    position: MovePosition,
    targetId: string,
    o: CallOptions = {},
  ): Promise<void> {
    const res = await this.send(o, {
      method: 'PUT',
      path: `/wiki/rest/api/content/${seg(pageId)}/move/${position}/${seg(targetId)}`,
      context: {
        subject: `Page ${pageId} or target page ${targetId}`,
        notFoundHint: PAGE_HINT,
        scope: SCOPE.writePage,
      },
    });
    this.parse(res, moveResultSchema);
  }

  /** Copies one page (v1 `POST /content/{id}/copy`); answers the new page's id. */
  async copyPage(pageId: string, input: CopyPageInput, o: CallOptions = {}): Promise<string> {
    const res = await this.send(o, {
      method: 'POST',
      path: `/wiki/rest/api/content/${seg(pageId)}/copy`,
      body: input,
      context: {
        subject: `Page ${pageId} or its destination ${input.destination.value}`,
        notFoundHint: PAGE_HINT,
        scope: SCOPE.writePage,
      },
    });
    return this.parse(res, v1ContentSchema).id;
  }

  /** Starts copying a page and its descendants (v1 `POST /content/{id}/pagehierarchy/copy`); answers the long task id. */
  async copyPageHierarchy(
    pageId: string,
    input: CopyPageHierarchyInput,
    o: CallOptions = {},
  ): Promise<string> {
    const res = await this.send(o, {
      method: 'POST',
      path: `/wiki/rest/api/content/${seg(pageId)}/pagehierarchy/copy`,
      body: input,
      context: {
        subject: `Page ${pageId} or destination page ${input.destinationPageId}`,
        notFoundHint: PAGE_HINT,
        scope: SCOPE.writePage,
      },
    });
    return this.parse(res, longTaskSchema).id;
  }

  /** Archives pages (v1 `POST /content/archive`; v2 has no archive); answers the long task id. */
  async archivePages(pageIds: readonly string[], o: CallOptions = {}): Promise<string> {
    const res = await this.send(o, {
      method: 'POST',
      path: '/wiki/rest/api/content/archive',
      body: { pages: pageIds.map((id) => ({ id: Number(id) })) },
      context: { subject: `Page ${pageIds.join(', ')}`, notFoundHint: PAGE_HINT, scope: SCOPE.writePage },
    });
    return this.parse(res, longTaskSchema).id;
  }

  /** A v1 long task's status (`GET /longtask/{id}`). */
  async getLongTask(taskId: string, o: CallOptions = {}): Promise<LongTaskStatus> {
    const res = await this.send(o, {
      method: 'GET',
      path: `/wiki/rest/api/longtask/${seg(taskId)}`,
      context: { subject: `Task ${taskId}`, scope: SCOPE.readPage },
    });
    const raw = this.parse(res, longTaskStatusSchema);
    return {
      id: raw.id,
      finished: raw.finished,
      successful: raw.successful,
      percentageComplete: raw.percentageComplete ?? undefined,
      messages: [...(raw.messages ?? []), ...(raw.errors ?? [])]
        .map((m) => m.translation ?? m.key ?? '')
        .filter((m) => m !== ''),
      destinationId: raw.additionalDetails?.destinationId ?? undefined,
    };
  }

  /** Moves a page to the trash (v2 `DELETE /pages/{id}`, without `purge`): it can be restored from there. */
  async deletePage(pageId: string, o: CallOptions = {}): Promise<void> {
    await this.send(o, {
      method: 'DELETE',
      path: `${V2}/pages/${seg(pageId)}`,
      context: { subject: `Page ${pageId}`, notFoundHint: PAGE_HINT, scope: SCOPE.deletePage },
    });
  }

  /** A page's attachments (v2 `GET /pages/{id}/attachments`), cursor-paged. */
  async listPageAttachments(
    pageId: string,
    p: ListAttachmentsParams = {},
    o: CallOptions = {},
  ): Promise<PageOf<Attachment>> {
    const res = await this.send(o, {
      method: 'GET',
      path: `${V2}/pages/${seg(pageId)}/attachments`,
      query: { ...p },
      context: { subject: `Page ${pageId}`, notFoundHint: PAGE_HINT, scope: SCOPE.readAttachment },
    });
    return this.list(res, attachmentListSchema, toAttachment);
  }

  /** One attachment's details (v2 `GET /attachments/{id}`), or those of a past `version`. */
  async getAttachment(id: string, p: { version?: number } = {}, o: CallOptions = {}): Promise<Attachment> {
    const res = await this.send(o, {
      method: 'GET',
      path: `${V2}/attachments/${seg(id)}`,
      query: { version: p.version },
      context: { subject: `Attachment ${id}`, notFoundHint: ATTACHMENT_HINT, scope: SCOPE.readAttachment },
    });
    return toAttachment(this.parse(res, attachmentSchema), this.siteBase);
  }

  /**
   * An attachment's bytes, at most `attachmentMaxBytes` of them (v1 `GET /content/{id}/child/attachment/{id}/
   * download`, which redirects to the media store; v2 has no download). Over the limit: PAYLOAD_TOO_LARGE, without
   * a request when `expectedSize` already says so, else as soon as the stream passes it.
   */
  async downloadAttachment(
    pageId: string,
    attachmentId: string,
    p: DownloadAttachmentParams = {},
    o: CallOptions = {},
  ): Promise<DownloadedFile> {
    const max = this.attachmentMaxBytes;
    const tooLarge = (size: number | undefined) =>
      `Attachment ${attachmentId} is ${size === undefined ? 'larger than' : `${sizeText(size)}, over`} the ` +
      `${sizeText(max)} this connection reads (attachmentMaxBytes; in the Hub, ATTACHMENT_MAX_BYTES). Open it ` +
      'in Confluence with its downloadUrl instead, or ask an admin to raise the limit.';
    if (p.expectedSize !== undefined && p.expectedSize > max) {
      throw new PayloadTooLargeError(tooLarge(p.expectedSize), { status: 413 });
    }
    return this.downloads.download({
      path: `/wiki/rest/api/content/${seg(pageId)}/child/attachment/${seg(attachmentId)}/download`,
      query: { version: p.version },
      context: {
        subject: `Attachment ${attachmentId}`,
        notFoundHint: ATTACHMENT_HINT,
        scope: SCOPE.readAttachment,
      },
      maxBytes: max,
      tooLargeMessage: tooLarge,
      signal: o.signal,
    });
  }

  /**
   * Attaches a file to a page (v1 `PUT /content/{id}/child/attachment`, multipart; v2 has no uploads): a file name
   * the page already has becomes a new version of that attachment. Over `attachmentMaxBytes` nothing is sent.
   */
  async uploadAttachment(
    pageId: string,
    input: UploadAttachmentInput,
    o: CallOptions = {},
  ): Promise<UploadedAttachment> {
    const size = input.bytes.byteLength;
    if (size > this.attachmentMaxBytes) {
      throw new PayloadTooLargeError(
        `The file is ${sizeText(size)}, over the ${sizeText(this.attachmentMaxBytes)} this connection ` +
          'uploads (attachmentMaxBytes; in the Hub, ATTACHMENT_MAX_BYTES): nothing was sent. Upload it in ' +
          'Confluence itself, or ask an admin to raise the limit.',
        { status: 413 },
      );
    }
    const fields: FormField[] = [
      { name: 'file', filename: input.fileName, contentType: input.mediaType, data: input.bytes },
      { name: 'minorEdit', value: input.minorEdit === true ? 'true' : 'false' },
    ];
    if (input.comment !== undefined && input.comment !== '') {
      fields.push({ name: 'comment', value: input.comment, contentType: 'text/plain; charset=utf-8' });
    }
    const { contentType, body } = encodeMultipart(fields);
    const res = await this.send(o, {
      method: 'PUT',
      path: `/wiki/rest/api/content/${seg(pageId)}/child/attachment`,
      query: { status: input.pageStatus === 'draft' ? 'draft' : undefined },
      // Confluence refuses multipart requests without it (its XSRF check).
      rawBody: { contentType, bytes: body, headers: { 'x-atlassian-token': 'no-check' } },
      context: {
        subject: `Page ${pageId}`,
        notFoundHint: `${PAGE_HINT} (Confluence also answers so for a file over the site's attachment size limit.)`,
        scope: SCOPE.writeAttachment,
      },
    }).catch((error: unknown) => {
      if (!isConfluenceErrorKind(error, 'PAYLOAD_TOO_LARGE')) throw error;
      throw new PayloadTooLargeError(
        `Confluence refused the ${formatBytes(size)} file as larger than this site's maximum attachment size. ` +
          'Upload a smaller file, or ask a Confluence admin about the limit.',
        { status: 413, cause: error },
      );
    });
    const raw = this.parse(res, uploadedAttachmentsSchema);
    const stored = raw.results[0];
    if (stored === undefined) {
      throw new UpstreamError('Confluence answered the upload without the attachment it stored.', {
        status: res.status,
        details: { method: res.method, path: res.path },
      });
    }
    return toUploadedAttachment(stored, this.rememberBase(raw._links?.base));
  }

  /** A page's history (v2 `GET /pages/{id}/versions`), newest first unless `sort` says otherwise, cursor-paged. */
  async listPageVersions(
    pageId: string,
    p: ListPageVersionsParams = {},
    o: CallOptions = {},
  ): Promise<PageOf<PageVersion>> {
    const res = await this.send(o, {
      method: 'GET',
      path: `${V2}/pages/${seg(pageId)}/versions`,
      query: { sort: p.sort ?? '-modified-date', cursor: p.cursor, limit: p.limit },
      context: { subject: `Page ${pageId}`, notFoundHint: PAGE_HINT, scope: SCOPE.readPage },
    });
    return this.list(res, pageVersionListSchema, (raw) => toPageVersion(raw));
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

/** What a new comment or reply is about, for its errors: the comment replied to, else the page. */
function commentWriteContext(
  input: { parentCommentId: string } | { pageId: string },
): Omit<RequestContext, 'method' | 'path'> {
  return 'parentCommentId' in input
    ? { subject: `Comment ${input.parentCommentId}`, notFoundHint: COMMENT_HINT, scope: SCOPE.writeComment }
    : { subject: `Page ${input.pageId}`, notFoundHint: PAGE_HINT, scope: SCOPE.writeComment };
}
