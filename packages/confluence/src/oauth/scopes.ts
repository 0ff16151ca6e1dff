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
  // Attachments: list, read and download (v2; v1 download), upload (v1 PUT …/child/attachment).
  'read:attachment:confluence',
  'write:attachment:confluence',
  // The breadcrumb of get_confluence_page (GET /pages/{id}/ancestors) and delete_confluence_page.
  'read:content.metadata:confluence',
  'delete:page:confluence',
  // get_confluence_page_children: a folder's space, for the allow-list (GET /folders/{id}).
  'read:folder:confluence',
  'search:confluence',
  // People: names for mentions and comment authors (POST /users-bulk), and search_confluence_users (v1).
  'read:user:confluence',
  'read:content-details:confluence',
  'read:me',
  'offline_access',
] as const;

export type ConfluenceScope = (typeof CONFLUENCE_SCOPES)[number];

/** Scopes from a token response's space-separated `scope`. */
export const parseScopes = (scope: string | null | undefined): string[] =>
  (scope ?? '').split(/\s+/).filter((s) => s !== '');
