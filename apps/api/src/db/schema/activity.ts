import { index, integer, pgEnum, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

import { organization } from './auth.js';
import { confluenceConnections } from './connections.js';

export const principalKind = pgEnum('principal_kind', ['user', 'apiKey']);

/**
 * One row per tool call: who, which tool, which connection, how it ended and how long it took. Never inputs,
 * page bodies or tokens. Rows outlive their principal (no foreign key on principal_id) so the audit trail survives
 * a revoked key or a removed user; a deleted connection leaves its rows with a null connection_id.
 */
export const toolActivity = pgTable(
  'tool_activity',
  {
    id: text('id')
      .primaryKey()
      .$defaultFn(() => crypto.randomUUID()),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => organization.id, { onDelete: 'cascade' }),
    principalKind: principalKind('principal_kind').notNull(),
    principalId: text('principal_id').notNull(),
    tool: text('tool').notNull(),
    connectionId: text('connection_id').references(() => confluenceConnections.id, { onDelete: 'set null' }),
    /** 'OK' (OUTCOME_OK) or an error kind such as NOT_FOUND, RATE_LIMITED, NEEDS_REAUTH. */
    outcomeKind: text('outcome_kind').notNull(),
    durationMs: integer('duration_ms').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    // Keyset paging: WHERE workspace_id = $1 AND (created_at, id) < ($2, $3) ORDER BY created_at DESC, id DESC.
    index('tool_activity_workspace_cursor_idx').on(
      table.workspaceId,
      table.createdAt.desc(),
      table.id.desc(),
    ),
  ],
);

export type ToolActivityRow = typeof toolActivity.$inferSelect;
export type NewToolActivityRow = typeof toolActivity.$inferInsert;
