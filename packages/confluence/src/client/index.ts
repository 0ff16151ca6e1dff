export { ConfluenceClient, SCOPE } from './confluence-client.js';
export { constrainCqlToSpaces, SpaceScopedClient, type ConfluenceApi } from './space-scope.js';
export type {
  CallOptions,
  ConfluenceClientOptions,
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
