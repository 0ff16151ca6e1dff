import type { ActivityStats } from '../../lib/api-types';
import { formatDay, formatDuration, formatTime, plural } from '../../lib/format';

const W = 720;
const H = 200;
const PAD = { top: 12, right: 48, bottom: 26, left: 36 };
const plotW = W - PAD.left - PAD.right;
const plotH = H - PAD.top - PAD.bottom;

/** A rounded-up axis maximum: 1, 2, 5 × 10^n. */
function niceMax(value: number): number {
  if (value <= 0) return 1;
  const base = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (value <= step * base) return step * base;
  return 10 * base;
}

/**
 * Calls per time bucket as stacked bars (succeeded below, failed on top) with the p95 duration as a line on its
 * own scale: a connection that starts failing shows as red bars from a point on, often with slower calls.
 */
export function ActivityChart({ stats }: { stats: ActivityStats }) {
  const { buckets } = stats;
  const maxCalls = niceMax(Math.max(0, ...buckets.map((b) => b.total)));
  const maxP95 = niceMax(Math.max(0, ...buckets.map((b) => b.p95Ms ?? 0)));
  const slot = plotW / Math.max(1, buckets.length);
  const barW = Math.max(2, slot * 0.62);
  const y = (calls: number) => PAD.top + plotH - (calls / maxCalls) * plotH;
  const yP95 = (ms: number) => PAD.top + plotH - (ms / maxP95) * plotH;
  const label = (iso: string) =>
    stats.bucketMs >= 24 * 3600_000 || stats.range === '7d' ? formatDay(iso) : formatTime(iso);
  const every = Math.ceil(buckets.length / 6);

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
    <figure className="m-0">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        className="h-auto w-full"
        role="img"
        aria-labelledby="chart-title chart-desc"
      >
        <title id="chart-title">Tool calls over time by outcome, with p95 duration</title>
        <desc id="chart-desc">{summary} in the selected period.</desc>
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line
              x1={PAD.left}
              x2={W - PAD.right}
              y1={y(maxCalls * f)}
              y2={y(maxCalls * f)}
              className="stroke-slate-200"
              strokeDasharray={f === 0 ? undefined : '3 3'}
            />
            <text
              x={PAD.left - 6}
              y={y(maxCalls * f) + 4}
              textAnchor="end"
              className="fill-slate-500 text-[10px]"
            >
              {Math.round(maxCalls * f)}
            </text>
            {segments.length > 0 && (
              <text x={W - PAD.right + 6} y={yP95(maxP95 * f) + 4} className="fill-indigo-500 text-[10px]">
                {formatDuration(maxP95 * f)}
              </text>
            )}
          </g>
        ))}
        {buckets.map((b, i) => {
          const x = PAD.left + slot * i + (slot - barW) / 2;
          return (
            <g key={b.start}>
              <title>{`${label(b.start)}: ${plural(b.total, 'call')}, ${plural(b.errors, 'error')}${b.p95Ms === null ? '' : `, p95 ${formatDuration(b.p95Ms)}`}`}</title>
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
              {i % every === 0 && (
                <text
                  x={PAD.left + slot * (i + 0.5)}
                  y={H - 8}
                  textAnchor="middle"
                  className="fill-slate-500 text-[10px]"
                >
                  {label(b.start)}
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
          <span className="h-0.5 w-3 bg-indigo-500" aria-hidden="true" /> p95 duration (right axis)
        </span>
      </figcaption>
    </figure>
  );
}
