import { startEmulator } from '@hub/confluence-emulator';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';

import { RateLimitedError } from '../errors.js';
import { ConfluenceClient } from './confluence-client.js';
import { fakeTransport } from './fake-transport.js';
import { RateLimitReader, type RateLimitInfo } from './rate-limit-headers.js';

const NOW = Date.parse('2026-03-02T12:10:00Z');
const ACME = '11111111-1111-4111-8111-111111111111';
const headersOf = (h: Record<string, string>) => ({ get: (name: string) => h[name] ?? null });

describe('RateLimitReader', () => {
  test('Atlassian X-RateLimit-* headers', () => {
    const info = new RateLimitReader().read(
      200,
      headersOf({
        'x-ratelimit-limit': '65000',
        'x-ratelimit-remaining': '12000',
        'x-ratelimit-reset': '2026-03-02T13:00:00Z',
        'x-ratelimit-nearlimit': 'true',
      }),
      NOW,
    );
    expect(info).toEqual({
      status: 200,
      limit: 65000,
      remaining: 12000,
      resetAt: Date.parse('2026-03-02T13:00:00Z'),
      nearLimit: true,
    });
  });

  test('IETF-draft (Beta-)RateLimit headers when the X- ones are missing; near-limit derived below 20 %', () => {
    const reader = new RateLimitReader();
    const beta = reader.read(
      200,
      headersOf({
        'beta-ratelimit-policy': '"global-app";q=1000;w=3600',
        'beta-ratelimit': '"global-app";r=150;t=600',
      }),
      NOW,
    );
    expect(beta).toEqual({
      status: 200,
      limit: 1000,
      remaining: 150,
      resetAt: NOW + 600_000,
      nearLimit: true,
    });
    const plain = reader.read(
      200,
      headersOf({ 'ratelimit-policy': '"global-app";q=1000;w=3600', ratelimit: '"global-app";r=900;t=5' }),
      NOW,
    );
    expect(plain).toMatchObject({ limit: 1000, remaining: 900, resetAt: NOW + 5000, nearLimit: false });
  });

  test('a 429 carries Retry-After and RateLimit-Reason, even without any budget header', () => {
    const info = new RateLimitReader().read(
      429,
      headersOf({ 'retry-after': '30', 'ratelimit-reason': 'confluence-quota-global-based' }),
      NOW,
    );
    expect(info).toEqual({
      status: 429,
      limit: undefined,
      remaining: undefined,
      resetAt: undefined,
      nearLimit: false,
      retryAfterMs: 30_000,
      reason: 'confluence-quota-global-based',
    });
  });

  test('no rate-limit header, or only garbage: nothing to report', () => {
    const reader = new RateLimitReader();
    expect(reader.read(200, headersOf({ 'content-type': 'application/json' }), NOW)).toBeUndefined();
    expect(
      reader.read(200, headersOf({ 'x-ratelimit-limit': 'lots', 'x-ratelimit-remaining': '' }), NOW),
    ).toBeUndefined();
    expect(
      reader.read(200, headersOf({ 'x-ratelimit-remaining': '5', 'x-ratelimit-reset': 'soon' }), NOW),
    ).toMatchObject({ remaining: 5, resetAt: undefined });
  });
});

describe('ConfluenceClient onRateLimit', () => {
  test('is told on every attempt, a retried 429 included; a throwing listener does not fail the call', async () => {
    const seen: RateLimitInfo[] = [];
    const budget = {
      'x-ratelimit-limit': '100',
      'x-ratelimit-remaining': '40',
      'x-ratelimit-reset': '2026-03-02T13:00:00Z',
    };
    const client = new ConfluenceClient({
      cloudId: ACME,
      getAccessToken: () => Promise.resolve('t'),
      transport: fakeTransport([
        { status: 429, headers: { 'retry-after': '1', ...budget, 'x-ratelimit-remaining': '0' } },
        { status: 200, headers: budget, body: { results: [], _links: {} } },
      ]),
      sleep: () => Promise.resolve(),
      onRateLimit: (info) => {
        seen.push(info);
        throw new Error('listener bug');
      },
    });
    await client.listSpaces();
    expect(seen.map((s) => [s.status, s.remaining, s.retryAfterMs])).toEqual([
      [429, 0, 1000],
      [200, 40, undefined],
    ]);
  });

  describe('against the emulator', () => {
    let emu: Awaited<ReturnType<typeof startEmulator>>;
    beforeAll(async () => {
      emu = await startEmulator({ port: 0, rateLimit: { quota: 30, enforce: true } });
    });
    afterAll(() => emu.close());

    test('reports the meter call by call, then the 429 once the quota is used up', async () => {
      const { access_token } = await emu.control.issueTokens({ accountId: 'acc-ada' });
      const onRateLimit = vi.fn<(info: RateLimitInfo) => void>();
      const client = new ConfluenceClient({
        cloudId: ACME,
        apiBaseUrl: emu.url,
        getAccessToken: () => Promise.resolve(access_token),
        onRateLimit,
        retry: false,
      });
      const page = await client.listSpaces({ limit: 5 });
      expect(onRateLimit).toHaveBeenLastCalledWith(
        expect.objectContaining({ status: 200, limit: 30, remaining: 30 - 1 - page.items.length }),
      );
      let error: unknown;
      for (let i = 0; i < 10 && error === undefined; i++) {
        error = await client.listSpaces({ limit: 5 }).then(
          () => undefined,
          (e: unknown) => e,
        );
      }
      expect(error).toBeInstanceOf(RateLimitedError);
      const last = onRateLimit.mock.lastCall?.[0];
      expect(last).toMatchObject({
        status: 429,
        remaining: 0,
        nearLimit: true,
        reason: 'confluence-quota-global-based',
      });
      expect(last?.retryAfterMs).toBeGreaterThan(0);
      expect(last?.resetAt).toBeGreaterThan(Date.now());
    });
  });
});
