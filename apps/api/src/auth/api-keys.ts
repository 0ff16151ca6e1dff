import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';

import type { Db } from '../db/client.js';
import { apikey, member } from '../db/schema/index.js';
import type { ApiKeyCache } from './api-key-cache.js';
import type { Auth } from './auth.js';
import { AuthError, toAuthError } from './errors.js';
import type { Principal } from './principal.js';
import { workspaceRoleSchema, type WorkspaceRole } from './roles.js';

/**
 * Service keys: owned by a workspace (the api-key plugin's `references: 'organization'`, so referenceId is the
 * workspace id), carrying a role in their metadata. The plugin generates, hashes (SHA-256) and verifies them;
 * listing and revoking are plain queries here, scoped to the caller's workspace and selecting only columns that
 * hold no key material.
 */

// Database JSON is a trust boundary: a hand-edited or older row must not grant admin by accident.
const metadataSchema = z.object({
  role: workspaceRoleSchema.catch('member'),
  createdBy: z.object({ kind: z.enum(['user', 'apiKey', 'system']), id: z.string() }).optional(),
  revokedAt: z.iso.datetime().optional(),
});
type KeyMetadata = z.infer<typeof metadataSchema>;

export function parseKeyMetadata(raw: unknown): KeyMetadata {
  const value = typeof raw === 'string' ? safeJson(raw) : raw;
  return metadataSchema.catch({ role: 'member' }).parse(value);
}

export interface ServiceKeySummary {
  id: string;
  name: string;
  /** The visible beginning of the key (prefix + a few characters), to tell keys apart. */
  start: string | null;
  role: WorkspaceRole;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

export interface CreateServiceKeyInput {
  workspaceId: string;
  name: string;
  role: WorkspaceRole;
  /** Who asked: a user, another (admin) key, or the CLI. */
  createdBy: Principal | { kind: 'system' };
  expiresInDays?: number;
}

/** Returns the full key exactly once; only its hash is stored. */
export async function createServiceKey(
  auth: Auth,
  db: Db,
  input: CreateServiceKeyInput,
): Promise<{ key: string; summary: ServiceKeySummary }> {
  const actingUserId = await keyCreatorUserId(db, input);
  const createdBy =
    input.createdBy.kind === 'system' ? { kind: 'system' as const, id: 'cli' } : input.createdBy;
  const metadata: KeyMetadata = { role: input.role, createdBy: { kind: createdBy.kind, id: createdBy.id } };
  const body = {
    name: input.name,
    organizationId: input.workspaceId,
    userId: actingUserId,
    metadata,
    ...(input.expiresInDays === undefined ? {} : { expiresIn: Math.round(input.expiresInDays * 86_400) }),
  };
  const created = await auth.api.createApiKey({ body }).catch((error: unknown) => {
    throw toAuthError(error, 'Cannot create API key');
  });
  return {
    key: created.key,
    summary: {
      id: created.id,
      name: created.name ?? input.name,
      start: created.start,
      role: input.role,
      createdAt: created.createdAt,
      lastUsedAt: null,
      expiresAt: created.expiresAt,
      revokedAt: null,
    },
  };
}

export async function listServiceKeys(db: Db, workspaceId: string): Promise<ServiceKeySummary[]> {
  const rows = await db
    .select({
      id: apikey.id,
      name: apikey.name,
      start: apikey.start,
      metadata: apikey.metadata,
      createdAt: apikey.createdAt,
      lastRequest: apikey.lastRequest,
      expiresAt: apikey.expiresAt,
    })
    .from(apikey)
    .where(eq(apikey.referenceId, workspaceId))
    .orderBy(desc(apikey.createdAt), asc(apikey.id));
  return rows.map((row) => {
    const metadata = parseKeyMetadata(row.metadata);
    return {
      id: row.id,
      name: row.name ?? '',
      start: row.start,
      role: metadata.role,
      createdAt: row.createdAt,
      lastUsedAt: row.lastRequest,
      expiresAt: row.expiresAt,
      revokedAt: metadata.revokedAt === undefined ? null : new Date(metadata.revokedAt),
    };
  });
}

/**
 * Disables the key (verification then fails) and records when; the row stays so the activity log can still name
 * it. A key of another workspace answers NOT_FOUND, exactly like a key that does not exist.
 */
export async function revokeServiceKey(
  db: Db,
  cache: ApiKeyCache,
  workspaceId: string,
  keyId: string,
): Promise<void> {
  const revokedAt = JSON.stringify({ revokedAt: new Date().toISOString() });
  const updated = await db
    .update(apikey)
    .set({
      enabled: false,
      metadata: sql`(coalesce(${apikey.metadata}, '{}')::jsonb || ${revokedAt}::jsonb)::text`,
      updatedAt: new Date(),
    })
    .where(and(eq(apikey.id, keyId), eq(apikey.referenceId, workspaceId), eq(apikey.enabled, true)))
    .returning({ id: apikey.id });
  cache.invalidateKeyId(keyId);
  if (updated.length === 0) {
    const [existing] = await db
      .select({ id: apikey.id })
      .from(apikey)
      .where(and(eq(apikey.id, keyId), eq(apikey.referenceId, workspaceId)));
    if (existing === undefined) throw new AuthError('NOT_FOUND', 'API key not found');
  }
}

/**
 * The plugin authorizes key creation against a member's role. A user creates keys as themselves; a key or the CLI
 * acts for the workspace's owner (or, failing that, its oldest admin).
 */
async function keyCreatorUserId(db: Db, input: CreateServiceKeyInput): Promise<string> {
  if (input.createdBy.kind === 'user') return input.createdBy.id;
  const [admin] = await db
    .select({ userId: member.userId })
    .from(member)
    .where(and(eq(member.organizationId, input.workspaceId), inArray(member.role, ['owner', 'admin'])))
    .orderBy(sql`${member.role} = 'owner' desc`, asc(member.createdAt))
    .limit(1);
  if (admin === undefined) throw new AuthError('NOT_FOUND', 'Workspace not found or it has no admin');
  return admin.userId;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
