import { index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

import { organization, session, user } from './auth.js';

/**
 * A pending Atlassian consent. The random state value travels through the browser; only its SHA-256 is stored,
 * so a database reader cannot complete someone else's consent. It is single-use (used_at), expires after ten
 * minutes and is bound to the session that started it.
 */
export const oauthStates = pgTable(
  'oauth_states',
  {
    /** base64url SHA-256 of the state parameter. */
    stateHash: text('state_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => organization.id, { onDelete: 'cascade' }),
    sessionId: text('session_id')
      .notNull()
      .references(() => session.id, { onDelete: 'cascade' }),
    /** Same-origin relative path the browser returns to; validated before it is stored. */
    returnPath: text('return_path').notNull(),
    /**
     * When the granted token reaches several sites, the exchanged tokens and the site list wait here (as a token
     * envelope, field `pending_connection`, associated data = state_hash) until the admin picks a site.
     */
    pendingEnc: text('pending_enc'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('oauth_states_expires_idx').on(table.expiresAt)],
);

export type OAuthStateRow = typeof oauthStates.$inferSelect;
