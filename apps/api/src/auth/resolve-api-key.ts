import { defaultKeyHasher } from '@better-auth/api-key';
import { eq, sql } from 'drizzle-orm';

import type { Db } from '../db/client.js';
import { logSafeError } from '../http/log-safe-error.js';
import { apikey, organization } from '../db/schema/index.js';
import type { Logger } from '../logger.js';
import type { ApiKeyCache } from './api-key-cache.js';
import { parseKeyMetadata } from './api-keys.js';
import { API_KEY_PREFIX } from './auth.js';
import type { ApiKeyPrincipal } from './principal.js';

// Keys are `hub_` + 64 letters; anything else is rejected before touching the database.
const KEY_SHAPE = new RegExp(`^${API_KEY_PREFIX}[A-Za-z]{64}$`);

/** Why a well-formed key was refused: for an info line (a client's mistake is not a server error). */
export type KeyRefusal = 'unknown' | 'revoked' | 'expired' | 'workspace_deleted';

/**
 * The principal behind `Authorization: Bearer <key>`, or null. Cached: see ApiKeyCache.
 *
 * One indexed read (the key's SHA-256, the api-key plugin's own hasher, joined to its workspace) rather than the
 * plugin's verifyApiKey, which turns a database failure into "invalid key" (a valid key would get 401 while the
 * database is down, not 503) and logs every refused key as an error with a stack. Here a database failure
 * propagates and the caller answers UNAVAILABLE. `last_request` (the panel's "last used") is written off the
 * caller's path, at most once per cache lifetime per process.
 */
export async function resolveApiKey(
  db: Db,
  cache: ApiKeyCache,
  key: string,
  logger?: Logger,
): Promise<ApiKeyPrincipal | null> {
  if (!KEY_SHAPE.test(key)) return null;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;

  const verifiedSince = cache.now();
  const [row] = await db
    .select({
      id: apikey.id,
      name: apikey.name,
      enabled: apikey.enabled,
      expiresAt: apikey.expiresAt,
      metadata: apikey.metadata,
      referenceId: apikey.referenceId,
      // referenceId has no foreign key (the plugin's schema): a key must die with its workspace.
      workspaceId: organization.id,
    })
    .from(apikey)
    .leftJoin(organization, eq(organization.id, apikey.referenceId))
    .where(eq(apikey.key, await defaultKeyHasher(key)));
  const refusal = refusalOf(row, new Date(verifiedSince));
  if (row === undefined || refusal !== null) {
    logger?.info({ keyId: row?.id, reason: refusal }, 'API key refused');
    return null;
  }

  const principal: ApiKeyPrincipal = {
    kind: 'apiKey',
    id: row.id,
    workspaceId: row.referenceId,
    role: parseKeyMetadata(row.metadata).role,
    name: row.name ?? 'API key',
  };
  cache.set(key, principal, row.expiresAt, verifiedSince);
  void db
    .update(apikey)
    .set({ lastRequest: sql`now()` })
    .where(eq(apikey.id, row.id))
    .catch((error: unknown) =>
      logger?.debug({ keyId: row.id, error: logSafeError(error) }, 'last use not recorded'),
    );
  return principal;
}

function refusalOf(
  row: { enabled: boolean | null; expiresAt: Date | null; workspaceId: string | null } | undefined,
  now: Date,
): KeyRefusal | null {
  if (row === undefined) return 'unknown';
  if (row.enabled === false) return 'revoked';
  if (row.expiresAt !== null && row.expiresAt <= now) return 'expired';
  if (row.workspaceId === null) return 'workspace_deleted';
  return null;
}
