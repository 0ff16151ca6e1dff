import { z } from 'zod';
import type { Reply } from '../http/reply.js';

/**
 * Atlassian's points-based limit for OAuth apps, first tier: one hourly quota per app (client id) shared by every
 * site that installed it. A call costs a base amount, plus, for a read, an amount per object it returns; a write
 * costs the base. The tier numbers are not in the specs, so all of it is configuration. By default the quota is
 * far above anything a benchmark sends and only reported (headers on every gateway answer, nothing refused).
 */
export const rateLimitConfigSchema = z.strictObject({
  /** Points per window per OAuth app. */
  quota: z.int().positive(),
  windowSeconds: z
    .int()
    .positive()
    .max(24 * 3600),
  baseCost: z.int().nonnegative(),
  /** Extra points per object a read returns (a list's `results`; 1 for a single object). */
  perObjectCost: z.int().nonnegative(),
  /** Answer over-quota calls with 429 (else the meter only reports). */
  enforce: z.boolean(),
});

export type RateLimitConfig = z.output<typeof rateLimitConfigSchema>;

export const DEFAULT_RATE_LIMIT: Readonly<RateLimitConfig> = Object.freeze({
  quota: 1_000_000_000,
  windowSeconds: 3600,
  baseCost: 1,
  perObjectCost: 1,
  enforce: false,
});

/** `RateLimit-Reason` of a 429 from the app-wide quota (Atlassian names the product and the pool). */
export const GLOBAL_QUOTA_REASON = 'confluence-quota-global-based';
const POLICY_NAME = '"global-app"';
const NEAR_LIMIT_FRACTION = 0.2;

export interface AppUsage {
  clientId: string;
  used: number;
  remaining: number;
  resetAt: string;
}

interface Window {
  startedAt: number;
  used: number;
}

export class PointsMeter {
  private readonly windows = new Map<string, Window>();

  constructor(public config: RateLimitConfig) {}

  configure(patch: Partial<RateLimitConfig>, resetUsage: boolean): void {
    this.config = { ...this.config, ...patch };
    if (resetUsage) this.windows.clear();
  }

  /** With enforcement on and the app's quota used up: the 429 Atlassian answers instead of the call. */
  refuse(app: string, now: number): Reply | null {
    if (!this.config.enforce) return null;
    const window = this.window(app, now);
    if (window.used < this.config.quota) return null;
    const retryAfter = Math.max(1, Math.ceil((this.resetAt(window) - now) / 1000));
    return {
      status: 429,
      // The server adds the X-RateLimit-* and Beta-RateLimit headers to every gateway answer.
      headers: { 'retry-after': String(retryAfter), 'ratelimit-reason': GLOBAL_QUOTA_REASON },
      json: { code: 429, message: 'Rate limit exceeded' },
    };
  }

  /** Charges an answered call: the base cost, plus per returned object for a successful read. */
  charge(app: string, method: string, reply: Reply, now: number): void {
    const { baseCost, perObjectCost } = this.config;
    let cost = baseCost;
    if (method === 'GET' && reply.status >= 200 && reply.status < 300 && perObjectCost > 0) {
      cost += perObjectCost * objectsIn(reply.json);
    }
    this.window(app, now).used += cost;
  }

  headers(app: string, now: number): Record<string, string> {
    const { quota, windowSeconds } = this.config;
    const window = this.window(app, now);
    const remaining = Math.max(0, quota - window.used);
    const resetAt = this.resetAt(window);
    return {
      'x-ratelimit-limit': String(quota),
      'x-ratelimit-remaining': String(remaining),
      'x-ratelimit-reset': new Date(resetAt).toISOString(),
      'x-ratelimit-nearlimit': String(remaining < quota * NEAR_LIMIT_FRACTION),
      'beta-ratelimit-policy': `${POLICY_NAME};q=${quota};w=${windowSeconds}`,
      'beta-ratelimit': `${POLICY_NAME};r=${remaining};t=${Math.max(0, Math.ceil((resetAt - now) / 1000))}`,
    };
  }

  usage(now: number): AppUsage[] {
    return [...this.windows.keys()].map((clientId) => {
      const window = this.window(clientId, now);
      return {
        clientId,
        used: window.used,
        remaining: Math.max(0, this.config.quota - window.used),
        resetAt: new Date(this.resetAt(window)).toISOString(),
      };
    });
  }

  private resetAt(window: Window): number {
    return window.startedAt + this.config.windowSeconds * 1000;
  }

  /** Fixed windows on the emulator's clock, so advancing the clock moves a test past the reset. */
  private window(app: string, now: number): Window {
    const windowMs = this.config.windowSeconds * 1000;
    let window = this.windows.get(app);
    if (window === undefined || now >= window.startedAt + windowMs) {
      window = { startedAt: now - (now % windowMs), used: 0 };
      this.windows.set(app, window);
    }
    return window;
  }
}

function objectsIn(body: unknown): number {
  if (typeof body !== 'object' || body === null) return 0;
  const results = (body as { results?: unknown }).results;
  return Array.isArray(results) ? results.length : 1;
}
