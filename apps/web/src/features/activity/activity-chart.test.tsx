import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import type { ActivityBucket, ActivityStats } from '../../lib/api-types';
import { formatDateTime } from '../../lib/format';
import { ActivityChart } from './activity-chart';
import { countTicks } from './chart-scale';

const HOUR = 3600_000;
const FROM = Date.parse('2026-03-01T13:00:00Z');

function bucket(hour: number, ok: number, errors = 0): ActivityBucket {
  return {
    start: new Date(FROM + hour * HOUR).toISOString(),
    total: ok + errors,
    ok,
    errors,
    byOutcome: { OK: ok, ...(errors > 0 ? { NOT_FOUND: errors } : {}) },
    p95Ms: 40,
  };
}

/** The last 24 hours as activity.stats answers them: `from` is the start of the oldest hourly bucket. */
function stats(buckets: ActivityBucket[]): ActivityStats {
  const total = buckets.reduce((n, b) => n + b.total, 0);
  const errors = buckets.reduce((n, b) => n + b.errors, 0);
  return {
    range: '24h',
    bucketMs: HOUR,
    from: new Date(FROM).toISOString(),
    to: new Date(FROM + 23 * HOUR + 20 * 60_000).toISOString(),
    buckets,
    totals: { total, ok: total - errors, errors, byOutcome: {}, p95Ms: 40 },
  };
}

const tickLabels = () =>
  screen.getAllByTestId('count-tick').map((tick) => tick.querySelector('text')?.textContent);

describe('ActivityChart', () => {
  it('counts on the y axis are whole numbers: 3 calls at most read 0, 1, 2, 3 (no "3" on a 2.5 line)', () => {
    render(<ActivityChart stats={stats([bucket(22, 2, 1)])} />);
    expect(tickLabels()).toEqual(['0', '1', '2', '3']);
  });

  it('every tick of any count is an integer, and the top covers the largest bucket', () => {
    for (const max of [0, 1, 2, 3, 5, 7, 9, 12, 37, 250]) {
      const ticks = countTicks(max);
      expect(ticks.every(Number.isInteger), `ticks for ${max}: ${ticks.join(', ')}`).toBe(true);
      expect(ticks.at(-1)).toBeGreaterThanOrEqual(max);
      expect(ticks.length).toBeLessThanOrEqual(5);
    }
  });

  it('the buckets span the whole 24 hours, one an hour; each call stands in the hour it was made', () => {
    // Only the hours with calls, as a sparse list: the bars must still sit at their hour, not at the left edge.
    render(<ActivityChart stats={stats([bucket(10, 3), bucket(23, 1)])} />);
    const buckets = screen.getAllByTestId('chart-bucket');
    expect(buckets).toHaveLength(24);
    const withCalls = buckets.filter((b) => b.querySelector('rect.fill-emerald-500') !== null);
    expect(withCalls.map((b) => buckets.indexOf(b))).toEqual([10, 23]);
    expect(withCalls[0]?.querySelector('title')?.textContent).toBe(
      `${formatDateTime(new Date(FROM + 10 * HOUR).toISOString())}: 3 calls, 0 errors, p95 40 ms`,
    );
  });

  it('labels the newest hour (where a fresh demo’s calls are), and says what a bar is', () => {
    render(
      <ActivityChart stats={stats(Array.from({ length: 24 }, (_, h) => bucket(h, h === 23 ? 4 : 0)))} />,
    );
    const labelled = screen.getAllByTestId('time-label').map((label) => label.closest('g'));
    expect(labelled.at(-1)).toBe(screen.getAllByTestId('chart-bucket').at(-1));
    expect(screen.getByText('One bar per hour, newest on the right.')).toBeInTheDocument();
  });
});
