import { index, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

import { principalKind } from './activity.js';
import { organization } from './auth.js';

/**
 * One row per idempotencyKey a caller sent with a write: the first call's claim, then its result, kept 24 hours
 * so that a retry (on any API process, even while the first call still runs) gets that result instead of
 * writing again. Keys are the caller's own: scoped to workspace and principal. Only successful results are kept;
 * a call that failed releases its key, so a retry runs again.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => organization.id, { onDelete: 'cascade' }),
    principalKind: principalKind('principal_kind').notNull(),
    principalId: text('principal_id').notNull(),
    key: text('key').notNull(),
    tool: text('tool').notNull(),
    /** SHA-256 of the tool, connection and canonical input (without the key): "the same input". */
    fingerprint: text('fingerprint').notNull(),
    /** Random per claim: only the call that claimed the key completes or releases it. */
    claimId: text('claim_id').notNull(),
    /** When the claim was taken; a claim older than the lease with no result is taken over (its process died). */
    claimedAt: timestamp('claimed_at', { withTimezone: true }).notNull().defaultNow(),
    /** Null while the first call runs. */
    completedAt: timestamp('completed_at', { withTimezone: true }),
    result: jsonb('result'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.principalKind, table.principalId, table.key] }),
    index('idempotency_keys_expires_idx').on(table.expiresAt),
  ],
);
