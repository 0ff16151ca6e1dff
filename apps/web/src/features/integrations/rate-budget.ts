import type { Connection } from '../../lib/api-types';
import { plural, relativeTime } from '../../lib/format';
import type { Tone } from '../../ui/badge';

export type RateBudget = NonNullable<Connection['rateBudget']>;

export interface RateBudgetLine {
  /** The badge beside the numbers, when reads are affected. */
  badge: { label: string; tone: Tone } | null;
  /** Points left of the limit, e.g. "48,211 of 65,000 points left". */
  points: string;
  /** What it means for tool calls now. */
  summary: string;
}

const number = (n: number) => n.toLocaleString('en');

/**
 * The connection's rate-limit budget in words. The API decided the state when the list was loaded; a refusal
 * whose time has passed since then is shown as over.
 */
export function describeRateBudget(budget: RateBudget, now: number): RateBudgetLine {
  const points =
    budget.remaining === null
      ? 'Points left not reported'
      : budget.limit === null
        ? `${plural(budget.remaining, 'point')} left`
        : `${number(budget.remaining)} of ${plural(budget.limit, 'point')} left`;
  const resets = budget.resetAt === null ? '' : ` The window resets ${relativeTime(budget.resetAt, now)}.`;
  const until = budget.readsRefusedUntil;
  const refusing = until !== null && Date.parse(until) > now;
  if (budget.state === 'blocked' && refusing) {
    return {
      badge: { label: 'Blocked', tone: 'danger' },
      points,
      summary: `Confluence answered 429 (rate limited): read tools are refused for now and allowed again ${relativeTime(until, now)}; writes still go through.`,
    };
  }
  if (budget.state === 'reserve' && refusing) {
    return {
      badge: { label: 'Reads held back', tone: 'danger' },
      points,
      summary: `Almost used up: read tools are refused until the window resets ${relativeTime(until, now)}, so the rest is kept for writes.`,
    };
  }
  const refusalOver = until !== null && !refusing;
  const windowOver = budget.resetAt !== null && Date.parse(budget.resetAt) <= now;
  const over = budget.state === 'reset' || refusalOver || windowOver;
  if (over) {
    return {
      badge: null,
      points,
      summary: `These numbers are from a window that has ended (seen ${relativeTime(budget.observedAt, now)}); the next call reports the new one.`,
    };
  }
  if (budget.state === 'near_limit') {
    return {
      badge: { label: 'Near limit', tone: 'warning' },
      points,
      summary: `Under 20% left: read tools are slowed down a little so the rest lasts.${resets}`,
    };
  }
  return { badge: null, points, summary: `Tool calls are not held back.${resets}` };
}
