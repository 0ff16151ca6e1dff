import type { Connection } from '../../lib/api-types';
import { formatDateTime } from '../../lib/format';
import { Badge } from '../../ui/badge';
import { describeRateBudget } from './rate-budget';

/**
 * The site's Confluence rate-limit budget, as the API processes last saw it in Confluence's answers: points left
 * of the limit, and whether read tools are slowed down or refused.
 */
export function RateBudgetSummary({ budget, now }: { budget: Connection['rateBudget']; now: number }) {
  if (budget === null) {
    return (
      <p className="mt-2 text-[13px] text-slate-500" data-testid="rate-budget">
        <span className="text-slate-500">Rate budget:</span> not reported yet (Confluence reports it with
        every answer).
      </p>
    );
  }
  const line = describeRateBudget(budget, now);
  return (
    <div
      className="mt-2 flex flex-wrap items-center gap-x-2 gap-y-1 text-[13px]"
      data-testid="rate-budget"
      data-state={budget.state}
    >
      <span className="text-slate-500">Rate budget:</span>
      <span
        className="font-medium text-slate-800"
        title={budget.resetAt === null ? undefined : `Resets ${formatDateTime(budget.resetAt)}`}
      >
        {line.points}
      </span>
      {line.badge !== null && (
        <Badge tone={line.badge.tone} dot>
          {line.badge.label}
        </Badge>
      )}
      <span className="text-slate-600">{line.summary}</span>
    </div>
  );
}
