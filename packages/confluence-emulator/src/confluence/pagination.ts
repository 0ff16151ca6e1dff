import { badRequest } from './errors.js';

/**
 * Keyset pagination with an opaque cursor, as v2 does: the cursor names the last item served (its sort value
 * and id), so pages created or deleted while a client pages through do not shift or repeat items.
 */
export type SortValue = string | number;

export interface Sorting<T> {
  name: string;
  key: (item: T) => SortValue;
  descending: boolean;
}

export interface PageOfResults<T> {
  items: T[];
  nextCursor: string | null;
}

/** Sorts (keys computed once per item), then serves `limit` items after the cursor. */
export function paginate<T extends { id: string }>(
  items: T[],
  sorting: Sorting<T>,
  cursor: string | null,
  limit: number,
): PageOfResults<T> {
  const keyed = items.map((item) => ({ item, key: keyOf(item, sorting) }));
  keyed.sort((a, b) => compareKeys(a.key, b.key, sorting.descending));
  let start = 0;
  if (cursor !== null) {
    const after = decodeCursor(cursor, sorting.name);
    start = keyed.findIndex((k) => compareKeys(k.key, after, sorting.descending) > 0);
    if (start === -1) start = keyed.length;
  }
  const page = keyed.slice(start, start + limit);
  const last = page[page.length - 1];
  const hasMore = start + limit < keyed.length;
  return {
    items: page.map((k) => k.item),
    nextCursor: hasMore && last !== undefined ? encodeCursor(sorting.name, last.key) : null,
  };
}

type Key = [SortValue, number];

const collator = new Intl.Collator('en', { sensitivity: 'base' });

function keyOf<T extends { id: string }>(item: T, sorting: Sorting<T>): Key {
  return [sorting.key(item), Number(item.id)];
}

function compareKeys(a: Key, b: Key, descending: boolean): number {
  const primary = compareValues(a[0], b[0]);
  const result = primary !== 0 ? primary : a[1] - b[1];
  return descending ? -result : result;
}

function compareValues(a: SortValue, b: SortValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}

function encodeCursor(sortName: string, key: Key): string {
  return Buffer.from(JSON.stringify([sortName, key[0], key[1]])).toString('base64url');
}

function decodeCursor(cursor: string, sortName: string): Key {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  if (
    !Array.isArray(parsed) ||
    parsed[0] !== sortName ||
    (typeof parsed[1] !== 'string' && typeof parsed[1] !== 'number') ||
    typeof parsed[2] !== 'number'
  ) {
    return badRequest(`Invalid cursor: ${cursor}`);
  }
  return [parsed[1], parsed[2]];
}

/** The relative `next` URL (v2 keeps every original parameter and swaps in the new cursor). */
export function nextLink(path: string, query: URLSearchParams, cursor: string): string {
  const params = new URLSearchParams(query);
  params.set('cursor', cursor);
  return `${path}?${params.toString()}`;
}

export function linkHeader(next: string, base: string): string {
  return `<${next}>; rel="next", <${base}>; rel="base"`;
}
