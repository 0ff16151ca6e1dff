import type { ActivityStats } from '../../lib/api-types';
import { formatDateTime, formatDay, formatDuration, formatHour, formatTime, plural } from '../../lib/format';
import { useWidth } from '../../lib/use-width';
import { countTicks, durationTop, labelledBuckets, windowBuckets } from './chart-scale';

const DEFAULT_WIDTH = 720;
const PAD = { top: 12, right: 46, bottom: 26, left: 32 };
/** Room one time label needs on the axis, in px. */
const LABEL_ROOM = 64;

/**
 * Calls per time bucket as stacked bars (succeeded below, failed on top) with the p95 duration as a line on its
 * own scale: a connection that starts failing shows as red bars from a point on, often with slower calls. Drawn at
 * the width it is shown at (not scaled down from a laptop's), so its labels stay readable on a phone.
 */
export function ActivityChart({ stats }: { stats: ActivityStats }) {
  const { ref, width } = useWidth<HTMLDivElement>();
  const W = Math.max(280, width ?? DEFAULT_WIDTH);
  const H = W < 480 ? 180 : 200;
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;

  const buckets = windowBuckets(stats);
  const ticks = countTicks(Math.max(0, ...buckets.map((b) => b.total)));
  const maxCalls = ticks.at(-1) ?? 1;
  const maxP95 = durationTop(Math.max(0, ...buckets.map((b) => b.p95Ms ?? 0)), ticks.length - 1);
  const slot = plotW / buckets.length;
  const barW = Math.max(2, slot * 0.62);
  const y = (calls: number) => PAD.top + plotH - (calls / maxCalls) * plotH;
  const yP95 = (ms: number) => PAD.top + plotH - (ms / maxP95) * plotH;
  const axisLabel = (iso: string) =>
    stats.bucketMs >= 6 * 3600_000
      ? formatDay(iso)
      : stats.bucketMs >= 3600_000
        ? formatHour(iso)
        : formatTime(iso);
  const labelled = labelledBuckets(buckets.length, Math.floor(plotW / LABEL_ROOM));

  // The p95 line breaks over buckets without calls rather than dropping to zero.
  const segments: string[] = [];
  let current: string[] = [];
  buckets.forEach((b, i) => {
    if (b.p95Ms === null) {
      if (current.length > 0) segments.push(current.join(' '));
      current = [];
      return;
    }
    current.push(`${(PAD.left + slot * (i + 0.5)).toFixed(1)},${yP95(b.p95Ms).toFixed(1)}`);
  });
  if (current.length > 0) segments.push(current.join(' '));

  const { totals } = stats;
  const summary = `${plural(totals.total, 'call')}, ${plural(totals.errors, 'error')}${totals.p95Ms === null ? '' : `, p95 ${formatDuration(totals.p95Ms)}`}`;

  return (
    <figure className="m-0" ref={ref}>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        className="h-auto w-full"
        role="img"
        aria-labelledby="chart-title chart-desc"
        data-testid="activity-chart"
      >
        <title id="chart-title">Tool calls over time by outcome, with p95 duration</title>
        <desc id="chart-desc">{summary} in the selected period.</desc>
        {ticks.map((calls) => (
          <g key={calls} data-testid="count-tick">
            <line
              x1={PAD.left}
              x2={W - PAD.right}
              y1={y(calls)}
              y2={y(calls)}
              className="stroke-slate-200"
              strokeDasharray={calls === 0 ? undefined : '3 3'}
            />
            <text x={PAD.left - 6} y={y(calls) + 4} textAnchor="end" className="fill-slate-500 text-[11px]">
              {calls}
            </text>
            {segments.length > 0 && (
              <text
                x={W - PAD.right + 6}
                y={yP95((calls / maxCalls) * maxP95) + 4}
                className="fill-indigo-500 text-[11px]"
              >
                {formatDuration((calls / maxCalls) * maxP95)}
              </text>
            )}
          </g>
        ))}
        {buckets.map((b, i) => {
          const x = PAD.left + slot * i + (slot - barW) / 2;
          return (
            <g key={b.start} data-testid="chart-bucket" data-start={b.start} data-calls={b.total}>
              <title>{`${formatDateTime(b.start)}: ${plural(b.total, 'call')}, ${plural(b.errors, 'error')}${b.p95Ms === null ? '' : `, p95 ${formatDuration(b.p95Ms)}`}`}</title>
              <rect x={PAD.left + slot * i} y={PAD.top} width={slot} height={plotH} fill="transparent" />
              {b.ok > 0 && (
                <rect
                  x={x}
                  y={y(b.ok)}
                  width={barW}
                  height={y(0) - y(b.ok)}
                  rx="1.5"
                  className="fill-emerald-500"
                />
              )}
              {b.errors > 0 && (
                <rect
                  x={x}
                  y={y(b.ok + b.errors)}
                  width={barW}
                  height={y(b.ok) - y(b.ok + b.errors)}
                  rx="1.5"
                  className="fill-rose-500"
                />
              )}
              {labelled.has(i) && (
                <text
                  x={PAD.left + slot * (i + 0.5)}
                  y={H - 8}
                  textAnchor={i === buckets.length - 1 ? 'end' : 'middle'}
                  className="fill-slate-500 text-[11px]"
                  data-testid="time-label"
                >
                  {axisLabel(b.start)}
                </text>
              )}
            </g>
          );
        })}
        {segments.map((points) => (
          <polyline
            key={points}
            points={points}
            fill="none"
            className="stroke-indigo-500"
            strokeWidth="1.75"
            strokeLinejoin="round"
          />
        ))}
        {buckets.map((b, i) =>
          b.p95Ms === null ? null : (
            <circle
              key={`p95-${b.start}`}
              cx={PAD.left + slot * (i + 0.5)}
              cy={yP95(b.p95Ms)}
              r="2.5"
              className="fill-white stroke-indigo-500"
              strokeWidth="1.5"
            />
          ),
        )}
        {totals.total === 0 && (
          <text
            x={PAD.left + plotW / 2}
            y={PAD.top + plotH / 2}
            textAnchor="middle"
            className="fill-slate-400 text-[12px]"
          >
            No calls in this period
          </text>
        )}
      </svg>
      <figcaption className="mt-2 flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-slate-600">
        <span className="inline-flex items-center gap-1.5">
          <span className="size-2.5 rounded-sm bg-emerald-500" aria-hidden="true" /> Succeeded
        </span>
        <span className="inline-flex items-center gap-1.5">
          <span className="size-2.5 rounded-sm bg-rose-500" aria-hidden="true" /> Failed
        </span>
        <span className="inline-flex items-center gap-1.5">
          <span className="h-0.5 w-3 bg-indigo-500" aria-hidden="true" /> p95 server time (right axis)
        </span>
        <span>One bar per {bucketName(stats.bucketMs)}, newest on the right.</span>
      </figcaption>
    </figure>
  );
}

function bucketName(bucketMs: number): string {
  if (bucketMs % (24 * 3600_000) === 0) return plural(bucketMs / (24 * 3600_000), 'day').replace(/^1 /, '');
  if (bucketMs % 3600_000 === 0) return plural(bucketMs / 3600_000, 'hour').replace(/^1 /, '');
  return plural(bucketMs / 60_000, 'minute').replace(/^1 /, '');
}
