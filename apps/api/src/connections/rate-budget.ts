import { setTimeout as sleep } from 'node:timers/promises';

import type { RateLimitInfo } from '@hub/confluence';

import type { Db } from '../db/client.js';
import type { Logger } from '../logger.js';
import {
  decide,
  DEFAULT_BUDGET_RULE,
  refusal,
  type BudgetDecision,
  type BudgetRule,
  type BudgetState,
} from './rate-budget-rule.js';
import { readBudget, writeBudget } from './rate-budget-store.js';
import { logFailure } from './vault-errors.js';

export interface RateBudgetOptions extends BudgetRule {
  /** Off: nothing is recorded and no read is held back (only Atlassian's own 429s refuse calls). Default on. */
  enabled: boolean;
  /** A site's row is written at most this often per process (at once on a 429 or on crossing near-limit), and
   *  read at most this often when deciding; default 1 s. */
  syncIntervalMs: number;
}

export interface RateBudgetDeps {
  db: Db;
  logger: Logger;
  now?: () => number;
  options?: Partial<RateBudgetOptions>;
}

/** A 429 without Retry-After (Atlassian documents one on every 429) holds reads back this long. */
const BLOCK_WITHOUT_RETRY_AFTER_MS = 5_000;
const MAX_SITES = 10_000;

interface Site {
  /** This process's newest observation, from the client's onRateLimit. */
  local: BudgetState | undefined;
  /** The shared row as last read. */
  shared: BudgetState | undefined;
  readAt: number;
  reading: Promise<void> | undefined;
  dirty: boolean;
  urgent: boolean;
  writtenAt: number;
  writing: Promise<void> | undefined;
  timer: NodeJS.Timeout | undefined;
  /** The last read or write failed: logged once, not every second while the database is away. */
  failing: boolean;
}

const later = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined ? b : b === undefined ? a : Math.max(a, b);

/**
 * Atlassian's rate-limit budget per site, shared by every API process through `rate_budgets`.
 *
 * Cost on the hot path: `observe` (every Confluence answer) only updates memory; the row is written at most once
 * per sync interval per site, off the call's path. `admitRead` (every read tool call) decides from memory; the row
 * is re-read at most once per sync interval per site, in the background, except that a process's first call to a
 * site waits for that first read (so a process that just started sees a block another one wrote).
 */
export class RateBudget {
  readonly rule: BudgetRule;
  readonly enabled: boolean;
  readonly #db: Db;
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #intervalMs: number;
  readonly #sites = new Map<string, Site>();

  constructor(deps: RateBudgetDeps) {
    const { syncIntervalMs, enabled, ...rule } = {
      ...DEFAULT_BUDGET_RULE,
      syncIntervalMs: 1000,
      enabled: true,
      ...deps.options,
    };
    this.rule = rule;
    this.enabled = enabled;
    this.#db = deps.db;
    this.#logger = deps.logger;
    this.#now = deps.now ?? Date.now;
    this.#intervalMs = syncIntervalMs;
  }

  /** What one Confluence answer said (the client's onRateLimit). Synchronous, never throws. */
  observe(cloudId: string, info: RateLimitInfo): void {
    if (!this.enabled) return;
    const now = this.#now();
    const site = this.#site(cloudId);
    const before = site.local;
    const blocked =
      info.status === 429 ? now + (info.retryAfterMs ?? BLOCK_WITHOUT_RETRY_AFTER_MS) : undefined;
    site.local = {
      limit: info.limit ?? before?.limit,
      remaining: info.remaining ?? before?.remaining,
      resetAt: info.resetAt ?? before?.resetAt,
      nearLimit: info.nearLimit,
      blockedUntil: later(before?.blockedUntil, blocked),
      observedAt: now,
    };
    site.dirty = true;
    if (info.status === 429 || (info.nearLimit && before?.nearLimit !== true)) site.urgent = true;
    this.#scheduleWrite(cloudId, site);
  }

  /**
   * Before a read tool call reaches Confluence: throws RATE_LIMITED (with retryAfterMs) while a 429 holds reads
   * back or only the reserve is left before the reset; near the limit, waits a bounded delay first.
   */
  async admitRead(cloudId: string, signal?: AbortSignal): Promise<void> {
    const decision = await this.decision(cloudId);
    if (decision.kind === 'refuse') throw refusal(decision, this.rule);
    if (decision.kind === 'pace')
      await sleep(decision.delayMs, undefined, signal === undefined ? {} : { signal });
  }

  async decision(cloudId: string): Promise<BudgetDecision> {
    if (!this.enabled) return { kind: 'go' };
    const site = this.#site(cloudId);
    if (this.#now() - site.readAt >= this.#intervalMs) {
      const first = site.readAt === Number.NEGATIVE_INFINITY;
      site.readAt = this.#now();
      const reading = (site.reading ??= this.#read(cloudId, site));
      if (first) await reading;
    }
    return decide(merged(site), this.#now(), this.rule);
  }

  /** Writes what is not written yet (tests, shutdown). */
  async flush(): Promise<void> {
    for (const [cloudId, site] of this.#sites) {
      clearTimeout(site.timer);
      site.timer = undefined;
      await site.writing;
      if (site.dirty) this.#write(cloudId, site);
      await site.writing;
    }
  }

  #site(cloudId: string): Site {
    let site = this.#sites.get(cloudId);
    if (site === undefined) {
      if (this.#sites.size >= MAX_SITES) this.#sites.clear();
      site = {
        local: undefined,
        shared: undefined,
        readAt: Number.NEGATIVE_INFINITY,
        reading: undefined,
        dirty: false,
        urgent: false,
        writtenAt: Number.NEGATIVE_INFINITY,
        writing: undefined,
        timer: undefined,
        failing: false,
      };
      this.#sites.set(cloudId, site);
    }
    return site;
  }

  /** One write in flight per site; a change meanwhile is written when it ends (at once if it was urgent). */
  #scheduleWrite(cloudId: string, site: Site): void {
    if (site.writing !== undefined) return;
    const wait = site.writtenAt + this.#intervalMs - this.#now();
    if (site.urgent || wait <= 0) {
      clearTimeout(site.timer);
      site.timer = undefined;
      this.#write(cloudId, site);
      return;
    }
    site.timer ??= setTimeout(
      () => {
        site.timer = undefined;
        if (site.dirty && site.writing === undefined) this.#write(cloudId, site);
      },
      Math.min(wait, this.#intervalMs),
    ).unref();
  }

  #write(cloudId: string, site: Site): void {
    const state = site.local;
    if (state === undefined) return;
    site.dirty = false;
    site.urgent = false;
    site.writtenAt = this.#now();
    site.writing = writeBudget(this.#db, cloudId, state)
      .then(
        () => void (site.failing = false),
        (error: unknown) => this.#failed(site, error, cloudId, 'Recording the rate-limit budget failed'),
      )
      .finally(() => {
        site.writing = undefined;
        if (site.dirty) this.#scheduleWrite(cloudId, site);
      });
  }

  async #read(cloudId: string, site: Site): Promise<void> {
    try {
      site.shared = await readBudget(this.#db, cloudId);
      site.failing = false;
    } catch (error) {
      // Fail open: without the shared row this process still has its own observations.
      this.#failed(site, error, cloudId, 'Reading the rate-limit budget failed');
    } finally {
      site.reading = undefined;
    }
  }

  #failed(site: Site, error: unknown, cloudId: string, message: string): void {
    if (site.failing) return;
    site.failing = true;
    logFailure(this.#logger, error, { cloudId }, message);
  }
}

/** The newest observation's numbers, and the latest block either side knows of. */
function merged(site: Site): BudgetState | undefined {
  const { local, shared } = site;
  if (local === undefined || shared === undefined) return local ?? shared;
  const newest = local.observedAt >= shared.observedAt ? local : shared;
  return { ...newest, blockedUntil: later(local.blockedUntil, shared.blockedUntil) };
}
