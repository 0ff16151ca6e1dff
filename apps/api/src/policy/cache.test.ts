import { describe, expect, it, vi } from 'vitest';

import { POLICY_MAX_AGE_MS, PolicyCache } from './cache.js';

const unavailable = () => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });

describe('PolicyCache', () => {
  it('reads once per max age, again after it, and at once after forget', async () => {
    let now = 0;
    const cache = new PolicyCache(() => now);
    let reads = 0;
    const load = () => Promise.resolve(++reads);
    expect(await cache.get('k', load)).toBe(1);
    now += POLICY_MAX_AGE_MS - 1;
    expect(await cache.get('k', load)).toBe(1);
    now += 1;
    expect(await cache.get('k', load)).toBe(2);
    cache.forget('k');
    expect(await cache.get('k', load)).toBe(3);
  });

  it('keeps the last known policy through a database outage, and fails without one', async () => {
    let now = 0;
    const cache = new PolicyCache(() => now);
    expect(await cache.get('k', () => Promise.resolve('narrow'))).toBe('narrow');
    now += POLICY_MAX_AGE_MS;
    expect(await cache.get('k', () => Promise.reject(unavailable()))).toBe('narrow');
    await expect(cache.get('other', () => Promise.reject(unavailable()))).rejects.toThrow(/ECONNREFUSED/);
    // Any other failure is not hidden.
    await expect(cache.get('k', () => Promise.reject(new Error('bug')))).rejects.toThrow('bug');
  });

  it('answers with the known policy when the database hangs on a refresh, and later callers do not wait', async () => {
    vi.useFakeTimers();
    try {
      let now = 0;
      const cache = new PolicyCache(() => now);
      await cache.get('k', () => Promise.resolve('known'));
      now += POLICY_MAX_AGE_MS;
      const hang = () => new Promise<string>(() => undefined);
      // The first caller waits out its patience (2 s), then gets the known policy.
      const first = cache.get('k', hang);
      await vi.advanceTimersByTimeAsync(2_000);
      expect(await first).toBe('known');
      // The refresh is still stuck: a later caller gets the known policy without any timer firing.
      now += 2_000;
      const later = cache.get('k', hang);
      const settled = await Promise.race([later, Promise.resolve('still waiting')]);
      expect(settled).toBe('known');
    } finally {
      vi.useRealTimers();
    }
  });
});
