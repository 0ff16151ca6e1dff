/**
 * Plausible `X-RateLimit-*` headers: a per-caller fixed window on the emulator's clock. The budget is only
 * reported, never enforced, so benchmarks are not throttled; tests that need a 429 inject one as a fault.
 */
export const RATE_LIMIT_PER_WINDOW = 10_000;
const WINDOW_MS = 60_000;

interface Window {
  startedAt: number;
  used: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  headers(caller: string, now: number): Record<string, string> {
    let window = this.windows.get(caller);
    if (window === undefined || now - window.startedAt >= WINDOW_MS) {
      window = { startedAt: now - (now % WINDOW_MS), used: 0 };
      this.windows.set(caller, window);
    }
    window.used += 1;
    const remaining = Math.max(0, RATE_LIMIT_PER_WINDOW - window.used);
    return {
      'x-ratelimit-limit': String(RATE_LIMIT_PER_WINDOW),
      'x-ratelimit-remaining': String(remaining),
      'x-ratelimit-reset': new Date(window.startedAt + WINDOW_MS).toISOString(),
      'x-ratelimit-nearlimit': String(remaining < RATE_LIMIT_PER_WINDOW * 0.2),
    };
  }
}
