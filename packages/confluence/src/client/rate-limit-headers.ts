import { parseRetryAfter } from './retry.js';
import type { TransportResponse } from './transport.js';

/** What one Confluence answer said about the app's rate-limit budget. */
export interface RateLimitInfo {
  /** HTTP status of the answer that carried it. */
  status: number;
  /** Points per window (`X-RateLimit-Limit`, else the policy's `q`). */
  limit: number | undefined;
  /** Points left in the window (`X-RateLimit-Remaining`, else `r`). */
  remaining: number | undefined;
  /** When the window resets, ms since the epoch (`X-RateLimit-Reset`, else now + `t` seconds). */
  resetAt: number | undefined;
  /** `X-RateLimit-NearLimit: true`, or under 20 % of the limit left. */
  nearLimit: boolean;
  /** A 429's `Retry-After`, in ms. */
  retryAfterMs?: number;
  /** A 429's `RateLimit-Reason`, e.g. `confluence-quota-global-based`. */
  reason?: string;
}

export type RateLimitListener = (info: RateLimitInfo) => void;

const NEAR_LIMIT_FRACTION = 0.2;

/**
 * Reads the rate-limit headers of every answer, so it stays cheap: a handful of `headers.get`, integer parsing by
 * index (no regex, no split), and the ISO reset time parsed only when it differs from the last one seen (it is
 * the same for a whole window). An answer without any of these headers yields undefined.
 */
export class RateLimitReader {
  private resetText: string | null = null;
  private resetMs: number | undefined;

  read(status: number, headers: TransportResponse['headers'], now: number): RateLimitInfo | undefined {
    const limitText = headers.get('x-ratelimit-limit');
    const remainingText = headers.get('x-ratelimit-remaining');
    const near = headers.get('x-ratelimit-nearlimit');
    let limit = toInt(limitText);
    let remaining = toInt(remainingText);
    let resetAt = this.reset(headers.get('x-ratelimit-reset'));
    if (limit === undefined || remaining === undefined || resetAt === undefined) {
      const policy = headers.get('beta-ratelimit-policy') ?? headers.get('ratelimit-policy');
      const state = headers.get('beta-ratelimit') ?? headers.get('ratelimit');
      limit ??= param(policy, ';q=');
      remaining ??= param(state, ';r=');
      const seconds = param(state, ';t=');
      if (resetAt === undefined && seconds !== undefined) resetAt = now + seconds * 1000;
    }
    if (status !== 429 && limit === undefined && remaining === undefined && near === null) return undefined;
    const info: RateLimitInfo = {
      status,
      limit,
      remaining,
      resetAt,
      nearLimit:
        near === 'true' ||
        (limit !== undefined && remaining !== undefined && remaining < limit * NEAR_LIMIT_FRACTION),
    };
    if (status === 429) {
      const retryAfterMs = parseRetryAfter(headers.get('retry-after'), now);
      if (retryAfterMs !== undefined) info.retryAfterMs = retryAfterMs;
      const reason = headers.get('ratelimit-reason');
      if (reason !== null) info.reason = reason;
    }
    return info;
  }

  private reset(text: string | null): number | undefined {
    if (text === null) return undefined;
    if (text !== this.resetText) {
      const ms = Date.parse(text);
      this.resetText = text;
      this.resetMs = Number.isNaN(ms) ? undefined : ms;
    }
    return this.resetMs;
  }
}

/** A non-negative decimal integer, else undefined (`Number('')` would be 0). */
function toInt(text: string | null): number | undefined {
  if (text === null || text.length === 0 || text.length > 15) return undefined;
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return undefined;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * The integer parameter of the first list member of an IETF RateLimit header (draft structured field:
 * `"global-app";r=120;t=600`), `needle` being e.g. `;r=`; found by index, digits read in place.
 */
function param(field: string | null, needle: string): number | undefined {
  if (field === null) return undefined;
  const at = field.indexOf(needle);
  if (at === -1) return undefined;
  let value = 0;
  let i = at + needle.length;
  const start = i;
  for (; i < field.length && i - start < 15; i++) {
    const digit = field.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) break;
    value = value * 10 + digit;
  }
  return i === start ? undefined : value;
}
