/**
 * What reading the rate-limit headers adds to each Confluence answer: RateLimitReader.read over the headers the
 * emulator sends (X-RateLimit-* and Beta-RateLimit), through an undici-style `get` (lower-casing lookup), plus the
 * listener call. Prints ns per call; compare with the ≈ 50–100 µs a call through the client costs (transport.ts).
 *
 *   pnpm --filter @hub/confluence bench:rate-headers   (env: BENCH_N=1000000)
 */
import { performance } from 'node:perf_hooks';
import { RateLimitReader, type RateLimitInfo } from '../src/client/rate-limit-headers.js';

const N = Number(process.env.BENCH_N ?? 1_000_000);
const raw: Record<string, string | string[] | undefined> = {
  'content-type': 'application/json;charset=UTF-8',
  'x-ratelimit-limit': '65000',
  'x-ratelimit-remaining': '48211',
  'x-ratelimit-reset': '2026-03-02T13:00:00.000Z',
  'x-ratelimit-nearlimit': 'false',
  'beta-ratelimit-policy': '"global-app";q=65000;w=3600',
  'beta-ratelimit': '"global-app";r=48211;t=2400',
  'atl-traceid': '0123456789abcdef',
};
// As undiciTransport answers them.
const headers = {
  get(name: string): string | null {
    const value = raw[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  },
};
const betaOnly: Record<string, string | string[] | undefined> = {
  ...raw,
  'x-ratelimit-limit': undefined,
  'x-ratelimit-remaining': undefined,
};
const betaHeaders = { get: (name: string) => (betaOnly[name] as string | undefined) ?? null };

function run(label: string, h: typeof headers): void {
  const reader = new RateLimitReader();
  let sink = 0;
  const listener = (info: RateLimitInfo) => (sink += info.remaining ?? 0);
  for (let i = 0; i < 10_000; i++) listener(reader.read(200, h, 0) as RateLimitInfo);
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  for (let i = 0; i < N; i++) {
    const info = reader.read(200, h, i);
    if (info !== undefined) listener(info);
  }
  const ns = ((performance.now() - started) * 1e6) / N;
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
  console.log(
    `${label}: ${ns.toFixed(0)} ns per answer (${N} answers, heap delta ${heapMb.toFixed(1)} MB, ${sink > 0 ? 'ok' : '?'})`,
  );
}

run('X-RateLimit-* present', headers);
run('Beta-RateLimit only', betaHeaders);
