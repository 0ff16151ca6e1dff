import { randomUUID } from 'node:crypto';

import { and, asc, eq, getTableColumns } from 'drizzle-orm';

import type { Db } from '../db/client.js';
import { sqlState } from '../db/errors.js';
import { confluenceConnections, type ConnectionRow } from '../db/schema/index.js';
import type { TokenCipher } from './token-cipher.js';

/** What may leave the vault: every column except the token envelopes. */
export type ConnectionSummary = Omit<ConnectionRow, 'accessTokenEnc' | 'refreshTokenEnc'>;

const {
  accessTokenEnc: _access,
  refreshTokenEnc: _refresh,
  ...summaryColumns
} = getTableColumns(confluenceConnections);

export class ConnectionNotFoundError extends Error {
  readonly kind = 'NOT_FOUND' as const;
  constructor() {
    super('Confluence connection not found');
    this.name = 'ConnectionNotFoundError';
  }
}

export interface SaveConnectionInput {
  workspaceId: string;
  cloudId: string;
  siteName: string;
  siteUrl: string;
  accountId: string;
  accountName: string | null;
  accountEmail: string | null;
  scopes: string[];
  accessToken: string;
  refreshToken: string;
  accessTokenExpiresAt: Date;
  createdBy: string | null;
}

/**
 * Stores a freshly consented connection. Reconnecting the same site in the same workspace updates the existing row
 * (same id, so references and activity stay attached). The id must be known before encrypting, because it is bound
 * into the ciphertext; hence select-then-write rather than INSERT … ON CONFLICT, retried once if a concurrent
 * consent for the same site inserted first. The workspace's first connection becomes its default.
 */
export async function saveConnection(
  db: Db,
  cipher: TokenCipher,
  input: SaveConnectionInput,
): Promise<string> {
  try {
    return await saveOnce(db, cipher, input);
  } catch (error) {
    if (sqlState(error) !== '23505') throw error;
    return saveOnce(db, cipher, input);
  }
}

async function saveOnce(db: Db, cipher: TokenCipher, input: SaveConnectionInput): Promise<string> {
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: confluenceConnections.id })
      .from(confluenceConnections)
      .where(
        and(
          eq(confluenceConnections.workspaceId, input.workspaceId),
          eq(confluenceConnections.cloudId, input.cloudId),
        ),
      )
      .for('update');
    const id = existing?.id ?? randomUUID();
    const now = new Date();
    const { accessToken, refreshToken, createdBy, ...facts } = input;
    const values = {
      ...facts,
      accessTokenEnc: cipher.encrypt(accessToken, { rowId: id, field: 'access_token' }),
      refreshTokenEnc: cipher.encrypt(refreshToken, { rowId: id, field: 'refresh_token' }),
      refreshTokenUpdatedAt: now,
      lastRefreshedAt: now,
      consentedAt: now,
      status: 'active' as const,
      lastError: null,
    };
    const [currentDefault] = await tx
      .select({ id: confluenceConnections.id })
      .from(confluenceConnections)
      .where(
        and(
          eq(confluenceConnections.workspaceId, input.workspaceId),
          eq(confluenceConnections.isDefault, true),
        ),
      );
    if (existing === undefined) {
      await tx
        .insert(confluenceConnections)
        .values({ ...values, id, createdBy, isDefault: currentDefault === undefined });
    } else {
      const isDefault = currentDefault === undefined || currentDefault.id === id;
      await tx
        .update(confluenceConnections)
        .set({ ...values, isDefault })
        .where(eq(confluenceConnections.id, id));
    }
    return id;
  });
}

export async function listConnections(db: Db, workspaceId: string): Promise<ConnectionSummary[]> {
  return db
    .select(summaryColumns)
    .from(confluenceConnections)
    .where(eq(confluenceConnections.workspaceId, workspaceId))
    .orderBy(asc(confluenceConnections.createdAt), asc(confluenceConnections.id));
}

export interface ConnectionTokens {
  accessToken: string;
  refreshToken: string;
  accessTokenExpiresAt: Date | null;
}

/** Decrypted tokens of an active or needs-reauth connection of this workspace; NOT_FOUND for anything else. */
export async function readTokens(
  db: Db,
  cipher: TokenCipher,
  workspaceId: string,
  connectionId: string,
): Promise<ConnectionTokens> {
  const [row] = await db
    .select({
      accessTokenEnc: confluenceConnections.accessTokenEnc,
      refreshTokenEnc: confluenceConnections.refreshTokenEnc,
      accessTokenExpiresAt: confluenceConnections.accessTokenExpiresAt,
    })
    .from(confluenceConnections)
    .where(
      and(eq(confluenceConnections.id, connectionId), eq(confluenceConnections.workspaceId, workspaceId)),
    );
  if (row?.accessTokenEnc == null || row.refreshTokenEnc == null) throw new ConnectionNotFoundError();
  return {
    accessToken: cipher.decrypt(row.accessTokenEnc, { rowId: connectionId, field: 'access_token' }),
    refreshToken: cipher.decrypt(row.refreshTokenEnc, { rowId: connectionId, field: 'refresh_token' }),
    accessTokenExpiresAt: row.accessTokenExpiresAt,
  };
}

/**
 * Deletes the tokens (not just a flag) and keeps the row for the activity log and a later reconnect. A default
 * stays the default (DEFAULT_CONNECTION_RULE): calls naming no connection are refused until an admin acts.
 */
export async function disconnectConnection(db: Db, workspaceId: string, connectionId: string): Promise<void> {
  const updated = await db
    .update(confluenceConnections)
    .set({ status: 'disconnected', accessTokenEnc: null, refreshTokenEnc: null })
    .where(
      and(eq(confluenceConnections.id, connectionId), eq(confluenceConnections.workspaceId, workspaceId)),
    )
    .returning({ id: confluenceConnections.id });
  if (updated.length === 0) throw new ConnectionNotFoundError();
}
