import type { BodyRepresentation, WriteRepresentation } from './models.js';
import type { RateLimitListener } from './rate-limit-headers.js';
import type { RetryPolicy } from './retry.js';
import type { Transport } from './transport.js';

export interface ConfluenceClientOptions {
  cloudId: string;
  /** Default `https://api.atlassian.com`; calls go to `{apiBaseUrl}/ex/confluence/{cloudId}/wiki/…`. */
  apiBaseUrl?: string;
  getAccessToken: () => Promise<string>;
  /** Forced refresh: called at most once per call, on a 401 that is not a scope mismatch; the request is then resent once. */
  refreshAccessToken?: () => Promise<string>;
  /** When true, a 403/404 also triggers that one refresh + resend (the gateway answers expired tokens so). */
  tokenMayBeStale?: () => boolean;
  /** Default: a shared keep-alive undici transport (chosen by bench/transport.ts). */
  transport?: Transport;
  /** Per attempt, default 30 s. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy> | false;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  userAgent?: string;
  /** The site URL (`https://acme.atlassian.net`, from accessible-resources): builds web URLs when a response has no `_links.base`. */
  siteUrl?: string;
  /**
   * Told, after every answer that carries them (429s included, also when retried), what Atlassian's rate-limit
   * headers said: limit, remaining, reset, near-limit, and a 429's Retry-After. Called synchronously on the
   * response path: keep it cheap (record, do not await).
   */
  onRateLimit?: RateLimitListener;
  /**
   * The largest attachment downloaded or uploaded, in bytes (default 4 MiB): a download streams and stops at it,
   * an upload over it is refused before anything is sent. Both answer PAYLOAD_TOO_LARGE.
   */
  attachmentMaxBytes?: number;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface ContentBodyInput {
  representation: WriteRepresentation;
  value: string;
}

export interface ListSpacesParams {
  ids?: string[];
  keys?: string[];
  type?: 'global' | 'collaboration' | 'knowledge_base' | 'personal';
  status?: 'current' | 'archived';
  labels?: string[];
  sort?: string;
  descriptionFormat?: 'plain' | 'view';
  cursor?: string;
  limit?: number;
}

export interface GetSpaceParams {
  descriptionFormat?: 'plain' | 'view';
}

export interface ListSpacePagesParams {
  depth?: 'all' | 'root';
  sort?: string;
  status?: ('current' | 'archived' | 'deleted' | 'trashed')[];
  title?: string;
  bodyFormat?: WriteRepresentation;
  cursor?: string;
  limit?: number;
}

export interface GetPageParams {
  bodyFormat?: BodyRepresentation;
  includeLabels?: boolean;
  version?: number;
  /** Statuses the page may have; Confluence hides drafts unless `draft` is listed. */
  status?: ('current' | 'archived' | 'draft' | 'trashed' | 'historical' | 'deleted')[];
}

export interface CreatePageInput {
  spaceId: string;
  title: string;
  body: ContentBodyInput;
  parentId?: string;
  status?: 'current' | 'draft';
  rootLevel?: boolean;
}

export interface UpdatePageInput {
  title: string;
  status?: 'current' | 'draft';
  body: ContentBodyInput;
  /** Sent as is: the caller computes current + 1. */
  version: { number: number; message?: string; minorEdit?: boolean };
}

export interface ListCommentsParams {
  bodyFormat?: WriteRepresentation;
  sort?: string;
  cursor?: string;
  limit?: number;
}

export type CreateFooterCommentInput =
  { pageId: string; body: ContentBodyInput } | { parentCommentId: string; body: ContentBodyInput };

export interface SearchParams {
  cql: string;
  limit?: number;
  cursor?: string;
  excerpt?: 'highlight' | 'indexed' | 'none' | 'highlight_unescaped' | 'indexed_unescaped';
  /** Added to the default `content.space,content.version`. */
  expand?: string[];
  includeArchivedSpaces?: boolean;
}

export interface ListChildPagesParams {
  cursor?: string;
  limit?: number;
}

/** v1 `CopyPageRequest`: where the copy goes, and what comes along. */
export interface CopyPageInput {
  destination: { type: 'space' | 'parent_page' | 'existing_page'; value: string };
  pageTitle?: string;
  copyAttachments?: boolean;
  copyLabels?: boolean;
  copyProperties?: boolean;
}

/** v1 `CopyPageHierarchyRequest`: the page and its descendants under `destinationPageId`. */
export interface CopyPageHierarchyInput {
  destinationPageId: string;
  copyDescendants?: boolean;
  copyAttachments?: boolean;
  copyLabels?: boolean;
  copyProperties?: boolean;
  titleOptions?: { prefix?: string; search?: string; replace?: string };
}
