import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Failed sign-ins per account, counted whether or not the account exists (so the limit says nothing about which
 * emails are real), shared by every API process. Keyed by a SHA-256 of the normalised email: the table holds no
 * address in clear. A successful sign-in deletes the row.
 */
export const signInFailures = pgTable('sign_in_failures', {
  accountKey: text('account_key').primaryKey(),
  failures: integer('failures').notNull(),
  windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull(),
  blockedUntil: timestamp('blocked_until', { withTimezone: true }),
});
