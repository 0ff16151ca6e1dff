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
  /** The Hub's own database cannot be reached right now: nothing was done; retry shortly. */
  | 'UNAVAILABLE'
  /** The API key's tool list does not include the tool. */
  | 'FORBIDDEN_TOOL'
  /** Governance refused the call: the connection does not allow the tool's capability, or the key that connection. */
  | 'POLICY_DENIED'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'UNAUTHENTICATED'
  | 'BAD_REQUEST'
  /** A request body over its route's limit. */
  | 'PAYLOAD_TOO_LARGE'
  /** A body that is not JSON where only JSON is taken. */
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'CONFLICT'
  /** An idempotencyKey sent again with a different input (or another tool) within its 24 hours. */
  | 'IDEMPOTENCY_KEY_REUSED'
  /** The first call with this idempotencyKey is still running: retry shortly for its result. */
  | 'IDEMPOTENCY_IN_PROGRESS';

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

export const DATABASE_UNAVAILABLE_MESSAGE =
  "The Hub's database is unreachable right now, so nothing was done. Retry shortly; if it lasts, tell the Hub's " +
  'operators (GET /readyz shows the database status).';

/** The answer for a request that failed because the database is unreachable. */
export function databaseUnavailable(cause?: unknown): HubError {
  return new HubError('UNAVAILABLE', DATABASE_UNAVAILABLE_MESSAGE, {
    cause,
    details: { retryAfterMs: 2000 },
  });
}
