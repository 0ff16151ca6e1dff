import { and, eq, gte, sql } from 'drizzle-orm';

import type { Db } from '../db/client.js';
import { toolActivity } from '../db/schema/index.js';
import { filterConditions, type ActivityFilter } from './queries.js';
import { OUTCOME_OK } from './recorder.js';

export const STATS_RANGES = {
  '1h': { bucketMs: 5 * 60_000, buckets: 12 },
  '24h': { bucketMs: 60 * 60_000, buckets: 24 },
  '7d': { bucketMs: 6 * 60 * 60_000, buckets: 28 },
  '30d': { bucketMs: 24 * 60 * 60_000, buckets: 30 },
} as const;
export type StatsRange = keyof typeof STATS_RANGES;

export interface ActivityBucket {
  /** ISO start of the bucket; buckets are `bucketMs` wide, oldest first, none missing. */
  start: string;
  total: number;
  ok: number;
  errors: number;
  /** Calls per outcome kind ('OK', 'NOT_FOUND', …). */
  byOutcome: Record<string, number>;
  /** 95th percentile of call duration in the bucket; null when it had no calls. */
  p95Ms: number | null;
}

export interface ActivityStats {
  range: StatsRange;
  bucketMs: number;
  from: string;
  to: string;
  buckets: ActivityBucket[];
  totals: {
    total: number;
    ok: number;
    errors: number;
    byOutcome: Record<string, number>;
    p95Ms: number | null;
  };
}

/** Calls over time by outcome, with p95 latency, for the panel's chart. One query (grouping sets). */
export async function activityStats(
  db: Db,
  workspaceId: string,
  options: ActivityFilter & { range: StatsRange; now?: number },
): Promise<ActivityStats> {
  const { bucketMs, buckets: count } = STATS_RANGES[options.range];
  const now = options.now ?? Date.now();
  const fromMs = (Math.floor(now / bucketMs) - (count - 1)) * bucketMs;
  const from = new Date(fromMs);

  // Literals, not parameters: PostgreSQL matches GROUP BY expressions to SELECT ones textually, and two
  // parameters ($1, $4) never match. Both are integers computed here.
  const bucket = sql<number>`floor((extract(epoch from ${toolActivity.createdAt}) * 1000 - ${sql.raw(String(fromMs))}) / ${sql.raw(String(bucketMs))})::int`;
  const rows = await db
    .select({
      // Null in the rows that sum over them.
      bucket: sql<number | null>`${bucket}`.as('bucket'),
      outcomeKind: sql<string | null>`${toolActivity.outcomeKind}`,
      calls: sql<number>`count(*)::int`.mapWith(Number),
      // float8: both drivers return a JS number.
      p95: sql<number | null>`percentile_cont(0.95) within group (order by ${toolActivity.durationMs})`,
      // 0 = a (bucket, outcome) group, 1 = a whole bucket, 3 = the whole range.
      level: sql<number>`grouping(${bucket}, ${toolActivity.outcomeKind})::int`,
    })
    .from(toolActivity)
    .where(
      and(
        eq(toolActivity.workspaceId, workspaceId),
        gte(toolActivity.createdAt, from),
        ...filterConditions(options),
      ),
    )
    .groupBy(sql`grouping sets ((${bucket}, ${toolActivity.outcomeKind}), (${bucket}), ())`);

  const empty = () => ({ total: 0, ok: 0, errors: 0, byOutcome: {} as Record<string, number>, p95Ms: null });
  const buckets: ActivityBucket[] = Array.from({ length: count }, (_, i) => ({
    start: new Date(fromMs + i * bucketMs).toISOString(),
    ...empty(),
  }));
  const totals: ActivityStats['totals'] = empty();
  for (const row of rows) {
    const target = row.level === 3 ? totals : row.bucket === null ? undefined : buckets[row.bucket];
    if (target === undefined) continue; // a row stamped in the future by a skewed clock
    const calls = row.calls;
    if (row.level === 0 && row.outcomeKind !== null) {
      target.byOutcome[row.outcomeKind] = calls;
      if (row.outcomeKind === OUTCOME_OK) target.ok = calls;
      else target.errors += calls;
      totals.byOutcome[row.outcomeKind] = (totals.byOutcome[row.outcomeKind] ?? 0) + calls;
    } else {
      target.total = calls;
      target.p95Ms = row.p95 === null ? null : Math.round(row.p95);
    }
  }
  totals.ok = totals.byOutcome[OUTCOME_OK] ?? 0;
  totals.errors = totals.total - totals.ok;
  return {
    range: options.range,
    bucketMs,
    from: from.toISOString(),
    to: new Date(now).toISOString(),
    buckets,
    totals,
  };
}
