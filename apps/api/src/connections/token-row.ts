import { eq, sql } from 'drizzle-orm';

import type { Db } from '../db/client.js';
import { confluenceConnections, type ConnectionStatus } from '../db/schema/index.js';
import type { TokenCipher } from './token-cipher.js';

/** The handle `db.transaction` gives its callback. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** A connection row as the refresh logic sees it: tokens decrypted, times in ms since the epoch. */
export interface TokenRow {
  id: string;
  siteName: string;
  siteUrl: string;
  status: ConnectionStatus;
  accessToken: string | null;
  refreshToken: string | null;
  expiresAt: number | null;
  lastRefreshedAt: number | null;
  refreshTokenUpdatedAt: number | null;
  lastError: string | null;
  /** The later of the last use and the consent: how recently someone wanted this connection. */
  wantedAt: number | null;
}

export interface RefreshedTokens {
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
}

/** What a refresh writes while it holds the row lock; every method runs in the lock holder's transaction. */
export interface LockedTokenRow {
  /** `SELECT … FOR UPDATE`: waits for another holder, then reads the row as committed now (null when missing). */
  lock(): Promise<TokenRow | null>;
  /** The rotated refresh token together with the new access token, in the same statement. */
  saveRefreshed(tokens: RefreshedTokens, at: Date): Promise<void>;
  markNeedsReauth(lastError: string): Promise<void>;
  /** A transient failure: tokens kept, only the error recorded. */
  recordFailure(lastError: string): Promise<void>;
}

const columns = {
  id: confluenceConnections.id,
  siteName: confluenceConnections.siteName,
  siteUrl: confluenceConnections.siteUrl,
  status: confluenceConnections.status,
  accessTokenEnc: confluenceConnections.accessTokenEnc,
  refreshTokenEnc: confluenceConnections.refreshTokenEnc,
  accessTokenExpiresAt: confluenceConnections.accessTokenExpiresAt,
  lastRefreshedAt: confluenceConnections.lastRefreshedAt,
  refreshTokenUpdatedAt: confluenceConnections.refreshTokenUpdatedAt,
  lastError: confluenceConnections.lastError,
  lastUsedAt: confluenceConnections.lastUsedAt,
  consentedAt: confluenceConnections.consentedAt,
};

const selectRow = (db: Db, connectionId: string) =>
  db.select(columns).from(confluenceConnections).where(eq(confluenceConnections.id, connectionId));

type RawRow = Awaited<ReturnType<typeof selectRow>>[number];

function decode(raw: RawRow, cipher: TokenCipher): TokenRow {
  const ms = (value: Date | null): number | null => (value === null ? null : value.getTime());
  const wanted = Math.max(raw.lastUsedAt?.getTime() ?? -Infinity, raw.consentedAt?.getTime() ?? -Infinity);
  const open = (envelope: string | null, field: 'access_token' | 'refresh_token'): string | null =>
    envelope === null ? null : cipher.decrypt(envelope, { rowId: raw.id, field });
  return {
    id: raw.id,
    siteName: raw.siteName,
    siteUrl: raw.siteUrl,
    status: raw.status,
    accessToken: open(raw.accessTokenEnc, 'access_token'),
    refreshToken: open(raw.refreshTokenEnc, 'refresh_token'),
    expiresAt: ms(raw.accessTokenExpiresAt),
    lastRefreshedAt: ms(raw.lastRefreshedAt),
    refreshTokenUpdatedAt: ms(raw.refreshTokenUpdatedAt),
    lastError: raw.lastError,
    wantedAt: Number.isFinite(wanted) ? wanted : null,
  };
}

/** A plain read, no lock: the cheap first look before deciding whether a refresh (and its lock) is needed. */
export async function readTokenRow(
  db: Db,
  cipher: TokenCipher,
  connectionId: string,
): Promise<TokenRow | null> {
  const [raw] = await selectRow(db, connectionId);
  return raw === undefined ? null : decode(raw, cipher);
}

export function lockedTokenRow(tx: Tx, cipher: TokenCipher, connectionId: string): LockedTokenRow {
  const byId = eq(confluenceConnections.id, connectionId);
  return {
    async lock() {
      const [raw] = await selectRow(tx, connectionId).for('update');
      return raw === undefined ? null : decode(raw, cipher);
    },
    async saveRefreshed(tokens, at) {
      await tx
        .update(confluenceConnections)
        .set({
          accessTokenEnc: cipher.encrypt(tokens.accessToken, { rowId: connectionId, field: 'access_token' }),
          refreshTokenEnc: cipher.encrypt(tokens.refreshToken, {
            rowId: connectionId,
            field: 'refresh_token',
          }),
          accessTokenExpiresAt: tokens.expiresAt,
          lastRefreshedAt: at,
          refreshTokenUpdatedAt: at,
          status: 'active',
          lastError: null,
        })
        .where(byId);
    },
    async markNeedsReauth(lastError) {
      await tx.update(confluenceConnections).set({ status: 'needs_reauth', lastError }).where(byId);
    },
    async recordFailure(lastError) {
      await tx.update(confluenceConnections).set({ lastError }).where(byId);
    },
  };
}

/**
 * Sets the row's last use to `at` unless it is already within `granularityMs` of it. Raw SQL: the schema's
 * `updated_at` hook is for changes an admin made, not for use.
 */
export async function markUsed(
  db: Db,
  connectionId: string,
  at: number,
  granularityMs: number,
): Promise<void> {
  const c = confluenceConnections;
  await db.execute(
    sql`update ${c} set ${sql.identifier(c.lastUsedAt.name)} = ${new Date(at).toISOString()}::timestamptz
        where ${c.id} = ${connectionId}
          and (${c.lastUsedAt} is null or ${c.lastUsedAt} < ${new Date(at - granularityMs).toISOString()}::timestamptz)`,
  );
}
