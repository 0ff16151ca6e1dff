/**
 * Domain errors of the API that are not upstream Confluence answers (those are @hub/confluence's ConfluenceError).
 * The tRPC error formatter maps both by `kind`; messages are safe to show and say what to do next.
 */
export type HubErrorKind =
  /** The workspace has no usable Confluence connection. */
  | 'NOT_CONNECTED'
  /** The connection's refresh token was rejected (invalid_grant): an admin must reconnect. */
  | 'NEEDS_REAUTH'
  /** Several connections and no default: the caller must pass connectionId. */
  | 'CONNECTION_AMBIGUOUS'
  /** Refreshing the token failed for a transient reason (network, 5xx): tokens kept, retry later. */
  | 'CONNECTION_UNAVAILABLE'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'UNAUTHENTICATED'
  | 'BAD_REQUEST'
  | 'CONFLICT';

export interface HubErrorOptions {
  cause?: unknown;
  /** Extra, token-free facts for the client, e.g. `{ connections: [{ id, siteName }] }`. */
  details?: Record<string, unknown>;
}

export class HubError extends Error {
  readonly kind: HubErrorKind;
  readonly details?: Record<string, unknown>;

  constructor(kind: HubErrorKind, message: string, options: HubErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HubError';
    this.kind = kind;
    if (options.details !== undefined) this.details = options.details;
  }
}

export const isHubError = (e: unknown): e is HubError => e instanceof HubError;
