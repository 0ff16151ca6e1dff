import { UpstreamError } from '../errors.js';
import type { PageOf } from './models.js';

const LINK_NEXT = /<([^>]+)>\s*;\s*rel="?next"?/i;

/**
 * The `cursor` parameter of the next-page link: `_links.next` (v2: `/wiki/api/v2/…`, v1 search: relative to
 * `/wiki`), or the `Link: <…>; rel="next"` header when the body has none. Null on the last page.
 */
export function nextCursorOf(
  next: string | null | undefined,
  linkHeader: string | null = null,
): string | null {
  const href = next ?? (linkHeader === null ? undefined : LINK_NEXT.exec(linkHeader)?.[1]);
  if (href === undefined || href === '') return null;
  // The query string alone (no URL to build: this runs on every page of every listing).
  const start = href.indexOf('?');
  if (start === -1) return null;
  const end = href.indexOf('#', start);
  const cursor = new URLSearchParams(href.slice(start + 1, end === -1 ? undefined : end)).get('cursor');
  return cursor === null || cursor === '' ? null : cursor;
}

/**
 * Every item of every page, fetched lazily one page at a time: memory stays flat however long the listing.
 * Stop early with `break`; nothing more is fetched.
 */
export async function* paginate<T, P extends object>(
  // `P extends { cursor?: string }` would reject `{ limit: 250 }` (no common property with a weak type) and
  // silently fall back to the constraint; intersecting keeps P inferred from the params as written.
  fetchPage: (params: P & { cursor?: string }) => Promise<PageOf<T>>,
  params: P & { cursor?: string },
): AsyncGenerator<T> {
  let cursor = params.cursor;
  for (;;) {
    const page = await fetchPage(cursor === undefined ? params : { ...params, cursor });
    yield* page.items;
    if (page.nextCursor === null) return;
    // A server that hands back the cursor it was given would loop forever.
    if (page.nextCursor === cursor) {
      throw new UpstreamError(
        'Confluence returned the same pagination cursor twice; stopping to avoid a loop.',
      );
    }
    cursor = page.nextCursor;
  }
}
