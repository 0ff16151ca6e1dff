import { InvalidCqlError, NotFoundError } from '../errors.js';
import { cqlString } from '../tools/cql.js';
import {
  ATTACHMENT_HINT,
  COMMENT_HINT,
  FOLDER_HINT,
  PAGE_HINT,
  SPACE_HINT,
  type ConfluenceClient,
} from './confluence-client.js';
import type {
  Attachment,
  DownloadAttachmentParams,
  DownloadedFile,
  ListAttachmentsParams,
  UploadAttachmentInput,
  UploadedAttachment,
} from './attachment-models.js';
import type { ListPageVersionsParams, PageVersion } from './version-models.js';
import { notFoundMessage } from './error-mapping.js';
import type {
  CreateInlineCommentInput,
  InlineComment,
  ListInlineCommentsParams,
  UpdateInlineCommentInput,
} from './inline-comment-models.js';
import type { SearchUsersParams, User, UserSearchPage } from './user-models.js';
import type {
  Ancestor,
  ChildPage,
  Folder,
  FooterComment,
  LongTaskStatus,
  MovePosition,
  Page,
  PageOf,
  PageSummary,
  SearchResult,
  Space,
  TreeChild,
  TreeParent,
} from './models.js';
import type {
  CallOptions,
  CopyPageHierarchyInput,
  CopyPageInput,
  CreateFooterCommentInput,
  CreatePageInput,
  GetPageParams,
  GetSpaceParams,
  ListChildPagesParams,
  ListCommentsParams,
  ListSpacePagesParams,
  ListSpacesParams,
  SearchParams,
  UpdatePageInput,
} from './params.js';

/** What the tools use of a client: a ConfluenceClient, or one limited to some spaces. */
export type ConfluenceApi = Pick<
  ConfluenceClient,
  | 'listSpaces'
  | 'getSpace'
  | 'spaceIdForKey'
  | 'listSpacePages'
  | 'getPage'
  | 'createPage'
  | 'updatePage'
  | 'getFooterComment'
  | 'listFooterComments'
  | 'listCommentReplies'
  | 'createFooterComment'
  | 'addLabels'
  | 'removeLabel'
  | 'listPageAttachments'
  | 'getAttachment'
  | 'downloadAttachment'
  | 'uploadAttachment'
  | 'listPageVersions'
  | 'listChildPages'
  | 'getFolder'
  | 'listTreeChildren'
  | 'getPageAncestors'
  | 'listPagesByIds'
  | 'movePage'
  | 'copyPage'
  | 'copyPageHierarchy'
  | 'archivePages'
  | 'getLongTask'
  | 'deletePage'
  | 'listInlineComments'
  | 'listInlineCommentReplies'
  | 'getInlineComment'
  | 'createInlineComment'
  | 'updateInlineComment'
  | 'getUsers'
  | 'userDisplayNames'
  | 'searchUsers'
  | 'search'
>;

/**
 * A client that sees only some spaces of a site (a connection's space allow-list). Every method checks, against
 * what Confluence itself says, that the content belongs to an allowed space; anything else answers exactly as
 * Confluence answers for content that does not exist, so a caller cannot tell "outside the list" from "absent".
 *
 * - Space lists ask Confluence for the allowed keys only, and drop anything else that comes back.
 * - A page, space or comment is fetched and its space checked before it is returned, written or commented on.
 * - Search runs `space IN (allowed) AND (the caller's CQL)`, refusing CQL whose parentheses or quotes do not
 *   balance (which could otherwise escape the group), and drops results from other spaces as a second line.
 */
export class SpaceScopedClient implements ConfluenceApi {
  readonly #inner: ConfluenceApi;
  readonly #keys: ReadonlySet<string>;

  constructor(inner: ConfluenceApi, allowedSpaceKeys: readonly string[]) {
    this.#inner = inner;
    this.#keys = new Set(allowedSpaceKeys);
  }

  listSpaces(p: ListSpacesParams = {}, o: CallOptions = {}): Promise<PageOf<Space>> {
    return masked(async () => {
      const keys = p.keys === undefined ? [...this.#keys] : p.keys.filter((key) => this.#keys.has(key));
      // No allowed key asked for: Confluence would read an empty `keys` as "all spaces".
      if (keys.length === 0) return { items: [], nextCursor: null, baseUrl: undefined };
      const page = await this.#inner.listSpaces({ ...p, keys }, o);
      return { ...page, items: page.items.filter((space) => this.#keys.has(space.key)) };
    });
  }

  getSpace(id: string, p: GetSpaceParams = {}, o: CallOptions = {}) {
    return masked(async () => {
      const space = await this.#inner.getSpace(id, p, o);
      if (!this.#keys.has(space.key)) throw hidden(`Space ${id}`, SPACE_HINT);
      return space;
    });
  }

  spaceIdForKey(key: string, o: CallOptions = {}): Promise<string | undefined> {
    return masked(async () => {
      return this.#keys.has(key) ? this.#inner.spaceIdForKey(key, o) : undefined;
    });
  }

  listSpacePages(spaceId: string, p: ListSpacePagesParams = {}, o: CallOptions = {}) {
    return masked(async () => {
      await this.#requireSpaceId(spaceId, `Space ${spaceId}`, SPACE_HINT, o);
      return this.#inner.listSpacePages(spaceId, p, o);
    });
  }

  getPage(id: string, p: GetPageParams = {}, o: CallOptions = {}) {
    return masked(async () => {
      const page = await this.#inner.getPage(id, p, o);
      await this.#requireSpaceId(page.spaceId, `Page ${id}`, PAGE_HINT, o);
      return page;
    });
  }

  createPage(input: CreatePageInput, o: CallOptions = {}): Promise<Page> {
    return masked(async () => {
      const subject =
        input.parentId === undefined
          ? `Space ${input.spaceId}`
          : `Space ${input.spaceId} or parent page ${input.parentId}`;
      await this.#requireSpaceId(input.spaceId, subject, SPACE_HINT, o);
      if (input.parentId !== undefined) await this.#pageInScope(input.parentId, subject, SPACE_HINT, o);
      return this.#inner.createPage(input, o);
    });
  }

  updatePage(id: string, input: UpdatePageInput, o: CallOptions = {}) {
    return masked(async () => {
      await this.#pageInScope(id, `Page ${id}`, PAGE_HINT, o);
      return this.#inner.updatePage(id, input, o);
    });
  }

  getFooterComment(id: string, o: CallOptions = {}): Promise<FooterComment> {
    return masked(async () => {
      const comment = await this.#inner.getFooterComment(id, o);
      await this.#commentInScope(comment, `Comment ${id}`, o);
      return comment;
    });
  }

  listFooterComments(pageId: string, p: ListCommentsParams = {}, o: CallOptions = {}) {
    return masked(async () => {
      await this.#pageInScope(pageId, `Page ${pageId}`, PAGE_HINT, o);
      return this.#inner.listFooterComments(pageId, p, o);
    });
  }

  listCommentReplies(commentId: string, p: ListCommentsParams = {}, o: CallOptions = {}) {
    return masked(async () => {
      await this.getFooterComment(commentId, o);
      return this.#inner.listCommentReplies(commentId, p, o);
    });
  }

  createFooterComment(input: CreateFooterCommentInput, o: CallOptions = {}) {
    return masked(async () => {
      if ('parentCommentId' in input) await this.getFooterComment(input.parentCommentId, o);
      else await this.#pageInScope(input.pageId, `Page ${input.pageId}`, PAGE_HINT, o);
      return this.#inner.createFooterComment(input, o);
    });
  }

  addLabels(pageId: string, names: readonly string[], o: CallOptions = {}): Promise<string[]> {
    return masked(async () => {
      await this.#pageInScope(pageId, `Page ${pageId}`, PAGE_HINT, o);
      return this.#inner.addLabels(pageId, names, o);
    });
  }

  removeLabel(pageId: string, name: string, o: CallOptions = {}): Promise<void> {
    return masked(async () => {
      await this.#pageInScope(pageId, `Page ${pageId}`, PAGE_HINT, o);
      await this.#inner.removeLabel(pageId, name, o);
    });
  }

  listChildPages(
    pageId: string,
    p: ListChildPagesParams = {},
    o: CallOptions = {},
  ): Promise<PageOf<ChildPage>> {
    return masked(async () => {
      // Children live in their parent's space: checking the parent is enough.
      await this.#pageInScope(pageId, `Page ${pageId}`, PAGE_HINT, o);
      return this.#inner.listChildPages(pageId, p, o);
    });
  }

  getFolder(folderId: string, o: CallOptions = {}): Promise<Folder> {
    return masked(async () => {
      const folder = await this.#inner.getFolder(folderId, o);
      // v2 gives a folder no spaceId: its web UI link names the space.
      if (folder.spaceKey === undefined || !this.#keys.has(folder.spaceKey))
        throw hidden(`Folder ${folderId}`, FOLDER_HINT);
      return folder;
    });
  }

  listTreeChildren(
    parent: TreeParent,
    type: 'page' | 'folder',
    p: ListChildPagesParams = {},
    o: CallOptions = {},
  ): Promise<PageOf<TreeChild>> {
    return masked(async () => {
      // Children live in their parent's space: checking the parent is enough.
      if (parent.type === 'page') await this.#pageInScope(parent.id, `Page ${parent.id}`, PAGE_HINT, o);
      else await this.getFolder(parent.id, o);
      return this.#inner.listTreeChildren(parent, type, p, o);
    });
  }

  getPageAncestors(pageId: string, o: CallOptions = {}): Promise<Ancestor[]> {
    return masked(async () => {
      await this.#pageInScope(pageId, `Page ${pageId}`, PAGE_HINT, o);
      return this.#inner.getPageAncestors(pageId, o);
    });
  }

  listPagesByIds(ids: readonly string[], o: CallOptions = {}): Promise<PageSummary[]> {
    return masked(async () => {
      const [pages, allowed] = await Promise.all([
        this.#inner.listPagesByIds(ids, o),
        this.#allowedSpaceIds(o),
      ]);
      return pages.filter((page) => allowed.includes(page.spaceId));
    });
  }

  movePage(pageId: string, position: MovePosition, targetId: string, o: CallOptions = {}): Promise<void> {
    return masked(async () => {
      const subject = `Page ${pageId} or target page ${targetId}`;
      await this.#pageInScope(pageId, subject, PAGE_HINT, o);
      await this.#pageInScope(targetId, subject, PAGE_HINT, o);
      await this.#inner.movePage(pageId, position, targetId, o);
    });
  }

  copyPage(pageId: string, input: CopyPageInput, o: CallOptions = {}): Promise<string> {
    return masked(async () => {
      const subject = `Page ${pageId} or its destination ${input.destination.value}`;
      await this.#pageInScope(pageId, subject, PAGE_HINT, o);
      if (input.destination.type !== 'space') {
        await this.#pageInScope(input.destination.value, subject, PAGE_HINT, o);
      } else if (!this.#keys.has(input.destination.value)) {
        throw hidden(subject, PAGE_HINT);
      }
      return this.#inner.copyPage(pageId, input, o);
    });
  }

  copyPageHierarchy(pageId: string, input: CopyPageHierarchyInput, o: CallOptions = {}): Promise<string> {
    return masked(async () => {
      const subject = `Page ${pageId} or destination page ${input.destinationPageId}`;
      await this.#pageInScope(pageId, subject, PAGE_HINT, o);
      await this.#pageInScope(input.destinationPageId, subject, PAGE_HINT, o);
      return this.#inner.copyPageHierarchy(pageId, input, o);
    });
  }

  archivePages(pageIds: readonly string[], o: CallOptions = {}): Promise<string> {
    return masked(async () => {
      for (const id of pageIds) await this.#pageInScope(id, `Page ${pageIds.join(', ')}`, PAGE_HINT, o);
      return this.#inner.archivePages(pageIds, o);
    });
  }

  /** A task names no space; a finished copy's destination is checked like any page. */
  getLongTask(taskId: string, o: CallOptions = {}): Promise<LongTaskStatus> {
    return masked(async () => {
      const task = await this.#inner.getLongTask(taskId, o);
      if (task.destinationId !== undefined) {
        await this.#pageInScope(task.destinationId, `Task ${taskId}`, PAGE_HINT, o);
      }
      return task;
    });
  }

  deletePage(pageId: string, o: CallOptions = {}): Promise<void> {
    return masked(async () => {
      await this.#pageInScope(pageId, `Page ${pageId}`, PAGE_HINT, o);
      await this.#inner.deletePage(pageId, o);
    });
  }

  listInlineComments(pageId: string, p: ListInlineCommentsParams = {}, o: CallOptions = {}) {
    return masked(async () => {
      await this.#pageInScope(pageId, `Page ${pageId}`, PAGE_HINT, o);
      return this.#inner.listInlineComments(pageId, p, o);
    });
  }

  listInlineCommentReplies(commentId: string, p: ListCommentsParams = {}, o: CallOptions = {}) {
    return masked(async () => {
      await this.getInlineComment(commentId, {}, o);
      return this.#inner.listInlineCommentReplies(commentId, p, o);
    });
  }

  getInlineComment(
    id: string,
    p: { bodyFormat?: 'storage' | 'atlas_doc_format' } = {},
    o: CallOptions = {},
  ): Promise<InlineComment> {
    return masked(async () => {
      const comment = await this.#inner.getInlineComment(id, p, o);
      if (comment.pageId === undefined) throw hidden(`Inline comment ${id}`, COMMENT_HINT);
      await this.#pageInScope(comment.pageId, `Inline comment ${id}`, COMMENT_HINT, o);
      return comment;
    });
  }

  createInlineComment(input: CreateInlineCommentInput, o: CallOptions = {}): Promise<InlineComment> {
    return masked(async () => {
      if ('parentCommentId' in input) await this.getInlineComment(input.parentCommentId, {}, o);
      else await this.#pageInScope(input.pageId, `Page ${input.pageId}`, PAGE_HINT, o);
      return this.#inner.createInlineComment(input, o);
    });
  }

  updateInlineComment(
    id: string,
    input: UpdateInlineCommentInput,
    o: CallOptions = {},
  ): Promise<InlineComment> {
    return masked(async () => {
      await this.getInlineComment(id, {}, o);
      return this.#inner.updateInlineComment(id, input, o);
    });
  }

  /** People belong to the site, not to a space: the allow-list does not apply to them. */
  getUsers(accountIds: readonly string[], o: CallOptions = {}): Promise<User[]> {
    return this.#inner.getUsers(accountIds, o);
  }

  userDisplayNames(accountIds: readonly string[], o: CallOptions = {}): Promise<Map<string, string>> {
    return this.#inner.userDisplayNames(accountIds, o);
  }

  searchUsers(p: SearchUsersParams, o: CallOptions = {}): Promise<UserSearchPage> {
    return this.#inner.searchUsers(p, o);
  }

  listPageAttachments(
    pageId: string,
    p: ListAttachmentsParams = {},
    o: CallOptions = {},
  ): Promise<PageOf<Attachment>> {
    return masked(async () => {
      await this.#pageInScope(pageId, `Page ${pageId}`, PAGE_HINT, o);
      return this.#inner.listPageAttachments(pageId, p, o);
    });
  }

  /** The attachment's page must be in scope; one on a blog post or custom content is outside any allow-list. */
  getAttachment(id: string, p: { version?: number } = {}, o: CallOptions = {}): Promise<Attachment> {
    return masked(async () => {
      const attachment = await this.#inner.getAttachment(id, p, o);
      if (attachment.pageId === undefined) throw hidden(`Attachment ${id}`, ATTACHMENT_HINT);
      await this.#pageInScope(attachment.pageId, `Attachment ${id}`, ATTACHMENT_HINT, o);
      return attachment;
    });
  }

  /** Confluence answers 404 for an attachment that is not on `pageId`: checking the page is enough. */
  downloadAttachment(
    pageId: string,
    attachmentId: string,
    p: DownloadAttachmentParams = {},
    o: CallOptions = {},
  ): Promise<DownloadedFile> {
    return masked(async () => {
      await this.#pageInScope(pageId, `Attachment ${attachmentId}`, ATTACHMENT_HINT, o);
      return this.#inner.downloadAttachment(pageId, attachmentId, p, o);
    });
  }

  uploadAttachment(
    pageId: string,
    input: UploadAttachmentInput,
    o: CallOptions = {},
  ): Promise<UploadedAttachment> {
    return masked(async () => {
      await this.#pageInScope(pageId, `Page ${pageId}`, PAGE_HINT, o);
      return this.#inner.uploadAttachment(pageId, input, o);
    });
  }

  listPageVersions(
    pageId: string,
    p: ListPageVersionsParams = {},
    o: CallOptions = {},
  ): Promise<PageOf<PageVersion>> {
    return masked(async () => {
      await this.#pageInScope(pageId, `Page ${pageId}`, PAGE_HINT, o);
      return this.#inner.listPageVersions(pageId, p, o);
    });
  }

  search(p: SearchParams, o: CallOptions = {}): Promise<PageOf<SearchResult> & { totalSize?: number }> {
    return masked(async () => {
      if (this.#keys.size === 0) return { items: [], nextCursor: null, baseUrl: undefined };
      const page = await this.#inner.search({ ...p, cql: constrainCqlToSpaces(p.cql, [...this.#keys]) }, o);
      const items = page.items.filter((r) => r.spaceKey !== undefined && this.#keys.has(r.spaceKey));
      // totalSize counts what Confluence matched; after filtering it could reveal hidden matches.
      const { totalSize, ...rest } = page;
      return items.length === page.items.length && totalSize !== undefined
        ? { ...rest, items, totalSize }
        : { ...rest, items };
    });
  }

  async #pageInScope(pageId: string, subject: string, hint: string, o: CallOptions): Promise<void> {
    let page: Page;
    try {
      page = await this.#inner.getPage(pageId, { status: ['current', 'archived', 'draft'] }, o);
    } catch (error) {
      if (error instanceof NotFoundError) throw hidden(subject, hint);
      throw error;
    }
    await this.#requireSpaceId(page.spaceId, subject, hint, o);
  }

  async #commentInScope(comment: FooterComment, subject: string, o: CallOptions): Promise<void> {
    if (comment.pageId === undefined) throw hidden(subject, COMMENT_HINT);
    await this.#pageInScope(comment.pageId, subject, COMMENT_HINT, o);
  }

  /**
   * The space id must be one of the allowed keys' ids. The lookups run side by side, and the inner client caches
   * each (a key names a space for its lifetime): after a connection's first call they cost nothing.
   */
  async #requireSpaceId(spaceId: string, subject: string, hint: string, o: CallOptions): Promise<void> {
    if (!(await this.#allowedSpaceIds(o)).includes(spaceId)) throw hidden(subject, hint);
  }

  async #allowedSpaceIds(o: CallOptions): Promise<(string | undefined)[]> {
    return Promise.all([...this.#keys].map((key) => this.#inner.spaceIdForKey(key, o)));
  }
}

/**
 * Confluence's own 404s pass through as fresh errors with the same message and nothing else (no trace id), so they
 * look exactly like the ones this client makes up for content outside the list.
 */
async function masked<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof NotFoundError) throw new NotFoundError(error.message, { status: 404 });
    throw error;
  }
}

function hidden(subject: string, hint: string): NotFoundError {
  return new NotFoundError(notFoundMessage(subject, hint), { status: 404 });
}

/**
 * `space IN (…) AND (cql)`, with the caller's ORDER BY kept at the end. The caller's CQL must be self-contained
 * (balanced parentheses, closed quotes), or it could close our group and OR its way into another space.
 */
export function constrainCqlToSpaces(cql: string, spaceKeys: readonly string[]): string {
  const { where, orderBy } = splitOrderBy(cql);
  const scope = `space IN (${spaceKeys.map(cqlString).join(', ')})`;
  const constrained = where.trim() === '' ? scope : `${scope} AND (${where.trim()})`;
  return orderBy === undefined ? constrained : `${constrained} ${orderBy}`;
}

function splitOrderBy(cql: string): { where: string; orderBy?: string } {
  let depth = 0;
  let quote: string | undefined;
  let orderAt: number | undefined;
  for (let i = 0; i < cql.length; i++) {
    const char = cql[i];
    if (quote !== undefined) {
      if (char === '\\') i++;
      else if (char === quote) quote = undefined;
      continue;
    }
    if (char === '"' || char === "'") quote = char;
    else if (char === '(') depth++;
    else if (char === ')') {
      depth--;
      if (depth < 0) throw unbalanced('a ")" closes a group that was never opened');
    } else if (
      depth === 0 &&
      orderAt === undefined &&
      /^order\s+by\b/i.test(cql.slice(i)) &&
      (i === 0 || /\s/.test(cql[i - 1] ?? ''))
    ) {
      orderAt = i;
    }
  }
  if (quote !== undefined) throw unbalanced(`a ${quote} quote is never closed`);
  if (depth !== 0) throw unbalanced('a "(" is never closed');
  return orderAt === undefined
    ? { where: cql }
    : { where: cql.slice(0, orderAt), orderBy: cql.slice(orderAt) };
}

function unbalanced(what: string): InvalidCqlError {
  return new InvalidCqlError(
    `The CQL query is invalid: ${what}. Balance every parenthesis and quote (values with spaces or special characters go in double quotes).`,
  );
}
