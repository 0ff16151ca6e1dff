import { RateLimitedError } from '@hub/confluence';

/**
 * When a read may go to Confluence, from what Atlassian last said about a site's rate-limit budget. Pure: the one
 * place the rule lives (rate-budget.ts feeds it; the vault applies it to every read tool call).
 */

/** A site's budget as last observed (times in ms since the epoch). */
export interface BudgetState {
  limit: number | undefined;
  remaining: number | undefined;
  resetAt: number | undefined;
  nearLimit: boolean;
  /** A 429's Retry-After, as a time. */
  blockedUntil: number | undefined;
  /** When the numbers were read off a response. */
  observedAt: number;
}

export interface BudgetRule {
  /** Reads stop when this share of the limit (percent) or less is left before the reset: kept for writes. */
  reservePercent: number;
  /** The longest a read is delayed near the limit (at the reserve); 0 turns pacing off. */
  maxPaceMs: number;
}

export const DEFAULT_BUDGET_RULE: BudgetRule = { reservePercent: 5, maxPaceMs: 1000 };

/** Atlassian's own near-limit line (X-RateLimit-NearLimit): under 20 % left. */
export const NEAR_LIMIT_FRACTION = 0.2;
/** Numbers with no reset time are trusted this long. */
export const UNDATED_VALIDITY_MS = 60_000;

export type BudgetDecision =
  | { kind: 'go' }
  | { kind: 'pace'; delayMs: number }
  | { kind: 'refuse'; why: 'blocked' | 'reserve'; retryAfterMs: number; until: number };

const GO: BudgetDecision = { kind: 'go' };

export function decide(state: BudgetState | undefined, now: number, rule: BudgetRule): BudgetDecision {
  if (state === undefined) return GO;
  if (state.blockedUntil !== undefined && state.blockedUntil > now) {
    return {
      kind: 'refuse',
      why: 'blocked',
      retryAfterMs: state.blockedUntil - now,
      until: state.blockedUntil,
    };
  }
  // Past the reset the window is a new one, whatever the last answer of the old one said.
  const validUntil = state.resetAt ?? state.observedAt + UNDATED_VALIDITY_MS;
  if (validUntil <= now) return GO;
  const { limit, remaining } = state;
  if (limit === undefined || remaining === undefined || limit <= 0) {
    return state.nearLimit ? pace(0.5, rule) : GO;
  }
  const reserve = Math.ceil((limit * rule.reservePercent) / 100);
  if (remaining <= reserve) {
    return { kind: 'refuse', why: 'reserve', retryAfterMs: validUntil - now, until: validUntil };
  }
  const nearLine = limit * NEAR_LIMIT_FRACTION;
  if (!state.nearLimit && remaining >= nearLine) return GO;
  // From nothing at the near-limit line to the full delay at the reserve, so the rest lasts longer.
  const depth = nearLine > reserve ? (nearLine - remaining) / (nearLine - reserve) : 1;
  return pace(Math.min(1, Math.max(0.1, depth)), rule);
}

function pace(depth: number, rule: BudgetRule): BudgetDecision {
  const delayMs = Math.round(rule.maxPaceMs * depth);
  return delayMs <= 0 ? GO : { kind: 'pace', delayMs };
}

const inSeconds = (ms: number): string =>
  ms < 90_000 ? `${Math.max(1, Math.ceil(ms / 1000))} s` : `${Math.ceil(ms / 60_000)} min`;

/** The RATE_LIMITED a refused read gets: when to retry, and why. */
export function refusal(
  decision: Extract<BudgetDecision, { kind: 'refuse' }>,
  rule: BudgetRule,
): RateLimitedError {
  const at = new Date(decision.until).toISOString();
  const wait = inSeconds(decision.retryAfterMs);
  const message =
    decision.why === 'blocked'
      ? `Confluence answered 429 (rate limited) for this site, so the Hub holds reads back until ${at}. Retry in ${wait}.`
      : `This site's Confluence rate-limit budget is nearly used up: the Hub keeps the last ${rule.reservePercent}% for writes until it resets at ${at}. Retry reads in ${wait}.`;
  return new RateLimitedError(message, { retryAfterMs: decision.retryAfterMs });
}
