import { bigint, boolean, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Atlassian's rate-limit budget per site (cloudId), as the API processes last saw it in Confluence's answers,
 * shared so that every process holds back reads when one of them sees the budget run low or a 429. Written at
 * most about once a second per site and process (at once on a 429 or on crossing near-limit); facts from response
 * headers only, never a token.
 */
export const rateBudgets = pgTable('rate_budgets', {
  cloudId: text('cloud_id').primaryKey(),
  /** Points per window (X-RateLimit-Limit); null when Atlassian did not say. Bigint: quotas are configuration. */
  limit: bigint('limit', { mode: 'number' }),
  remaining: bigint('remaining', { mode: 'number' }),
  /** When the window resets. */
  resetAt: timestamp('reset_at', { withTimezone: true }),
  nearLimit: boolean('near_limit').notNull().default(false),
  /** Until when a 429's Retry-After holds reads back (the latest of every process's). */
  blockedUntil: timestamp('blocked_until', { withTimezone: true }),
  /** When the observation written was made; the newest observation wins. */
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

export type RateBudgetRow = typeof rateBudgets.$inferSelect;
