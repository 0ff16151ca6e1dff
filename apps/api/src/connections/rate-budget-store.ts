import { eq, inArray, sql } from 'drizzle-orm';

import type { Db } from '../db/client.js';
import { rateBudgets, type RateBudgetRow } from '../db/schema/index.js';
import type { BudgetState } from './rate-budget-rule.js';

const ms = (date: Date | null): number | undefined => (date === null ? undefined : date.getTime());
const date = (value: number | undefined): Date | null => (value === undefined ? null : new Date(value));

export function toBudgetState(row: RateBudgetRow): BudgetState {
  return {
    limit: row.limit ?? undefined,
    remaining: row.remaining ?? undefined,
    resetAt: ms(row.resetAt),
    nearLimit: row.nearLimit,
    blockedUntil: ms(row.blockedUntil),
    observedAt: row.updatedAt.getTime(),
  };
}

export async function readBudget(db: Db, cloudId: string): Promise<BudgetState | undefined> {
  const [row] = await db.select().from(rateBudgets).where(eq(rateBudgets.cloudId, cloudId));
  return row === undefined ? undefined : toBudgetState(row);
}

export async function readBudgets(db: Db, cloudIds: string[]): Promise<Map<string, RateBudgetRow>> {
  if (cloudIds.length === 0) return new Map();
  const rows = await db.select().from(rateBudgets).where(inArray(rateBudgets.cloudId, cloudIds));
  return new Map(rows.map((row) => [row.cloudId, row]));
}

// In ON CONFLICT … DO UPDATE, `excluded` is the row this process tried to insert.
const newer = sql`excluded.updated_at >= ${rateBudgets.updatedAt}`;
const newest = (column: string, current: unknown) =>
  sql`CASE WHEN ${newer} THEN excluded.${sql.identifier(column)} ELSE ${current} END`;

/**
 * One upsert per write. Processes write independently, so the merge is in the statement: the newest observation's
 * numbers win (an older one arriving late changes nothing), and a block lasts until the latest Retry-After any
 * process saw.
 */
export async function writeBudget(db: Db, cloudId: string, state: BudgetState): Promise<void> {
  await db
    .insert(rateBudgets)
    .values({
      cloudId,
      limit: state.limit ?? null,
      remaining: state.remaining ?? null,
      resetAt: date(state.resetAt),
      nearLimit: state.nearLimit,
      blockedUntil: date(state.blockedUntil),
      updatedAt: new Date(state.observedAt),
    })
    .onConflictDoUpdate({
      target: rateBudgets.cloudId,
      set: {
        limit: newest('limit', rateBudgets.limit),
        remaining: newest('remaining', rateBudgets.remaining),
        resetAt: newest('reset_at', rateBudgets.resetAt),
        nearLimit: newest('near_limit', rateBudgets.nearLimit),
        blockedUntil: sql`GREATEST(${rateBudgets.blockedUntil}, excluded.blocked_until)`,
        updatedAt: sql`GREATEST(${rateBudgets.updatedAt}, excluded.updated_at)`,
      },
    });
}
