/** Where the panel's Integrations page lives; the default place to come back to after a consent. */
export const DEFAULT_RETURN_PATH = '/integrations';

const MAX_LENGTH = 512;
const OUTCOME_KEYS = ['connected', 'choose', 'error', 'message'];
// A throw-away origin to parse against: a path that keeps it is relative to whatever origin served the redirect.
const BASE = 'http://return-path.invalid';

/**
 * A same-origin relative path (`/integrations?tab=x`), or null. Refuses whatever a browser could read as another
 * origin: scheme-relative `//host`, backslashes (browsers treat `/\host` as `//host`), control characters and
 * whitespace (browsers strip tabs and newlines, so `/\t/host` becomes `//host`), absolute URLs, and paths that
 * turn into one of those once percent-decoded (a client-side router may decode before navigating).
 */
export function parseReturnPath(value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_LENGTH) return null;
  if (!isSafe(value)) return null;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return null;
  }
  const path = `${url.pathname}${url.search}${url.hash}`;
  // What is stored is what the parser made of it (dot segments resolve late: `/%2e/%2Fevil.com` becomes
  // `/%2Fevil.com`, which decodes to `//evil.com`), so that is what must pass every check, decoded too.
  return url.origin === BASE && isSafe(path) ? path : null;
}

/** Plain as given, and still plain once percent-decoded (a client-side router may decode before navigating). */
function isSafe(value: string): boolean {
  if (!isPlainPath(value, { allowSpace: false })) return false;
  let decoded: string;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    return false;
  }
  // Decoded, a space (`%20`) is fine; a backslash or a control character still is not.
  return isPlainPath(decoded, { allowSpace: true });
}

function isPlainPath(value: string, { allowSpace }: { allowSpace: boolean }): boolean {
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return false;
  for (const char of value) {
    const code = char.charCodeAt(0);
    if (code < 0x20 || code === 0x7f || (code === 0x20 && !allowSpace)) return false;
  }
  return true;
}

/**
 * `path` with `params` added to its query (replacing same-named ones), fragment kept last. The outcome keys the
 * panel reads are cleared first, so a stale `error` in a returnTo cannot sit beside a fresh `connected`.
 */
export function withQuery(path: string, params: Record<string, string>): string {
  const url = new URL(path, BASE);
  for (const key of OUTCOME_KEYS) url.searchParams.delete(key);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return `${url.pathname}${url.search}${url.hash}`;
}
