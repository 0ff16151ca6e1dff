import type { RateBudgetRow } from '../db/schema/index.js';
import { decide, UNDATED_VALIDITY_MS, type BudgetRule } from './rate-budget-rule.js';
import { toBudgetState } from './rate-budget-store.js';

/** A site's rate-limit budget as the panel shows it on the connection: header facts, no token. */
export interface RateBudgetView {
  /** Points per window and points left, as Atlassian last said (null when it did not). */
  limit: number | null;
  remaining: number | null;
  resetAt: string | null;
  nearLimit: boolean;
  /**
   * What reads get now: `ok`; `near_limit` (paced); `reserve` (refused: the rest is kept for writes); `blocked`
   * (refused after a 429); `reset` (the window last seen has ended: the numbers are old).
   */
  state: 'ok' | 'near_limit' | 'reserve' | 'blocked' | 'reset';
  /** While reads are refused (reserve, blocked): until when. */
  readsRefusedUntil: string | null;
  /** When the numbers were read off a Confluence answer. */
  observedAt: string;
}

export function toRateBudgetView(row: RateBudgetRow, now: number, rule: BudgetRule): RateBudgetView {
  const state = toBudgetState(row);
  const decision = decide(state, now, rule);
  const validUntil = state.resetAt ?? state.observedAt + UNDATED_VALIDITY_MS;
  let view: RateBudgetView['state'];
  if (decision.kind === 'refuse') view = decision.why;
  else if (decision.kind === 'pace') view = 'near_limit';
  else if (validUntil <= now) view = 'reset';
  else view = state.nearLimit ? 'near_limit' : 'ok';
  return {
    limit: row.limit,
    remaining: row.remaining,
    resetAt: row.resetAt?.toISOString() ?? null,
    nearLimit: row.nearLimit,
    state: view,
    readsRefusedUntil: decision.kind === 'refuse' ? new Date(decision.until).toISOString() : null,
    observedAt: row.updatedAt.toISOString(),
  };
}
