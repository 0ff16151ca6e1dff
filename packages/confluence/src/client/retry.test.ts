import { describe, expect, test } from 'vitest';
import { abortableSleep, backoffDelay, DEFAULT_RETRY, parseRetryAfter, resolveRetry } from './retry.js';

describe('parseRetryAfter', () => {
  test('delta-seconds', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(' 0 ')).toBe(0);
    expect(parseRetryAfter('1.5')).toBe(1500);
  });
  test('HTTP date, relative to now, never negative', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:59:00 GMT', now)).toBe(0);
  });
  test('absent or garbage', () => {
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter('-5')).toBeUndefined();
  });
});

describe('backoffDelay', () => {
  test('full jitter grows exponentially and is capped', () => {
    const top = () => 0.999999;
    expect(backoffDelay(0, DEFAULT_RETRY, top)).toBe(499);
    expect(backoffDelay(2, DEFAULT_RETRY, top)).toBe(1999);
    expect(backoffDelay(10, DEFAULT_RETRY, top)).toBe(9999);
    expect(backoffDelay(3, DEFAULT_RETRY, () => 0)).toBe(0);
  });
});

test('resolveRetry', () => {
  expect(resolveRetry(undefined)).toEqual(DEFAULT_RETRY);
  expect(resolveRetry(false).retries).toBe(0);
  expect(resolveRetry({ retries: 1 })).toEqual({ ...DEFAULT_RETRY, retries: 1 });
});

describe('abortableSleep', () => {
  test('rejects with the abort reason', async () => {
    const ac = new AbortController();
    const p = abortableSleep(10_000, ac.signal);
    ac.abort(new Error('stop'));
    await expect(p).rejects.toThrow('stop');
  });
  test('rejects at once when already aborted', async () => {
    await expect(abortableSleep(10, AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
  });
  test('resolves', async () => {
    await expect(abortableSleep(1)).resolves.toBeUndefined();
  });
});
