export { ConfluenceClient, SCOPE } from './confluence-client.js';
export { constrainCqlToSpaces, SpaceScopedClient, type ConfluenceApi } from './space-scope.js';
export type {
  CallOptions,
  ConfluenceClientOptions,
  CopyPageHierarchyInput,
  CopyPageInput,
  ListChildPagesParams,
  ContentBodyInput,
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
export type {
  Ancestor,
  ChildPage,
  LongTaskStatus,
  MovePosition,
  BodyRepresentation,
  ContentBody,
  FooterComment,
  Links,
  Page,
  PageOf,
  PageSummary,
  SearchResult,
  Space,
  Version,
  WriteRepresentation,
} from './models.js';
export type {
  CreateInlineCommentInput,
  InlineComment,
  InlineResolution,
  ListInlineCommentsParams,
  UpdateInlineCommentInput,
} from './inline-comment-models.js';
export type { SearchUsersParams, User, UserSearchPage } from './user-models.js';
export { UserNameCache, userNames } from './user-names.js';
export { DEFAULT_ATTACHMENT_MAX_BYTES } from './confluence-client.js';
export {
  formatBytes,
  type Attachment,
  type DownloadAttachmentParams,
  type DownloadedFile,
  type ListAttachmentsParams,
  type UploadAttachmentInput,
  type UploadedAttachment,
} from './attachment-models.js';
export type { ListPageVersionsParams, PageVersion } from './version-models.js';
export { fakeTransport, type FakeHandler, type FakeReply, type FakeTransport } from './fake-transport.js';
export { nextCursorOf, paginate } from './pagination.js';
export { DEFAULT_RETRY, parseRetryAfter, type RetryPolicy } from './retry.js';
export { RateLimitReader, type RateLimitInfo, type RateLimitListener } from './rate-limit-headers.js';
export { redactSecrets, redactUpstreamText } from './redact.js';
export {
  defaultTransport,
  fetchTransport,
  undiciTransport,
  type ClosableTransport,
  type Transport,
  type TransportRequest,
  type TransportResponse,
  type UndiciTransportOptions,
} from './transport.js';
