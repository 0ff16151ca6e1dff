import { describe, expect, it } from 'vitest';

import { decide, DEFAULT_BUDGET_RULE, type BudgetState } from './rate-budget-rule.js';

const NOW = Date.parse('2026-03-02T12:10:00Z');
const RESET = Date.parse('2026-03-02T13:00:00Z');
const rule = DEFAULT_BUDGET_RULE; // 5 % reserve, pacing up to 1 s

const state = (overrides: Partial<BudgetState> = {}): BudgetState => ({
  limit: 10_000,
  remaining: 8_000,
  resetAt: RESET,
  nearLimit: false,
  blockedUntil: undefined,
  observedAt: NOW - 1000,
  ...overrides,
});

describe('the rate budget rule', () => {
  it('lets reads go when nothing is known, or plenty is left', () => {
    expect(decide(undefined, NOW, rule)).toEqual({ kind: 'go' });
    expect(decide(state(), NOW, rule)).toEqual({ kind: 'go' });
  });

  it('refuses reads while a 429 holds them back, for what is left of its Retry-After', () => {
    expect(decide(state({ blockedUntil: NOW + 30_000 }), NOW, rule)).toEqual({
      kind: 'refuse',
      why: 'blocked',
      retryAfterMs: 30_000,
      until: NOW + 30_000,
    });
    expect(decide(state({ blockedUntil: NOW - 1 }), NOW, rule)).toEqual({ kind: 'go' });
  });

  it('refuses reads at or below the reserve until the reset, and not after it', () => {
    expect(decide(state({ remaining: 500, nearLimit: true }), NOW, rule)).toEqual({
      kind: 'refuse',
      why: 'reserve',
      retryAfterMs: RESET - NOW,
      until: RESET,
    });
    expect(decide(state({ remaining: 0 }), RESET, rule)).toEqual({ kind: 'go' });
    expect(decide(state({ remaining: 500 }), NOW, { ...rule, reservePercent: 0 })).toMatchObject({
      kind: 'pace',
    });
  });

  it('near the limit, paces reads: longer the closer to the reserve, never above the maximum', () => {
    const delay = (remaining: number) => {
      const decision = decide(state({ remaining, nearLimit: remaining < 2000 }), NOW, rule);
      return decision.kind === 'pace' ? decision.delayMs : 0;
    };
    expect(delay(2000)).toBe(0);
    expect(delay(1999)).toBe(100);
    expect(delay(1250)).toBe(500);
    expect(delay(501)).toBeLessThanOrEqual(1000);
    expect(delay(501)).toBeGreaterThan(990);
    expect(decide(state({ remaining: 1000 }), NOW, { ...rule, maxPaceMs: 0 })).toEqual({ kind: 'go' });
  });

  it('a near-limit flag without numbers paces; numbers without a reset time count for a minute', () => {
    const flagged = state({ limit: undefined, remaining: undefined, resetAt: undefined, nearLimit: true });
    expect(decide(flagged, NOW, rule)).toEqual({ kind: 'pace', delayMs: 500 });
    expect(decide(flagged, NOW + 60_000, rule)).toEqual({ kind: 'go' });
    const undated = state({ remaining: 10, resetAt: undefined });
    expect(decide(undated, NOW, rule)).toEqual({
      kind: 'refuse',
      why: 'reserve',
      retryAfterMs: 59_000,
      until: NOW + 59_000,
    });
  });
});
