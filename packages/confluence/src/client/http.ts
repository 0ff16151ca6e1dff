import { BadRequestError, NetworkError, TimeoutError, UpstreamError } from '../errors.js';
import { parseErrorBody } from './error-body.js';
import { isScopeMismatch, mapHttpError, type RequestContext } from './error-mapping.js';
import { RateLimitReader, type RateLimitListener } from './rate-limit-headers.js';
import { redactSecrets, truncate } from './redact.js';
import { backoffDelay, parseRetryAfter, RETRYABLE_STATUSES, type RetryPolicy } from './retry.js';
import type { Transport, TransportResponse } from './transport.js';

export type QueryValue = string | number | boolean | readonly string[] | undefined;

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path under the base URL, e.g. `/wiki/api/v2/pages/1`. */
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** Instead of `body` (sent as JSON): bytes sent as they are, e.g. a multipart upload, with their headers. */
  rawBody?: { contentType: string; bytes: Uint8Array; headers?: Record<string, string> };
  signal?: AbortSignal | undefined;
  context?: Omit<RequestContext, 'method' | 'path'>;
}

export interface HttpResult {
  method: string;
  path: string;
  status: number;
  json: unknown;
  headers: TransportResponse['headers'];
}

export interface HttpEngineOptions {
  /** `{apiBaseUrl}/ex/confluence/{cloudId}` without a trailing slash. */
  baseUrl: string;
  getAccessToken: () => Promise<string>;
  refreshAccessToken?: (() => Promise<string>) | undefined;
  tokenMayBeStale?: (() => boolean) | undefined;
  transport: Transport;
  timeoutMs: number;
  retry: RetryPolicy;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  userAgent: string;
  random?: () => number;
  /** Told what every answer's rate-limit headers said (429s included); see rate-limit-headers.ts. */
  onRateLimit?: RateLimitListener | undefined;
}

/**
 * Array parameters the specs document as comma-separated: v2's "comma-separated list" (GET /spaces: ids, keys,
 * labels; GET /pages: id, space-id) and v1's `expand` (style form, explode false).
 */
const COMMA_LISTS = new Set(['ids', 'keys', 'labels', 'id', 'space-id', 'expand']);

export function buildQuery(query: Record<string, QueryValue> = {}): string {
  const parts: string[] = [];
  for (const [key, raw] of Object.entries(query)) {
    if (raw === undefined) continue;
    if (typeof raw !== 'object') {
      parts.push(`${encodeComponent(key, key)}=${encodeComponent(String(raw), key)}`);
      continue;
    }
    if (raw.length === 0) continue;
    // As the spec documents each: one comma-separated value where it says so, else one parameter per value
    // (OpenAPI's default form, e.g. status=current&status=archived).
    const values = COMMA_LISTS.has(key) ? [raw.join(',')] : raw;
    for (const value of values) parts.push(`${encodeComponent(key, key)}=${encodeComponent(value, key)}`);
  }
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

/**
 * encodeURIComponent, with its URIError for text that is not Unicode (a lone UTF-16 surrogate) turned into a
 * typed BAD_REQUEST naming the parameter: such text cannot be sent to Confluence at all.
 */
export function encodeComponent(value: string, name: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    throw new BadRequestError(
      `${name} is not valid Unicode text (it contains a lone UTF-16 surrogate): fix the text and retry.`,
    );
  }
}

type Attempt = { ok: true; res: TransportResponse; text: string } | { ok: false; error: Error };

export class HttpEngine {
  private readonly rateLimits: RateLimitReader | undefined;

  constructor(private readonly opts: HttpEngineOptions) {
    if (opts.onRateLimit !== undefined) this.rateLimits = new RateLimitReader();
  }

  async send(req: HttpRequest): Promise<HttpResult> {
    const { opts } = this;
    const ctx: RequestContext = { ...req.context, method: req.method, path: req.path };
    const url = `${opts.baseUrl}${req.path}${buildQuery(req.query)}`;
    const body =
      req.rawBody !== undefined
        ? req.rawBody.bytes
        : req.body === undefined
          ? undefined
          : JSON.stringify(req.body);
    // GET and DELETE (removing a label) may be sent again; a POST or PUT could apply twice.
    const idempotent = req.method === 'GET' || req.method === 'DELETE';
    let token = await opts.getAccessToken();
    let refreshed = false;
    let retriesLeft = opts.retry.retries;

    for (let attempt = 0; ; attempt++) {
      req.signal?.throwIfAborted();
      const result = await this.attempt(req, url, token, body);
      if (!result.ok) {
        if (result.error instanceof NetworkError && idempotent && retriesLeft > 0) {
          retriesLeft--;
          await opts.sleep(backoffDelay(attempt, opts.retry, opts.random), req.signal);
          continue;
        }
        throw result.error;
      }
      const { res, text } = result;
      // Every attempt's answer, so a 429 that is then retried is seen too.
      if (this.rateLimits !== undefined) reportRateLimit(this.rateLimits, res, opts.onRateLimit);
      if (res.status >= 200 && res.status < 300)
        return {
          method: req.method,
          path: req.path,
          status: res.status,
          json: parseJson(text, ctx, token),
          headers: res.headers,
        };

      const parsed = parseErrorBody(text);
      if (tokenLooksStale(res.status, parsed, opts) && !refreshed && opts.refreshAccessToken !== undefined) {
        // A rejected token means nothing was applied, so any method may be sent again once.
        refreshed = true;
        token = await opts.refreshAccessToken();
        continue;
      }

      const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
      const tooLong = retryAfterMs !== undefined && retryAfterMs > opts.retry.maxRetryAfterMs;
      if (RETRYABLE_STATUSES.has(res.status) && idempotent && retriesLeft > 0 && !tooLong) {
        retriesLeft--;
        await opts.sleep(retryAfterMs ?? backoffDelay(attempt, opts.retry, opts.random), req.signal);
        continue;
      }
      throw httpError(res, parsed, { token, refreshed, retryAfterMs }, ctx);
    }
  }

  /** One exchange, bounded by the per-attempt timeout; transport failures become typed errors. */
  private async attempt(
    req: HttpRequest,
    url: string,
    token: string,
    body: string | Uint8Array | undefined,
  ): Promise<Attempt> {
    const { opts } = this;
    // One signal for the transport: the timeout's, which the caller's abort also fires. (AbortSignal.any would
    // do the same with a dependent signal tracked by weak references, a measurable cost on every call.)
    const timer = new AbortController();
    const timeout = setTimeout(() => timer.abort(), opts.timeoutMs);
    const callerAborted = () => timer.abort(req.signal?.reason);
    req.signal?.addEventListener('abort', callerAborted, { once: true });
    const signal = timer.signal;
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      accept: 'application/json',
      'user-agent': opts.userAgent,
    };
    if (req.rawBody !== undefined)
      Object.assign(headers, req.rawBody.headers, { 'content-type': req.rawBody.contentType });
    else if (body !== undefined) headers['content-type'] = 'application/json';
    try {
      const res = await opts.transport({
        method: req.method,
        url,
        headers,
        signal,
        ...(body === undefined ? {} : typeof body === 'string' ? { body } : { bytes: body }),
      });
      // The timeout covers the body too: a server that stalls mid-body is as dead as one that never answers.
      const text = await res.text();
      return { ok: true, res, text };
    } catch (error) {
      req.signal?.throwIfAborted();
      const details = { method: req.method, path: req.path };
      if (timer.signal.aborted) {
        return {
          ok: false,
          error: new TimeoutError(
            `Confluence did not answer ${req.method} ${req.path} within ${opts.timeoutMs} ms.${writeHint(req.method)}`,
            { details },
          ),
        };
      }
      const code = errorCode(error);
      return {
        ok: false,
        error: new NetworkError(
          `Could not reach Confluence for ${req.method} ${req.path}${code === undefined ? '' : ` (${code})`}.${writeHint(req.method)}`,
          { details, cause: error },
        ),
      };
    } finally {
      clearTimeout(timeout);
      req.signal?.removeEventListener('abort', callerAborted);
    }
  }
}

/** Reports an answer's rate-limit headers. A listener's failure never fails the call. */
export function reportRateLimit(
  reader: RateLimitReader,
  res: TransportResponse,
  listener: RateLimitListener | undefined,
): void {
  const info = reader.read(res.status, res.headers, Date.now());
  if (info === undefined) return;
  try {
    listener?.(info);
  } catch {
    // Reporting is advisory: the answer itself is what the caller asked for.
  }
}

/**
 * Whether a refusal may come from an access token revoked or rotated since it was cached, so that one refresh and
 * resend is worth it: a 401 that is not about scopes, or a 403/404 while the cached token is past its expiry.
 */
export function tokenLooksStale(
  status: number,
  body: ReturnType<typeof parseErrorBody>,
  opts: Pick<HttpEngineOptions, 'tokenMayBeStale'>,
): boolean {
  if (status === 401) return !isScopeMismatch(status, body);
  return (status === 403 || status === 404) && opts.tokenMayBeStale?.() === true;
}

/** The typed error of a final non-2xx answer (the token redacted from anything quoted). */
export function httpError(
  res: TransportResponse,
  body: ReturnType<typeof parseErrorBody>,
  sent: { token: string; refreshed: boolean; retryAfterMs?: number | undefined },
  ctx: RequestContext,
): Error {
  const traceId = res.headers.get('atl-traceid') ?? undefined;
  return mapHttpError(
    {
      status: res.status,
      body,
      secrets: [sent.token],
      refreshed: sent.refreshed,
      ...(sent.retryAfterMs === undefined ? {} : { retryAfterMs: sent.retryAfterMs }),
      ...(traceId === undefined ? {} : { traceId }),
    },
    ctx,
  );
}

const writeHint = (method: string): string =>
  method === 'GET' || method === 'DELETE'
    ? ' Try again shortly.'
    : ' The change may or may not have been applied: read the content back before retrying.';

function errorCode(error: unknown): string | undefined {
  const read = (e: unknown): unknown =>
    typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  const code = read(error) ?? read((error as { cause?: unknown } | null)?.cause);
  return typeof code === 'string' ? code : undefined;
}

function parseJson(text: string, ctx: RequestContext, token: string): unknown {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    throw new UpstreamError(
      `Confluence answered ${ctx.method} ${ctx.path} with a body that is not JSON ("${truncate(redactSecrets(text, [token]), 80)}").`,
      { details: { method: ctx.method, path: ctx.path } },
    );
  }
}
