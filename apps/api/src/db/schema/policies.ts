import { index, jsonb, pgEnum, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

import { apikey, organization } from './auth.js';

export const apiKeyKind = pgEnum('api_key_kind', ['agent', 'service']);

/**
 * What an API key may call: its tool list and the connections it may use (null: no limit, the behaviour of keys
 * made before tool lists existed). A key without a row has no limits either. Deleted with its key.
 */
export const apiKeyPolicies = pgTable('api_key_policies', {
  keyId: text('key_id')
    .primaryKey()
    .references(() => apikey.id, { onDelete: 'cascade' }),
  workspaceId: text('workspace_id')
    .notNull()
    .references(() => organization.id, { onDelete: 'cascade' }),
  kind: apiKeyKind('kind').notNull().default('service'),
  tools: text('tools').array(),
  connectionIds: text('connection_ids').array(),
  updatedAt: timestamp('updated_at', { withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
});

/**
 * Governance changes: who changed which key's or connection's policy, from what to what. Like tool activity,
 * rows outlive their principal and their target.
 */
export const policyChanges = pgTable(
  'policy_changes',
  {
    id: text('id')
      .primaryKey()
      .$defaultFn(() => crypto.randomUUID()),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => organization.id, { onDelete: 'cascade' }),
    /** 'user', 'apiKey', or 'system' for the CLI (run by an operator on the server). */
    principalKind: text('principal_kind').$type<'user' | 'apiKey' | 'system'>().notNull(),
    principalId: text('principal_id').notNull(),
    principalName: text('principal_name').notNull(),
    targetKind: text('target_kind').$type<'apiKey' | 'connection'>().notNull(),
    targetId: text('target_id').notNull(),
    targetName: text('target_name').notNull(),
    /** Field → { from, to }: tool lists, connection lists, capabilities, space allow-lists, kind. */
    changes: jsonb('changes').$type<Record<string, { from: unknown; to: unknown }>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('policy_changes_workspace_cursor_idx').on(
      table.workspaceId,
      table.createdAt.desc(),
      table.id.desc(),
    ),
  ],
);

export type ApiKeyPolicyRow = typeof apiKeyPolicies.$inferSelect;
export type PolicyChangeRow = typeof policyChanges.$inferSelect;
