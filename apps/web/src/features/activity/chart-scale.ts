import type { ActivityBucket, ActivityStats } from '../../lib/api-types';

/** The smallest whole 1, 2, 2.5 or 5 × 10^n at or above `value` (at least 1). */
export function niceStep(value: number, multipliers: readonly number[] = [1, 2, 5]): number {
  if (!(value > 1)) return 1;
  for (let base = 10 ** Math.floor(Math.log10(value)); ; base *= 10) {
    for (const m of multipliers) {
      const step = m * base;
      if (step >= value && Number.isInteger(step)) return step;
    }
  }
}

/** Gridlines for call counts: whole numbers only, from 0 to a top at or above `max`, at most `intervals` steps. */
export function countTicks(max: number, intervals = 4): number[] {
  const step = niceStep(max / intervals);
  const top = Math.max(step, Math.ceil(max / step) * step);
  return Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step);
}

/** The p95 axis over as many steps as the count axis has, so both label the same gridlines. */
export function durationTop(maxMs: number, intervals: number): number {
  return niceStep(maxMs / Math.max(1, intervals), [1, 2, 2.5, 5]) * Math.max(1, intervals);
}

const empty = (start: string): ActivityBucket => ({
  start,
  total: 0,
  ok: 0,
  errors: 0,
  byOutcome: {},
  p95Ms: null,
});

/**
 * Every bucket of the period, oldest first, each call in the bucket its time falls in: the API sends them all, but
 * the chart places them by time, not by position in the list, so a missing or extra bucket cannot shift the bars.
 */
export function windowBuckets(
  stats: Pick<ActivityStats, 'from' | 'to' | 'bucketMs' | 'buckets'>,
): ActivityBucket[] {
  const from = Date.parse(stats.from);
  const { bucketMs } = stats;
  const count = Math.max(1, Math.floor((Date.parse(stats.to) - from) / bucketMs) + 1);
  const slots = Array.from({ length: count }, (_, i) => empty(new Date(from + i * bucketMs).toISOString()));
  for (const bucket of stats.buckets) {
    const slot = slots[Math.floor((Date.parse(bucket.start) - from) / bucketMs)];
    if (slot !== undefined) Object.assign(slot, { ...bucket, start: slot.start });
  }
  return slots;
}

/** Which buckets get a time label: the newest always, then every `step` back, at most `max` of them. */
export function labelledBuckets(count: number, max: number): Set<number> {
  const step = Math.max(1, Math.ceil(count / Math.max(1, max)));
  const shown = new Set<number>();
  for (let i = count - 1; i >= 0; i -= step) shown.add(i);
  return shown;
}
