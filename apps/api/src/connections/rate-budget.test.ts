import type { RateLimitInfo } from '@hub/confluence';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';

import type { Db } from '../db/client.js';
import { rateBudgets } from '../db/schema/index.js';
import { createLogger } from '../logger.js';
import { useTestDatabase } from '../test-support/database.js';
import { RateBudget, type RateBudgetOptions } from './rate-budget.js';

const t = useTestDatabase();

interface TestClock {
  now: () => number;
  advance: (ms: number) => void;
}

/** Stands still unless moved, so times written and expected agree to the millisecond. */
function testClock(): TestClock {
  let now = Date.parse('2026-03-02T12:10:00Z');
  return { now: () => now, advance: (ms) => (now += ms) };
}
const logger = createLogger({ level: 'silent' });
let sites = 0;
const newSite = () => `cloud-${++sites}-${Math.random().toString(36).slice(2, 8)}`;

/** The database, counting the upserts started on it. */
function countingWrites(db: Db): { db: Db; writes: () => number } {
  let writes = 0;
  const proxy = new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === 'insert') writes += 1;
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
  return { db: proxy, writes: () => writes };
}

function budgetOn(db: Db, clock: TestClock, options: Partial<RateBudgetOptions> = {}) {
  return new RateBudget({ db, logger, now: clock.now, options });
}

const ok = (clock: TestClock, remaining: number, extra: Partial<RateLimitInfo> = {}): RateLimitInfo => ({
  status: 200,
  limit: 1000,
  remaining,
  resetAt: clock.now() + 30 * 60_000,
  nearLimit: remaining < 200,
  ...extra,
});

async function row(cloudId: string) {
  const [found] = await t.db.select().from(rateBudgets).where(eq(rateBudgets.cloudId, cloudId));
  return found;
}

describe('RateBudget', () => {
  it('writes a site at most once per sync interval, at once on crossing near-limit or on a 429', async () => {
    const clock = testClock();
    const { db, writes } = countingWrites(t.db);
    const budget = budgetOn(db, clock, { syncIntervalMs: 60_000 });
    const site = newSite();
    for (let remaining = 900; remaining > 300; remaining -= 10) budget.observe(site, ok(clock, remaining));
    // The first observation is written at once, the 59 after it wait for the interval.
    expect(writes()).toBe(1);
    await expect.poll(async () => (await row(site))?.remaining).toBe(900);
    budget.observe(site, ok(clock, 190)); // crosses near-limit: written at once
    // At once, or as soon as the first write's promise has settled (the poll above may see its row a moment before):
    // either way long before the 60 s interval.
    await expect.poll(writes).toBe(2);
    await expect.poll(async () => (await row(site))?.remaining).toBe(190);
    budget.observe(site, ok(clock, 180));
    expect(writes()).toBe(2);
    await budget.flush();
    expect(writes()).toBe(3);
    expect(await row(site)).toMatchObject({
      limit: 1000,
      remaining: 180,
      nearLimit: true,
      blockedUntil: null,
    });

    budget.observe(site, { ...ok(clock, 0), status: 429, retryAfterMs: 30_000 });
    expect(writes()).toBe(4);
    await budget.flush();
    expect((await row(site))?.blockedUntil?.getTime()).toBe(clock.now() + 30_000);
  });

  it('two processes: a 429 one of them saw holds the other one’s reads back, within the sync interval', async () => {
    const clock = testClock();
    const site = newSite();
    const a = budgetOn(t.db, clock, { syncIntervalMs: 1000 });
    const b = budgetOn(t.db, clock, { syncIntervalMs: 1000 });
    b.observe(site, ok(clock, 800));
    await b.admitRead(site);
    a.observe(site, { ...ok(clock, 0), status: 429, retryAfterMs: 20_000 });
    await a.flush();
    // b read the row a moment ago: it decides from that copy until the interval has passed.
    expect(await b.decision(site)).toEqual({ kind: 'go' });
    clock.advance(1000);
    await expect.poll(() => b.decision(site).then((d) => d.kind)).toBe('refuse');
    const refused = await b.admitRead(site).then(
      () => undefined,
      (e: unknown) => e as { kind: string; retryAfterMs: number; message: string },
    );
    expect(refused).toMatchObject({ kind: 'RATE_LIMITED', retryAfterMs: 19_000 });
    expect(refused?.message).toMatch(/Confluence answered 429 .* Retry in 19 s\.$/);
    // A process that never asked about the site waits for the row on its first read.
    const fresh = budgetOn(t.db, clock);
    expect(await fresh.decision(site)).toMatchObject({ kind: 'refuse', why: 'blocked' });
  });

  it('merges in the statement: the newest numbers win, the latest block stays', async () => {
    const clock = testClock();
    const site = newSite();
    const early = budgetOn(t.db, clock);
    const late = budgetOn(t.db, clock);
    early.observe(site, { ...ok(clock, 100), status: 429, retryAfterMs: 60_000 });
    clock.advance(5000);
    late.observe(site, ok(clock, 50));
    await late.flush();
    clock.advance(-5000);
    early.observe(site, ok(clock, 900)); // older than what `late` wrote: changes no numbers
    await early.flush();
    const merged = await row(site);
    expect(merged).toMatchObject({ remaining: 50 });
    expect(merged?.blockedUntil?.getTime()).toBe(clock.now() + 60_000);
  });

  it('pacing near the limit waits before the read; the reserve refuses until the reset', async () => {
    const clock = testClock();
    const site = newSite();
    const budget = budgetOn(t.db, clock, { maxPaceMs: 200, reservePercent: 10 });
    budget.observe(site, ok(clock, 150)); // between the reserve (100) and near-limit (200)
    const started = performance.now();
    await budget.admitRead(site);
    expect(performance.now() - started).toBeGreaterThanOrEqual(90);
    budget.observe(site, ok(clock, 100));
    await expect(budget.admitRead(site)).rejects.toMatchObject({
      kind: 'RATE_LIMITED',
      retryAfterMs: 30 * 60_000,
      message: expect.stringMatching(/keeps the last 10% for writes .* Retry reads in 30 min\./) as string,
    });
    clock.advance(30 * 60_000);
    await budget.admitRead(site);
  });

  it('off: records nothing and holds nothing back', async () => {
    const clock = testClock();
    const site = newSite();
    const budget = budgetOn(t.db, clock, { enabled: false });
    budget.observe(site, { ...ok(clock, 0), status: 429, retryAfterMs: 60_000 });
    await budget.flush();
    await budget.admitRead(site);
    expect(await row(site)).toBeUndefined();
  });
});
