import {
  BadRequestError,
  type ConfluenceError,
  type ConfluenceErrorDetails,
  ForbiddenError,
  InvalidCqlError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitedError,
  ScopeMissingError,
  UnauthorizedError,
  UpstreamError,
  UpstreamUnavailableError,
  VersionConflictError,
} from '../errors.js';
import type { ParsedErrorBody } from './error-body.js';
import { redactUpstreamText, truncate } from './redact.js';

/** What the client method was doing, so an error can say what to do next. */
export interface RequestContext {
  method: string;
  /** Path under the site, e.g. `/wiki/api/v2/pages/123` (no query string: it may hold user text). */
  path: string;
  /** Human subject, e.g. `Page 123`, `Space 42`, `Comment 7`. */
  subject?: string;
  /** What to try when the subject is not found. */
  notFoundHint?: string;
  /** The OAuth scope this endpoint needs (reported when the token lacks it). */
  scope?: string;
  /** The version number sent in an update. */
  sentVersion?: number;
  isSearch?: boolean;
}

export interface ErrorInput {
  status: number;
  body: ParsedErrorBody;
  retryAfterMs?: number;
  traceId?: string;
  /** Literal secrets (the access token in use) to scrub from upstream text. */
  secrets: readonly string[];
  /** Whether the token was already force-refreshed during this call. */
  refreshed?: boolean;
}

const SCOPE_MISMATCH = /scope does not match|insufficient[_ ]scope|scope.*(missing|required)/i;

/** Confluence's 404 as callers see it; a space allow-list refuses with exactly this, so nothing tells them apart. */
export function notFoundMessage(subject: string, hint: string | undefined): string {
  return `${subject} was not found, or the connected account cannot see it.${hint === undefined ? '' : ` ${hint}`}`;
}

export const isScopeMismatch = (status: number, body: ParsedErrorBody): boolean =>
  status === 401 && SCOPE_MISMATCH.test(body.message ?? '');

/** `Current Version: [5]. Provided version: [5]` in a 409 title. */
export function parseVersionConflict(text: string): { currentVersion?: number; providedVersion?: number } {
  const current = /current\s+version\s*:?\s*\[?\s*(\d+)/i.exec(text)?.[1];
  const provided = /provided\s+version\s*:?\s*\[?\s*(\d+)/i.exec(text)?.[1];
  return {
    ...(current === undefined ? {} : { currentVersion: Number(current) }),
    ...(provided === undefined ? {} : { providedVersion: Number(provided) }),
  };
}

const seconds = (ms: number): string => `${Math.max(1, Math.ceil(ms / 1000))} s`;

export function mapHttpError(input: ErrorInput, ctx: RequestContext): ConfluenceError {
  const { status, body, retryAfterMs } = input;
  const upstream =
    body.message === undefined ? undefined : truncate(redactUpstreamText(body.message, input.secrets));
  const details: ConfluenceErrorDetails = { method: ctx.method, path: ctx.path };
  if (upstream !== undefined) details.upstreamMessage = upstream;
  if (body.code !== undefined) details.upstreamCode = body.code;
  if (input.traceId !== undefined) details.traceId = input.traceId;
  const init = { status, details };
  const said = upstream === undefined ? '' : ` Confluence said: "${upstream}".`;
  const subject = ctx.subject ?? `${ctx.method} ${ctx.path}`;

  if (isScopeMismatch(status, body)) {
    const scope = ctx.scope === undefined ? 'needed for this call' : `"${ctx.scope}"`;
    return new ScopeMissingError(
      `The Confluence connection was not granted the OAuth scope ${scope}. Reconnect Confluence and approve all requested permissions; retrying will not help.`,
      ctx.scope === undefined ? init : { ...init, missingScope: ctx.scope },
    );
  }
  switch (status) {
    case 400:
      // On a search, the query is what a caller gives; the rest (limit, cursor, expand) the client builds. So a 400
      // there is about the CQL — whatever Confluence's wording (a parse error, an unknown field, a value a field
      // does not take) — unless it names one of those other parameters.
      if (ctx.isSearch === true && !/\b(cursor|limit|start|expand|excerpt)\b/i.test(upstream ?? '')) {
        return new InvalidCqlError(
          `The CQL query is invalid.${said} Fix the syntax: \`field op value\` joined by AND/OR/NOT, \`text\` takes ~ (not =), and quote values with spaces or special characters (personal space keys such as "~abc").`,
          init,
        );
      }
      return new BadRequestError(
        `Confluence rejected the request as invalid.${said} Fix the input and retry.`,
        {
          ...init,
          ...(body.fieldErrors === undefined ? {} : { fieldErrors: body.fieldErrors }),
        },
      );
    case 401:
      return new UnauthorizedError(
        `Atlassian rejected the access token (HTTP 401)${input.refreshed === true ? ' even after a refresh' : ''}. Reconnect Confluence; retrying will not help.`,
        init,
      );
    case 403:
      return new ForbiddenError(
        `The connected Atlassian account is not allowed to do this (${subject}: HTTP 403).${said} Ask a space admin for access, or pick content this account can edit.`,
        init,
      );
    case 404:
      return new NotFoundError(notFoundMessage(subject, ctx.notFoundHint), init);
    case 409:
      return versionConflict(ctx, upstream, init);
    case 413:
      return new PayloadTooLargeError(
        `The request body is too large for Confluence (the limit is about 5 MB). Split the content into several pages or remove embedded data.`,
        init,
      );
    case 429:
      return new RateLimitedError(
        `Confluence is rate-limiting this connection.${retryAfterMs === undefined ? ' Wait a little' : ` Wait ${seconds(retryAfterMs)}`} before retrying.`,
        retryAfterMs === undefined ? init : { ...init, retryAfterMs },
      );
    case 502:
    case 503:
    case 504:
      return new UpstreamUnavailableError(
        `Confluence is temporarily unavailable (HTTP ${status}). Try again ${retryAfterMs === undefined ? 'in a minute' : `in ${seconds(retryAfterMs)}`}.`,
        retryAfterMs === undefined ? init : { ...init, retryAfterMs },
      );
    default:
      return new UpstreamError(`Confluence answered ${subject} with an unexpected HTTP ${status}.${said}`, {
        ...init,
        retryable: status >= 500,
      });
  }
}

function versionConflict(
  ctx: RequestContext,
  upstream: string | undefined,
  init: { status: number; details: ConfluenceErrorDetails },
): VersionConflictError {
  const parsed = parseVersionConflict(upstream ?? '');
  const provided = parsed.providedVersion ?? ctx.sentVersion;
  const fields = { ...parsed, ...(provided === undefined ? {} : { providedVersion: provided }) };
  const subject = ctx.subject ?? 'The page';
  const sent = provided === undefined ? '' : `; you sent ${provided - 1}+1`;
  const message =
    parsed.currentVersion === undefined
      ? `${subject} was changed by someone else (version conflict)${sent}. Call get_confluence_page again and retry with its current version.`
      : `${subject} is at version ${parsed.currentVersion}${sent}. Call get_confluence_page again and retry with version ${parsed.currentVersion}.`;
  return new VersionConflictError(message, { ...init, ...fields });
}
