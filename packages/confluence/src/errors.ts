import { redactSecrets, redactValue, truncate } from './client/redact.js';

export const CONFLUENCE_ERROR_KINDS = [
  'NOT_FOUND',
  'VERSION_CONFLICT',
  'RATE_LIMITED',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'SCOPE_MISSING',
  'INVALID_CQL',
  'BAD_REQUEST',
  'PAYLOAD_TOO_LARGE',
  'UPSTREAM_UNAVAILABLE',
  'NETWORK',
  'TIMEOUT',
  'REAUTH_REQUIRED',
  'OAUTH_ERROR',
  'UPSTREAM_ERROR',
  'EDIT_NOT_APPLICABLE',
  'PAGE_ARCHIVED',
] as const;

export type ConfluenceErrorKind = (typeof CONFLUENCE_ERROR_KINDS)[number];

/** Safe, redacted facts about the failed exchange (never headers, tokens or request bodies). */
export interface ConfluenceErrorDetails {
  method?: string;
  path?: string;
  upstreamCode?: string;
  upstreamMessage?: string;
  /** Atlassian's `atl-traceid` response header, for support tickets. */
  traceId?: string;
  /** OAuth `error` field, e.g. `invalid_grant`. */
  oauthError?: string;
}

export interface ConfluenceErrorInit {
  status?: number;
  retryable?: boolean;
  details?: ConfluenceErrorDetails;
  cause?: unknown;
}

// Symbol.for is shared across realms and package copies, unlike a class identity.
const BRAND = Symbol.for('@hub/confluence/error');
const KIND_SET = new Set<string>(CONFLUENCE_ERROR_KINDS);

const RETRYABLE_BY_DEFAULT = new Set<ConfluenceErrorKind>([
  'RATE_LIMITED',
  'UPSTREAM_UNAVAILABLE',
  'NETWORK',
  'TIMEOUT',
]);

/** A cause that cannot smuggle secrets: name, code and a redacted message only. */
function sanitizeCause(cause: unknown): Error | undefined {
  if (cause === undefined) return undefined;
  const source =
    cause instanceof Error ? cause : new Error(typeof cause === 'string' ? cause : 'non-Error thrown');
  const safe = new Error(redactSecrets(source.message));
  safe.name = source.name;
  const code = (source as { code?: unknown }).code;
  if (typeof code === 'string') Object.assign(safe, { code });
  return safe;
}

export class ConfluenceError extends Error {
  readonly [BRAND] = true;
  readonly kind: ConfluenceErrorKind;
  readonly status?: number;
  readonly retryable: boolean;
  readonly details?: ConfluenceErrorDetails;

  constructor(kind: ConfluenceErrorKind, message: string, init: ConfluenceErrorInit = {}) {
    const cause = sanitizeCause(init.cause);
    super(redactSecrets(message), cause === undefined ? undefined : { cause });
    this.name = 'ConfluenceError';
    this.kind = kind;
    if (init.status !== undefined) this.status = init.status;
    this.retryable = init.retryable ?? RETRYABLE_BY_DEFAULT.has(kind);
    if (init.details !== undefined) this.details = redactValue(init.details) as ConfluenceErrorDetails;
  }
}

export class NotFoundError extends ConfluenceError {
  constructor(message: string, init?: ConfluenceErrorInit) {
    super('NOT_FOUND', message, init);
    this.name = 'NotFoundError';
  }
}

export class VersionConflictError extends ConfluenceError {
  readonly currentVersion?: number;
  readonly providedVersion?: number;
  constructor(
    message: string,
    init: ConfluenceErrorInit & { currentVersion?: number; providedVersion?: number } = {},
  ) {
    super('VERSION_CONFLICT', message, init);
    this.name = 'VersionConflictError';
    if (init.currentVersion !== undefined) this.currentVersion = init.currentVersion;
    if (init.providedVersion !== undefined) this.providedVersion = init.providedVersion;
  }
}

export class RateLimitedError extends ConfluenceError {
  readonly retryAfterMs?: number;
  constructor(message: string, init: ConfluenceErrorInit & { retryAfterMs?: number } = {}) {
    super('RATE_LIMITED', message, init);
    this.name = 'RateLimitedError';
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
  }
}

export class UnauthorizedError extends ConfluenceError {
  constructor(message: string, init?: ConfluenceErrorInit) {
    super('UNAUTHORIZED', message, init);
    this.name = 'UnauthorizedError';
  }
}

export class ForbiddenError extends ConfluenceError {
  constructor(message: string, init?: ConfluenceErrorInit) {
    super('FORBIDDEN', message, init);
    this.name = 'ForbiddenError';
  }
}

export class ScopeMissingError extends ConfluenceError {
  readonly missingScope?: string;
  constructor(message: string, init: ConfluenceErrorInit & { missingScope?: string } = {}) {
    super('SCOPE_MISSING', message, init);
    this.name = 'ScopeMissingError';
    if (init.missingScope !== undefined) this.missingScope = init.missingScope;
  }
}

export class InvalidCqlError extends ConfluenceError {
  constructor(message: string, init?: ConfluenceErrorInit) {
    super('INVALID_CQL', message, init);
    this.name = 'InvalidCqlError';
  }
}

export type FieldErrors = Record<string, string[]>;

export class BadRequestError extends ConfluenceError {
  readonly fieldErrors?: FieldErrors;
  constructor(message: string, init: ConfluenceErrorInit & { fieldErrors?: FieldErrors } = {}) {
    super('BAD_REQUEST', message, init);
    this.name = 'BadRequestError';
    if (init.fieldErrors !== undefined) this.fieldErrors = redactValue(init.fieldErrors) as FieldErrors;
  }
}

export class PayloadTooLargeError extends ConfluenceError {
  constructor(message: string, init?: ConfluenceErrorInit) {
    super('PAYLOAD_TOO_LARGE', message, init);
    this.name = 'PayloadTooLargeError';
  }
}

export class UpstreamUnavailableError extends ConfluenceError {
  readonly retryAfterMs?: number;
  constructor(message: string, init: ConfluenceErrorInit & { retryAfterMs?: number } = {}) {
    super('UPSTREAM_UNAVAILABLE', message, init);
    this.name = 'UpstreamUnavailableError';
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
  }
}

export class NetworkError extends ConfluenceError {
  constructor(message: string, init?: ConfluenceErrorInit) {
    super('NETWORK', message, init);
    this.name = 'NetworkError';
  }
}

export class TimeoutError extends ConfluenceError {
  constructor(message: string, init?: ConfluenceErrorInit) {
    super('TIMEOUT', message, init);
    this.name = 'TimeoutError';
  }
}

/** The refresh token is no longer usable (invalid_grant / unauthorized_client): the user must consent again. */
export class ReauthRequiredError extends ConfluenceError {
  constructor(message: string, init?: ConfluenceErrorInit) {
    super('REAUTH_REQUIRED', message, init);
    this.name = 'ReauthRequiredError';
  }
}

export class OAuthError extends ConfluenceError {
  constructor(message: string, init?: ConfluenceErrorInit) {
    super('OAUTH_ERROR', message, init);
    this.name = 'OAuthError';
  }
}

/**
 * A surgical edit that cannot apply to the current page (heading missing or ambiguous, text found a different
 * number of times than expected). Nothing was written; `editIndex` says which edit, `matchCount` what was found.
 */
export class EditNotApplicableError extends ConfluenceError {
  readonly editIndex?: number;
  readonly matchCount?: number;
  constructor(message: string, init: ConfluenceErrorInit & { editIndex?: number; matchCount?: number } = {}) {
    super('EDIT_NOT_APPLICABLE', message, init);
    this.name = 'EditNotApplicableError';
    if (init.editIndex !== undefined) this.editIndex = init.editIndex;
    if (init.matchCount !== undefined) this.matchCount = init.matchCount;
  }
}

/** An update of an archived page: refused, since writing it back as current would silently un-archive it. */
export class PageArchivedError extends ConfluenceError {
  constructor(message: string, init?: ConfluenceErrorInit) {
    super('PAGE_ARCHIVED', message, init);
    this.name = 'PageArchivedError';
  }
}

/** Any other unexpected answer: an unmapped status, or a body that does not match the expected shape. */
export class UpstreamError extends ConfluenceError {
  constructor(message: string, init?: ConfluenceErrorInit) {
    super('UPSTREAM_ERROR', message, init);
    this.name = 'UpstreamError';
  }
}

export function isConfluenceError(e: unknown): e is ConfluenceError {
  if (typeof e !== 'object' || e === null) return false;
  const candidate = e as { [BRAND]?: unknown; kind?: unknown };
  return candidate[BRAND] === true && typeof candidate.kind === 'string' && KIND_SET.has(candidate.kind);
}

interface KindMap {
  NOT_FOUND: NotFoundError;
  VERSION_CONFLICT: VersionConflictError;
  RATE_LIMITED: RateLimitedError;
  UNAUTHORIZED: UnauthorizedError;
  FORBIDDEN: ForbiddenError;
  SCOPE_MISSING: ScopeMissingError;
  INVALID_CQL: InvalidCqlError;
  BAD_REQUEST: BadRequestError;
  PAYLOAD_TOO_LARGE: PayloadTooLargeError;
  UPSTREAM_UNAVAILABLE: UpstreamUnavailableError;
  NETWORK: NetworkError;
  TIMEOUT: TimeoutError;
  REAUTH_REQUIRED: ReauthRequiredError;
  OAUTH_ERROR: OAuthError;
  UPSTREAM_ERROR: UpstreamError;
  EDIT_NOT_APPLICABLE: EditNotApplicableError;
  PAGE_ARCHIVED: PageArchivedError;
}

export function isConfluenceErrorKind<K extends ConfluenceErrorKind>(e: unknown, kind: K): e is KindMap[K] {
  return isConfluenceError(e) && e.kind === kind;
}

/** What an agent or an API caller may see: kind, actionable message and the structured facts, nothing secret. */
export interface ConfluenceErrorPayload {
  /** `INTERNAL` for anything that is not a ConfluenceError (a bug, not an upstream answer). */
  kind: ConfluenceErrorKind | 'INTERNAL';
  message: string;
  retryable: boolean;
  status?: number;
  retryAfterMs?: number;
  currentVersion?: number;
  providedVersion?: number;
  missingScope?: string;
  fieldErrors?: FieldErrors;
  traceId?: string;
  /** EDIT_NOT_APPLICABLE: which edit (0-based) and how many matches it found. */
  editIndex?: number;
  matchCount?: number;
}

/** Short alias used by the tools. */
export type ErrorPayload = ConfluenceErrorPayload;

const OPTIONAL_NUMBERS = [
  'status',
  'retryAfterMs',
  'currentVersion',
  'providedVersion',
  'editIndex',
  'matchCount',
] as const;

export function toErrorPayload(e: unknown): ConfluenceErrorPayload {
  if (!isConfluenceError(e)) {
    const text = e instanceof Error ? e.message : String(e);
    return {
      kind: 'INTERNAL',
      message: `Unexpected error: ${truncate(redactSecrets(text))}`,
      retryable: false,
    };
  }
  // Read fields structurally: the error may come from another copy of this package.
  const source = e as ConfluenceError & Partial<Record<(typeof OPTIONAL_NUMBERS)[number], unknown>>;
  const payload: ConfluenceErrorPayload = {
    kind: e.kind,
    message: redactSecrets(e.message),
    retryable: e.retryable,
  };
  for (const key of OPTIONAL_NUMBERS) {
    const value = source[key];
    if (typeof value === 'number') payload[key] = value;
  }
  const { missingScope, fieldErrors } = e as Partial<ScopeMissingError & BadRequestError>;
  if (typeof missingScope === 'string') payload.missingScope = missingScope;
  if (fieldErrors !== undefined) payload.fieldErrors = redactValue(fieldErrors) as FieldErrors;
  if (e.details?.traceId !== undefined) payload.traceId = e.details.traceId;
  return payload;
}
