import { and, asc, eq, gt, isNotNull, not, or, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

import type { Db } from '../db/client.js';
import { confluenceConnections } from '../db/schema/index.js';
import {
  TokenDecryptError,
  type TokenCipher,
  type TokenDecryptFailure,
  type TokenField,
} from './token-cipher.js';

export interface RotationReport {
  /** Rows re-encrypted under the active key. */
  rotated: number;
  /** Rows left as they were because a value could not be decrypted (e.g. its key is no longer configured). */
  failures: { connectionId: string; field: TokenField; reason: TokenDecryptFailure }[];
}

export interface RotateKeysOptions {
  batchSize?: number;
  /** Called after each committed batch with the number of connections it examined (progress output). */
  onBatch?: (rows: number) => void;
}

const FIELDS = [
  { field: 'access_token', column: confluenceConnections.accessTokenEnc, key: 'accessTokenEnc' },
  { field: 'refresh_token', column: confluenceConnections.refreshTokenEnc, key: 'refreshTokenEnc' },
] as const;

/**
 * Re-encrypts every connection's tokens under the active key (the first TOKEN_ENCRYPTION_KEYS entry), so retired
 * keys can then be removed. Idempotent: only values under another key are touched, so a second run, or a run
 * resumed after a crash, does nothing more than finish the job.
 *
 * Batches of rows are locked FOR UPDATE, the same lock the token refresher takes, so a refresh in another process
 * can neither lose a freshly rotated token nor be overwritten with an older one.
 * Pending OAuth consents (oauth_states) are not rotated: they expire ten minutes after they are created, so keep a
 * retired key configured for ten minutes after switching the active key.
 */
export async function rotateKeys(
  db: Db,
  cipher: TokenCipher,
  options: RotateKeysOptions = {},
): Promise<RotationReport> {
  const batchSize = options.batchSize ?? 100;
  const prefix = `v1.${cipher.activeKid}.`;
  const notUnderActiveKey = (column: PgColumn): SQL =>
    and(isNotNull(column), not(sql`starts_with(${column}, ${prefix})`)) ?? sql`false`;
  const report: RotationReport = { rotated: 0, failures: [] };
  let after = '';

  for (;;) {
    const count = await db.transaction(async (tx) => {
      const rows = await tx
        .select({
          id: confluenceConnections.id,
          accessTokenEnc: confluenceConnections.accessTokenEnc,
          refreshTokenEnc: confluenceConnections.refreshTokenEnc,
        })
        .from(confluenceConnections)
        .where(
          and(gt(confluenceConnections.id, after), or(...FIELDS.map((f) => notUnderActiveKey(f.column)))),
        )
        .orderBy(asc(confluenceConnections.id))
        .limit(batchSize)
        .for('update');

      for (const row of rows) {
        const update: Partial<Record<(typeof FIELDS)[number]['key'], string>> = {};
        for (const { field, key } of FIELDS) {
          const envelope = row[key];
          if (envelope === null || !cipher.needsRotation(envelope)) continue;
          const context = { rowId: row.id, field };
          try {
            update[key] = cipher.encrypt(cipher.decrypt(envelope, context), context);
          } catch (error) {
            if (!(error instanceof TokenDecryptError)) throw error;
            report.failures.push({ connectionId: row.id, field, reason: error.reason });
          }
        }
        if (Object.keys(update).length > 0) {
          await tx.update(confluenceConnections).set(update).where(eq(confluenceConnections.id, row.id));
          report.rotated += 1;
        }
      }
      const last = rows.at(-1);
      if (last !== undefined) after = last.id;
      return rows.length;
    });
    if (count > 0) options.onBatch?.(count);
    if (count < batchSize) return report;
  }
}
