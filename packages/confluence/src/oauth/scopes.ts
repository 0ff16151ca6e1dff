/**
 * What the seven tools need. Granular v2 scopes for spaces, pages and comments; the classic `search:confluence`
 * for CQL search (v1: its granular twin is still beta); `read:me` for the account name/email; `offline_access`
 * for refresh tokens.
 */
export const CONFLUENCE_SCOPES = [
  'read:space:confluence',
  'read:page:confluence',
  'write:page:confluence',
  'read:comment:confluence',
  'write:comment:confluence',
  'write:label:confluence',
  'search:confluence',
  'read:me',
  'offline_access',
] as const;

export type ConfluenceScope = (typeof CONFLUENCE_SCOPES)[number];

/** Scopes from a token response's space-separated `scope`. */
export const parseScopes = (scope: string | null | undefined): string[] =>
  (scope ?? '').split(/\s+/).filter((s) => s !== '');
