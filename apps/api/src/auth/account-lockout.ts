import { createHash } from 'node:crypto';

import { eq, sql } from 'drizzle-orm';

import type { Db } from '../db/client.js';
import { signInFailures } from '../db/schema/index.js';

export interface AccountLockoutPolicy {
  /** Failed sign-ins of one account within the window that lock it… */
  maxFailures: number;
  windowSeconds: number;
  /** …for this long. */
  lockSeconds: number;
}

/**
 * 10 wrong passwords within 15 minutes lock the account for 15 minutes, from whatever addresses they come:
 * the per-address limiter (5 a minute) stops one client, this stops a guesser spread over many addresses.
 */
export const DEFAULT_ACCOUNT_LOCKOUT: AccountLockoutPolicy = {
  maxFailures: 10,
  windowSeconds: 900,
  lockSeconds: 900,
};

const keyOf = (email: string): string =>
  createHash('sha256').update(email.trim().toLowerCase()).digest('base64url');

/**
 * Per-account sign-in failure counting, in the database so that every API process sees the same count. It knows
 * nothing of whether an account exists: unknown emails are counted and locked exactly like real ones.
 */
export class AccountLockout {
  readonly #db: Db;
  readonly #policy: AccountLockoutPolicy;
  readonly #now: () => number;

  constructor(db: Db, policy: AccountLockoutPolicy = DEFAULT_ACCOUNT_LOCKOUT, now: () => number = Date.now) {
    this.#db = db;
    this.#policy = policy;
    this.#now = now;
  }

  /** Milliseconds until the account may try again, or 0 when it is not locked. */
  async lockedForMs(email: string): Promise<number> {
    const now = new Date(this.#now());
    const [row] = await this.#db
      .select({ blockedUntil: signInFailures.blockedUntil })
      .from(signInFailures)
      .where(eq(signInFailures.accountKey, keyOf(email)));
    const until = row?.blockedUntil?.getTime() ?? 0;
    return Math.max(0, until - now.getTime());
  }

  /** Counts one failure (a window older than the policy's starts over); returns the lock it caused, in ms. */
  async recordFailure(email: string): Promise<number> {
    const now = new Date(this.#now());
    const { maxFailures, windowSeconds, lockSeconds } = this.#policy;
    const windowStart = new Date(now.getTime() - windowSeconds * 1000);
    const blockedUntil = new Date(now.getTime() + lockSeconds * 1000);
    const t = signInFailures;
    const stale = sql`${t.windowStartedAt} < ${windowStart}`;
    const failures = sql`case when ${stale} then 1 else ${t.failures} + 1 end`;
    const [row] = await this.#db
      .insert(t)
      .values({
        accountKey: keyOf(email),
        failures: 1,
        windowStartedAt: now,
        blockedUntil: maxFailures <= 1 ? blockedUntil : null,
      })
      .onConflictDoUpdate({
        target: t.accountKey,
        set: {
          failures,
          windowStartedAt: sql`case when ${stale} then ${now} else ${t.windowStartedAt} end`,
          blockedUntil: sql`case when ${failures} >= ${maxFailures} then ${blockedUntil} else ${t.blockedUntil} end`,
        },
      })
      .returning({ blockedUntil: t.blockedUntil });
    return Math.max(0, (row?.blockedUntil?.getTime() ?? 0) - now.getTime());
  }

  async recordSuccess(email: string): Promise<void> {
    await this.#db.delete(signInFailures).where(eq(signInFailures.accountKey, keyOf(email)));
  }
}
