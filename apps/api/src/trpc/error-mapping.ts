import { isConfluenceError, toErrorPayload, type ConfluenceErrorKind } from '@hub/confluence';
import { TRPCError } from '@trpc/server';

import { AuthError, type AuthErrorKind } from '../auth/errors.js';
import { ConnectionNotFoundError } from '../connections/store.js';
import { TokenDecryptError } from '../connections/token-cipher.js';
import { isDatabaseUnavailable } from '../db/errors.js';
import { databaseUnavailable, HubError, type HubErrorKind } from '../errors.js';

type TRPCErrorCode = TRPCError['code'];

/** Every `data.kind` a client can meet. */
export type ErrorKind =
  ConfluenceErrorKind | HubErrorKind | AuthErrorKind | 'TOKEN_DECRYPT_FAILED' | 'ABORTED' | 'INTERNAL';

/** What a failed call tells its caller besides code and message: all token-free by construction. */
export interface DomainErrorInfo {
  code: TRPCErrorCode;
  kind: ErrorKind;
  message: string;
  retryable: boolean;
  retryAfterMs?: number;
  currentVersion?: number;
  providedVersion?: number;
  missingScope?: string;
  fieldErrors?: Record<string, string[]>;
  /** EDIT_NOT_APPLICABLE: which edit (0-based) and how many matches it found. */
  editIndex?: number;
  matchCount?: number;
  /** CONNECTION_AMBIGUOUS: the workspace's connections to choose from. */
  connections?: { id: string; siteName: string; siteUrl: string }[];
  traceId?: string;
}

const CONFLUENCE_CODES: Record<ConfluenceErrorKind, TRPCErrorCode> = {
  NOT_FOUND: 'NOT_FOUND',
  VERSION_CONFLICT: 'CONFLICT',
  RATE_LIMITED: 'TOO_MANY_REQUESTS',
  BAD_REQUEST: 'BAD_REQUEST',
  INVALID_CQL: 'BAD_REQUEST',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNAUTHORIZED: 'FORBIDDEN',
  SCOPE_MISSING: 'FORBIDDEN',
  FORBIDDEN: 'FORBIDDEN',
  UPSTREAM_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  NETWORK: 'SERVICE_UNAVAILABLE',
  TIMEOUT: 'GATEWAY_TIMEOUT',
  REAUTH_REQUIRED: 'PRECONDITION_FAILED',
  OAUTH_ERROR: 'BAD_GATEWAY',
  UPSTREAM_ERROR: 'BAD_GATEWAY',
  EDIT_NOT_APPLICABLE: 'UNPROCESSABLE_CONTENT',
  PAGE_ARCHIVED: 'PRECONDITION_FAILED',
};

const HUB_CODES: Record<HubErrorKind, TRPCErrorCode> = {
  NOT_CONNECTED: 'PRECONDITION_FAILED',
  NEEDS_REAUTH: 'PRECONDITION_FAILED',
  CONNECTION_AMBIGUOUS: 'BAD_REQUEST',
  CONNECTION_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  FORBIDDEN_TOOL: 'FORBIDDEN',
  POLICY_DENIED: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  FORBIDDEN: 'FORBIDDEN',
  UNAUTHENTICATED: 'UNAUTHORIZED',
  BAD_REQUEST: 'BAD_REQUEST',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  CONFLICT: 'CONFLICT',
  IDEMPOTENCY_KEY_REUSED: 'UNPROCESSABLE_CONTENT',
  IDEMPOTENCY_IN_PROGRESS: 'CONFLICT',
};

const RETRYABLE_HUB_KINDS = new Set<HubErrorKind>([
  'CONNECTION_UNAVAILABLE',
  'UNAVAILABLE',
  'IDEMPOTENCY_IN_PROGRESS',
]);

const AUTH_CODES: Record<AuthErrorKind, TRPCErrorCode> = {
  NOT_FOUND: 'NOT_FOUND',
  FORBIDDEN: 'FORBIDDEN',
  BAD_REQUEST: 'BAD_REQUEST',
  CONFLICT: 'CONFLICT',
};

const RECONNECT = 'An admin can reconnect Confluence in Integrations';

/** Confluence said the credentials or scopes do not allow this: say what a person can do about it. */
function confluenceMessage(kind: ConfluenceErrorKind, message: string, missingScope?: string): string {
  switch (kind) {
    case 'UNAUTHORIZED':
      return `Confluence rejected this connection's credentials (${message}). ${RECONNECT}.`;
    case 'SCOPE_MISSING':
      return (
        `The Confluence connection was not granted ${missingScope ?? 'a scope this call needs'}. ` +
        `${RECONNECT} and accept every requested permission.`
      );
    case 'FORBIDDEN':
      return (
        `${message} The connected Atlassian account lacks permission for this in Confluence; ask a Confluence ` +
        `admin for access, or reconnect with an account that has it.`
      );
    case 'REAUTH_REQUIRED':
      return `Atlassian no longer accepts this connection's authorization. ${RECONNECT}.`;
    default:
      return message;
  }
}

function connectionsOf(details: Record<string, unknown> | undefined): DomainErrorInfo['connections'] {
  const raw = details?.connections;
  if (!Array.isArray(raw)) return undefined;
  // Copy known fields only: details may hold more than a client should see.
  return raw.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return [];
    const { id, siteName, siteUrl } = item as Record<string, unknown>;
    return typeof id === 'string'
      ? [
          {
            id,
            siteName: typeof siteName === 'string' ? siteName : '',
            siteUrl: typeof siteUrl === 'string' ? siteUrl : '',
          },
        ]
      : [];
  });
}

/**
 * The tRPC code, kind, safe message and extras of a domain error (HubError, AuthError, ConfluenceError and the
 * vault's own errors); undefined for anything else, which callers treat as an internal error.
 */
export function describeDomainError(error: unknown): DomainErrorInfo | undefined {
  if (error instanceof HubError) {
    const info: DomainErrorInfo = {
      code: HUB_CODES[error.kind],
      kind: error.kind,
      message: error.message,
      retryable: RETRYABLE_HUB_KINDS.has(error.kind),
    };
    const connections = connectionsOf(error.details);
    if (connections !== undefined) info.connections = connections;
    const retryAfterMs = error.details?.retryAfterMs;
    if (typeof retryAfterMs === 'number') info.retryAfterMs = retryAfterMs;
    return info;
  }
  if (error instanceof AuthError) {
    return { code: AUTH_CODES[error.kind], kind: error.kind, message: error.message, retryable: false };
  }
  if (error instanceof ConnectionNotFoundError) {
    return { code: 'NOT_FOUND', kind: 'NOT_FOUND', message: error.message, retryable: false };
  }
  if (error instanceof TokenDecryptError) {
    return {
      code: 'INTERNAL_SERVER_ERROR',
      kind: 'TOKEN_DECRYPT_FAILED',
      message:
        "This connection's stored tokens cannot be decrypted with the configured TOKEN_ENCRYPTION_KEYS. " +
        `Restore the missing key, or ${RECONNECT.toLowerCase()}.`,
      retryable: false,
    };
  }
  if (isConfluenceError(error)) {
    const payload = toErrorPayload(error);
    const kind = error.kind;
    const { kind: _kind, message, status: _status, ...extras } = payload;
    return {
      ...extras,
      code: CONFLUENCE_CODES[kind],
      kind,
      message: confluenceMessage(kind, message, payload.missingScope),
    };
  }
  // Last: a Confluence NETWORK error may also wrap an ECONNREFUSED, and it is not the database's.
  if (isDatabaseUnavailable(error)) return describeDomainError(databaseUnavailable(error));
  return undefined;
}

/** A TRPCError with the right code for a domain error (the original kept as `cause`), else undefined. */
export function toTRPCError(error: unknown): TRPCError | undefined {
  const info = describeDomainError(error);
  if (info === undefined) return undefined;
  return new TRPCError({ code: info.code, message: info.message, cause: error });
}
