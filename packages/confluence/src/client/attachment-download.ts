import { NetworkError, NotFoundError, PayloadTooLargeError, TimeoutError, UpstreamError } from '../errors.js';
import type { DownloadedFile } from './attachment-models.js';
import { parseErrorBody } from './error-body.js';
import type { RequestContext } from './error-mapping.js';
import {
  buildQuery,
  httpError,
  reportRateLimit,
  tokenLooksStale,
  type HttpEngineOptions,
  type QueryValue,
} from './http.js';
import { RateLimitReader } from './rate-limit-headers.js';
import { parseRetryAfter } from './retry.js';
import type { TransportResponse } from './transport.js';

/** How many redirects a download follows (Confluence → media store is one). */
const MAX_REDIRECTS = 3;

export interface DownloadRequest {
  path: string;
  query?: Record<string, QueryValue>;
  context: Omit<RequestContext, 'method' | 'path'>;
  maxBytes: number;
  /** Says what to do when the file is over `maxBytes`. */
  tooLargeMessage: (size: number | undefined) => string;
  signal?: AbortSignal | undefined;
}

type Hop = { res: TransportResponse; abort: () => void; done: () => void };

/**
 * Downloads bytes with a hard size cap, streaming: a declared Content-Length over the cap is refused before the
 * body is read, and a body that grows past it is abandoned at that point, so at most `maxBytes` are ever held.
 *
 * The first request goes to Confluence with the bearer token (token refresh and error mapping as in HttpEngine);
 * Confluence answers with a redirect to the media store, whose URL carries its own short-lived token. That hop is
 * sent WITHOUT the Confluence token (another origin must never see it), and its URL — a credential — appears in no
 * error. Nothing is retried: a read of megabytes is the caller's to repeat.
 */
export class AttachmentDownloader {
  private readonly rateLimits: RateLimitReader | undefined;

  constructor(private readonly opts: HttpEngineOptions) {
    if (opts.onRateLimit !== undefined) this.rateLimits = new RateLimitReader();
  }

  async download(req: DownloadRequest): Promise<DownloadedFile> {
    const { opts } = this;
    const ctx: RequestContext = { ...req.context, method: 'GET', path: req.path };
    let url = `${opts.baseUrl}${req.path}${buildQuery(req.query)}`;
    let token = await opts.getAccessToken();
    let refreshed = false;
    let authorized = true;
    for (let hops = 0; ;) {
      req.signal?.throwIfAborted();
      const headers: Record<string, string> = { accept: '*/*', 'user-agent': opts.userAgent };
      if (authorized) headers.authorization = `Bearer ${token}`;
      const hop = await this.send(url, headers, ctx, req.signal);
      const { res } = hop;
      try {
        if (authorized && this.rateLimits !== undefined)
          reportRateLimit(this.rateLimits, res, opts.onRateLimit);
        if (res.status >= 200 && res.status < 300) return await this.readCapped(hop, req, ctx);
        const location = res.headers.get('location');
        if (res.status >= 300 && res.status < 400 && location !== null) {
          await res.text().catch(() => '');
          if (++hops > MAX_REDIRECTS) throw upstream(`more than ${MAX_REDIRECTS} redirects`, ctx);
          url = nextUrl(url, location, ctx);
          authorized = false;
          continue;
        }
        const text = await res.text().catch(() => '');
        if (!authorized) throw mediaError(res.status, ctx);
        const parsed = parseErrorBody(text);
        if (
          tokenLooksStale(res.status, parsed, opts) &&
          !refreshed &&
          opts.refreshAccessToken !== undefined
        ) {
          refreshed = true;
          token = await opts.refreshAccessToken();
          continue;
        }
        const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
        throw httpError(res, parsed, { token, refreshed, retryAfterMs }, ctx);
      } finally {
        hop.done();
      }
    }
  }

  /** One exchange under the per-request timeout (which also covers reading the body). */
  private async send(
    url: string,
    headers: Record<string, string>,
    ctx: RequestContext,
    signal: AbortSignal | undefined,
  ): Promise<Hop> {
    const timer = new AbortController();
    const timeout = setTimeout(() => timer.abort(), this.opts.timeoutMs);
    const callerAborted = () => timer.abort(signal?.reason);
    signal?.addEventListener('abort', callerAborted, { once: true });
    const done = () => {
      clearTimeout(timeout);
      signal?.removeEventListener('abort', callerAborted);
    };
    try {
      const res = await this.opts.transport({ method: 'GET', url, headers, signal: timer.signal });
      return { res, abort: () => timer.abort(), done };
    } catch {
      // No cause attached: a transport's error may quote the URL, and the media store's URL is a credential.
      done();
      signal?.throwIfAborted();
      const details = { method: ctx.method, path: ctx.path };
      if (timer.signal.aborted) {
        throw new TimeoutError(
          `The attachment download did not answer within ${this.opts.timeoutMs} ms. Try again shortly.`,
          { details },
        );
      }
      throw new NetworkError('Could not reach Confluence to download the attachment. Try again shortly.', {
        details,
      });
    }
  }

  private async readCapped(hop: Hop, req: DownloadRequest, ctx: RequestContext): Promise<DownloadedFile> {
    const { res } = hop;
    const declared = Number(res.headers.get('content-length') ?? Number.NaN);
    if (declared > req.maxBytes) {
      hop.abort();
      throw new PayloadTooLargeError(req.tooLargeMessage(declared), { status: 413 });
    }
    if (res.chunks === undefined) throw upstream('a transport that cannot stream (no chunks())', ctx);
    const chunks: Uint8Array[] = [];
    let size = 0;
    try {
      for await (const chunk of res.chunks()) {
        size += chunk.byteLength;
        if (size > req.maxBytes) {
          hop.abort();
          throw new PayloadTooLargeError(req.tooLargeMessage(undefined), { status: 413 });
        }
        chunks.push(chunk);
      }
    } catch (error) {
      if (error instanceof PayloadTooLargeError) throw error;
      req.signal?.throwIfAborted();
      // No cause, as above: it may quote the media store's URL.
      throw new NetworkError('The attachment download broke off (or timed out). Try again shortly.', {
        details: { method: ctx.method, path: ctx.path },
      });
    }
    const type = res.headers.get('content-type');
    return { bytes: Buffer.concat(chunks, size), mediaType: type === null ? undefined : type };
  }
}

function upstream(what: string, ctx: RequestContext): UpstreamError {
  return new UpstreamError(`The attachment download failed: ${what}.`, {
    details: { method: ctx.method, path: ctx.path },
  });
}

/** The redirect target, absolute; only http(s). */
function nextUrl(current: string, location: string, ctx: RequestContext): string {
  let next: URL;
  try {
    next = new URL(location, current);
  } catch {
    throw upstream('a redirect to an invalid URL', ctx);
  }
  if (next.protocol !== 'https:' && next.protocol !== 'http:')
    throw upstream('a redirect to a non-HTTP URL', ctx);
  // The media URL carries a token: never in clear text, unless the whole exchange already is (a local emulator).
  if (next.protocol === 'http:' && new URL(current).protocol !== 'http:')
    throw upstream('a redirect from HTTPS to plain HTTP', ctx);
  // What the download reads goes back to the caller: no redirect may point it into this host's own network.
  if (internalHost(next.hostname) && !internalHost(new URL(current).hostname))
    throw upstream('a redirect to a loopback, link-local or private address', ctx);
  return next.toString();
}

/** A loopback, link-local, private or unspecified address literal, or localhost. */
function internalHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(host);
  if (v4 !== null) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127)
    );
  }
  if (!host.includes(':')) return false;
  return (
    host === '::' ||
    host === '::1' ||
    /^f[cd]/.test(host) ||
    /^fe[89ab]/.test(host) ||
    host.startsWith('::ffff:')
  );
}

/** The media store's refusals: its URL (and token) came from Confluence a moment ago. */
function mediaError(status: number, ctx: RequestContext) {
  const details = { method: ctx.method, path: ctx.path };
  if (status === 404) {
    return new NotFoundError(
      `${ctx.subject ?? 'The attachment'}'s file was not found in Confluence's media store. It may have just been replaced: list the attachments again.`,
      { status, details },
    );
  }
  return new UpstreamError(
    `Confluence's media store refused the download (HTTP ${status}). Try again: each try gets a fresh link.`,
    { status, retryable: status >= 500 || status === 401 || status === 403 || status === 429, details },
  );
}
