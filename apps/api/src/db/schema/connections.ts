import { sql } from 'drizzle-orm';
import { boolean, check, index, pgEnum, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

import { organization, user } from './auth.js';

export const connectionStatus = pgEnum('connection_status', ['active', 'needs_reauth', 'disconnected']);
export type ConnectionStatus = (typeof connectionStatus.enumValues)[number];

/**
 * One Confluence Cloud site connected to one workspace through one Atlassian account. Reconnecting the same site
 * in the same workspace updates this row (same id), hence the unique (workspace_id, cloud_id).
 *
 * Tokens are stored only as AES-256-GCM envelopes (connections/token-cipher.ts) whose associated data is this
 * row's id plus the column name, so a ciphertext copied to another row or column does not decrypt. They are
 * nullable because disconnecting deletes them rather than flagging them.
 */
export const confluenceConnections = pgTable(
  'confluence_connections',
  {
    id: text('id')
      .primaryKey()
      .$defaultFn(() => crypto.randomUUID()),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => organization.id, { onDelete: 'cascade' }),
    cloudId: text('cloud_id').notNull(),
    siteName: text('site_name').notNull(),
    siteUrl: text('site_url').notNull(),
    accountId: text('account_id').notNull(),
    accountName: text('account_name'),
    accountEmail: text('account_email'),
    scopes: text('scopes')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    accessTokenEnc: text('access_token_enc'),
    refreshTokenEnc: text('refresh_token_enc'),
    accessTokenExpiresAt: timestamp('access_token_expires_at', { withTimezone: true }),
    /** Atlassian rotates refresh tokens and drops one unused for 90 days: the keep-alive job reads this. */
    refreshTokenUpdatedAt: timestamp('refresh_token_updated_at', { withTimezone: true }),
    status: connectionStatus('status').notNull().default('active'),
    lastRefreshedAt: timestamp('last_refreshed_at', { withTimezone: true }),
    /** When an admin's consent last stored tokens: a lastRefreshedAt no later than this is no refresh at all. */
    consentedAt: timestamp('consented_at', { withTimezone: true }),
    /** When a tool last took a token of it (written at most once a minute per process): the background pass
     *  refreshes ahead only connections used (or consented) recently; idle ones refresh on demand. */
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    /** A short, token-free description of the last refresh failure, shown as the connection's health. */
    lastError: text('last_error'),
    isDefault: boolean('is_default').notNull().default(false),
    /** What tools may do through this connection (policy/policy.ts): DEFAULT_CAPABILITIES of @hub/confluence, every
     *  capability but `delete` (an admin turns that on per connection). Rows made before `delete` existed lack it too. */
    capabilities: text('capabilities')
      .array()
      .notNull()
      .default(sql`'{read,search,write,comment}'::text[]`),
    /** Space keys tools may see and change; null means every space the Atlassian account can see. */
    allowedSpaceKeys: text('allowed_space_keys').array(),
    createdBy: text('created_by').references(() => user.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (table) => [
    uniqueIndex('confluence_connections_workspace_cloud_uq').on(table.workspaceId, table.cloudId),
    // At most one default per workspace; the tool router falls back to it when no connectionId is given.
    uniqueIndex('confluence_connections_one_default_uq')
      .on(table.workspaceId)
      .where(sql`${table.isDefault}`),
    // The background refresher scans by expiry across all workspaces.
    index('confluence_connections_expiry_idx').on(table.status, table.accessTokenExpiresAt),
    // Disconnecting deletes the tokens, not only a flag: the database refuses a disconnected row that kept them.
    check(
      'confluence_connections_disconnected_has_no_tokens',
      sql`${table.status} <> 'disconnected' or (${table.accessTokenEnc} is null and ${table.refreshTokenEnc} is null)`,
    ),
  ],
);

export type ConnectionRow = typeof confluenceConnections.$inferSelect;
export type NewConnectionRow = typeof confluenceConnections.$inferInsert;
