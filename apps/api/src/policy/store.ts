import { and, desc, eq, inArray, sql } from 'drizzle-orm';

import { decodeCursor, encodeCursor } from '../activity/queries.js';
import { connectionPolicyKey, keyPolicyKey, policyCache, workspacePoliciesKey } from './cache.js';

import type { Principal } from '../auth/principal.js';
import type { Db } from '../db/client.js';
import { apikey, apiKeyPolicies, confluenceConnections, policyChanges } from '../db/schema/index.js';
import { HubError } from '../errors.js';
import {
  toConnectionPolicy,
  toKeyPolicy,
  UNLIMITED_KEY,
  type ApiKeyKind,
  type ConnectionPolicy,
  type KeyPolicy,
} from './policy.js';

/** Who made a change, as the log shows it: a user or key, or the CLI run by an operator on the server. */
export type Actor = Pick<Principal, 'kind' | 'id' | 'name'> | { kind: 'system'; id: 'cli'; name: string };

export interface KeyPolicyPatch {
  kind?: ApiKeyKind;
  tools?: KeyPolicy['tools'];
  connectionIds?: KeyPolicy['connectionIds'];
}

export interface ConnectionPolicyPatch {
  capabilities?: ConnectionPolicy['capabilities'];
  allowedSpaceKeys?: ConnectionPolicy['allowedSpaceKeys'];
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** The policies of the workspace's keys, by key id (keys without a row are unlimited). */
export async function listKeyPolicies(db: Db, workspaceId: string): Promise<Map<string, KeyPolicy>> {
  const rows = await db
    .select({
      keyId: apiKeyPolicies.keyId,
      kind: apiKeyPolicies.kind,
      tools: apiKeyPolicies.tools,
      connectionIds: apiKeyPolicies.connectionIds,
    })
    .from(apiKeyPolicies)
    .where(eq(apiKeyPolicies.workspaceId, workspaceId));
  return new Map(rows.map((row) => [row.keyId, toKeyPolicy(row)]));
}

/**
 * Changes a key's kind, tool list or connection list; records who changed what, in the same transaction. The key
 * and every listed connection must be the workspace's (NOT_FOUND otherwise, as for ones that do not exist).
 */
export async function updateKeyPolicy(
  db: Db,
  actor: Actor,
  workspaceId: string,
  keyId: string,
  patch: KeyPolicyPatch,
): Promise<KeyPolicy> {
  const policy = await db.transaction(async (tx) => {
    const [key] = await tx
      .select({ id: apikey.id, name: apikey.name })
      .from(apikey)
      .where(and(eq(apikey.id, keyId), eq(apikey.referenceId, workspaceId)));
    if (key === undefined) throw new HubError('NOT_FOUND', `API key ${keyId} not found in this workspace`);
    if (patch.connectionIds != null) await requireConnections(tx, workspaceId, patch.connectionIds);

    const [row] = await tx
      .select({
        kind: apiKeyPolicies.kind,
        tools: apiKeyPolicies.tools,
        connectionIds: apiKeyPolicies.connectionIds,
      })
      .from(apiKeyPolicies)
      .where(eq(apiKeyPolicies.keyId, keyId))
      .for('update');
    const before = row === undefined ? UNLIMITED_KEY : toKeyPolicy(row);
    const after: KeyPolicy = {
      kind: patch.kind ?? before.kind,
      tools: patch.tools === undefined ? before.tools : patch.tools,
      connectionIds: patch.connectionIds === undefined ? before.connectionIds : patch.connectionIds,
    };
    const changes = diff(before, after);
    if (Object.keys(changes).length === 0) return after;
    await tx
      .insert(apiKeyPolicies)
      .values({ keyId, workspaceId, ...after })
      .onConflictDoUpdate({ target: apiKeyPolicies.keyId, set: { ...after, updatedAt: new Date() } });
    await recordChange(
      tx,
      actor,
      workspaceId,
      { kind: 'apiKey', id: keyId, name: key.name ?? 'API key' },
      changes,
    );
    return after;
  });
  policyCache.forget(keyPolicyKey(keyId));
  return policy;
}

/** Changes a connection's capabilities or space allow-list, recorded like key changes. */
export async function updateConnectionPolicy(
  db: Db,
  actor: Actor,
  workspaceId: string,
  connectionId: string,
  patch: ConnectionPolicyPatch,
): Promise<ConnectionPolicy> {
  const policy = await db.transaction(async (tx) => {
    const [row] = await tx
      .select({
        siteName: confluenceConnections.siteName,
        capabilities: confluenceConnections.capabilities,
        allowedSpaceKeys: confluenceConnections.allowedSpaceKeys,
      })
      .from(confluenceConnections)
      .where(
        and(eq(confluenceConnections.id, connectionId), eq(confluenceConnections.workspaceId, workspaceId)),
      )
      .for('update');
    if (row === undefined) throw new HubError('NOT_FOUND', 'Confluence connection not found');
    const before = toConnectionPolicy(row);
    const after: ConnectionPolicy = {
      capabilities: patch.capabilities ?? before.capabilities,
      allowedSpaceKeys:
        patch.allowedSpaceKeys === undefined ? before.allowedSpaceKeys : patch.allowedSpaceKeys,
    };
    const changes = diff(before, after);
    if (Object.keys(changes).length === 0) return after;
    await tx.update(confluenceConnections).set(after).where(eq(confluenceConnections.id, connectionId));
    await recordChange(
      tx,
      actor,
      workspaceId,
      { kind: 'connection', id: connectionId, name: row.siteName },
      changes,
    );
    return after;
  });
  policyCache.forget(connectionPolicyKey(connectionId));
  policyCache.forget(workspacePoliciesKey(workspaceId));
  return policy;
}

/** Records the policy a key was created with (not a change: the key's creation is the event). */
export async function createKeyPolicy(
  db: Db,
  actor: Actor,
  workspaceId: string,
  key: { id: string; name: string },
  policy: KeyPolicy,
): Promise<void> {
  await db.transaction(async (tx) => {
    if (policy.connectionIds !== null) await requireConnections(tx, workspaceId, policy.connectionIds);
    await tx.insert(apiKeyPolicies).values({ keyId: key.id, workspaceId, ...policy });
    const changes = diff({ kind: null, tools: null, connectionIds: null }, policy);
    await recordChange(
      tx,
      actor,
      workspaceId,
      { kind: 'apiKey', ...key },
      { created: { from: null, to: true }, ...changes },
    );
  });
  policyCache.forget(keyPolicyKey(key.id));
}

/** NOT_FOUND unless every id is a connection of the workspace. */
export async function requireConnections(tx: Tx | Db, workspaceId: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const found = await tx
    .select({ id: confluenceConnections.id })
    .from(confluenceConnections)
    .where(and(eq(confluenceConnections.workspaceId, workspaceId), inArray(confluenceConnections.id, ids)));
  const known = new Set(found.map((row) => row.id));
  const missing = ids.filter((id) => !known.has(id));
  if (missing.length > 0) {
    throw new HubError(
      'NOT_FOUND',
      `Connection ${missing.join(', ')} not found in this workspace; see integrations.list for its connections.`,
    );
  }
}

function diff<T extends object>(
  before: T | Record<keyof T, unknown>,
  after: T,
): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const field of Object.keys(after) as (keyof T)[]) {
    const from = (before as Record<keyof T, unknown>)[field] ?? null;
    const to = after[field] ?? null;
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[String(field)] = { from, to };
  }
  return changes;
}

async function recordChange(
  tx: Tx,
  actor: Actor,
  workspaceId: string,
  target: { kind: 'apiKey' | 'connection'; id: string; name: string },
  changes: Record<string, { from: unknown; to: unknown }>,
): Promise<void> {
  await tx.insert(policyChanges).values({
    workspaceId,
    principalKind: actor.kind,
    principalId: actor.id,
    principalName: actor.name,
    // Milliseconds, as the keyset cursor carries them.
    createdAt: new Date(),
    targetKind: target.kind,
    targetId: target.id,
    targetName: target.name,
    changes,
  });
}

export interface PolicyChangeView {
  id: string;
  at: string;
  by: { kind: 'user' | 'apiKey' | 'system'; id: string; name: string };
  target: { kind: 'apiKey' | 'connection'; id: string; name: string };
  changes: Record<string, { from: unknown; to: unknown }>;
}

/** Newest first, keyset-paged on (created_at, id). */
export async function listPolicyChanges(
  db: Db,
  workspaceId: string,
  { limit, cursor }: { limit: number; cursor?: string | undefined },
): Promise<{ items: PolicyChangeView[]; nextCursor: string | null }> {
  const after = cursor === undefined ? undefined : decodeCursor(cursor);
  const rows = await db
    .select()
    .from(policyChanges)
    .where(
      and(
        eq(policyChanges.workspaceId, workspaceId),
        after === undefined
          ? undefined
          : sql`(${policyChanges.createdAt}, ${policyChanges.id}) < (${after.at}, ${after.id})`,
      ),
    )
    .orderBy(desc(policyChanges.createdAt), desc(policyChanges.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => ({
      id: row.id,
      at: row.createdAt.toISOString(),
      by: { kind: row.principalKind, id: row.principalId, name: row.principalName },
      target: { kind: row.targetKind, id: row.targetId, name: row.targetName },
      changes: row.changes,
    })),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(last.createdAt, last.id) : null,
  };
}
