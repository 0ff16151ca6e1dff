import { describe, expect, test, vi } from 'vitest';
import type { PageOf } from './models.js';
import { nextCursorOf, paginate } from './pagination.js';

describe('nextCursorOf', () => {
  test('reads the cursor from v2 and v1 next links', () => {
    expect(nextCursorOf('/wiki/api/v2/spaces?limit=2&cursor=eyJpZCI6MTJ9')).toBe('eyJpZCI6MTJ9');
    expect(nextCursorOf('/rest/api/search?cql=type%3Dpage&cursor=raNDoM%2BsTR%3D&limit=25')).toBe(
      'raNDoM+sTR=',
    );
    expect(nextCursorOf('https://acme.atlassian.net/wiki/api/v2/pages?cursor=abs')).toBe('abs');
  });
  test('falls back to the Link header', () => {
    expect(nextCursorOf(undefined, '</wiki/api/v2/spaces?cursor=fromHeader>; rel="next"')).toBe('fromHeader');
  });
  test('null on the last page', () => {
    expect(nextCursorOf(undefined)).toBeNull();
    expect(nextCursorOf(null, null)).toBeNull();
    expect(nextCursorOf('/wiki/api/v2/spaces?limit=2')).toBeNull();
  });
});

describe('paginate', () => {
  const pages: Record<string, PageOf<number>> = {
    start: { items: [1, 2], nextCursor: 'b', baseUrl: undefined },
    b: { items: [3, 4], nextCursor: 'c', baseUrl: undefined },
    c: { items: [5], nextCursor: null, baseUrl: undefined },
  };
  const fetchPage = vi.fn((p: { cursor?: string; limit: number }) => {
    const page = pages[p.cursor ?? 'start'];
    if (page === undefined) throw new Error('unknown cursor');
    return Promise.resolve(page);
  });

  test('follows nextCursor to the end, keeping the other params', async () => {
    fetchPage.mockClear();
    const all: number[] = [];
    for await (const n of paginate(fetchPage, { limit: 2 })) all.push(n);
    expect(all).toEqual([1, 2, 3, 4, 5]);
    expect(fetchPage.mock.calls.map((c) => c[0])).toEqual([
      { limit: 2 },
      { limit: 2, cursor: 'b' },
      { limit: 2, cursor: 'c' },
    ]);
  });

  test('fetches lazily: breaking early requests no more pages', async () => {
    fetchPage.mockClear();
    for await (const n of paginate(fetchPage, { limit: 2 })) if (n === 2) break;
    expect(fetchPage).toHaveBeenCalledTimes(1);
  });

  test('starts from a given cursor', async () => {
    const all: number[] = [];
    for await (const n of paginate(fetchPage, { limit: 2, cursor: 'c' })) all.push(n);
    expect(all).toEqual([5]);
  });

  test('stops with an error when the server repeats a cursor', async () => {
    const loop = () => Promise.resolve({ items: [1], nextCursor: 'same', baseUrl: undefined });
    const run = async () => {
      for await (const _ of paginate(loop, { cursor: 'same' })) {
        // drain
      }
    };
    await expect(run()).rejects.toMatchObject({ kind: 'UPSTREAM_ERROR' });
  });
});
