import { eq } from 'drizzle-orm';

import type { Db } from '../db/client.js';
import { organization } from '../db/schema/index.js';
import type { ApiKeyCache } from './api-key-cache.js';
import { parseKeyMetadata } from './api-keys.js';
import { API_KEY_PREFIX, type Auth } from './auth.js';
import type { ApiKeyPrincipal } from './principal.js';

// Keys are `hub_` + 64 letters; anything else is rejected before touching the database.
const KEY_SHAPE = new RegExp(`^${API_KEY_PREFIX}[A-Za-z]{64}$`);

/** The principal behind `Authorization: Bearer <key>`, or null. Cached: see ApiKeyCache. */
export async function resolveApiKey(
  auth: Auth,
  db: Db,
  cache: ApiKeyCache,
  key: string,
): Promise<ApiKeyPrincipal | null> {
  if (!KEY_SHAPE.test(key)) return null;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;

  const verifiedSince = cache.now();
  const result = await auth.api.verifyApiKey({ body: { key } });
  if (!result.valid || result.key === null) return null;
  const verified = result.key;
  // referenceId has no foreign key (the plugin's schema); a key must die with its workspace.
  const [workspace] = await db
    .select({ id: organization.id })
    .from(organization)
    .where(eq(organization.id, verified.referenceId));
  if (workspace === undefined) return null;

  const principal: ApiKeyPrincipal = {
    kind: 'apiKey',
    id: verified.id,
    workspaceId: verified.referenceId,
    role: parseKeyMetadata(verified.metadata).role,
    name: verified.name ?? 'API key',
  };
  cache.set(key, principal, verified.expiresAt, verifiedSince);
  return principal;
}
