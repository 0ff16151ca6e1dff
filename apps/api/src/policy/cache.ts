import { isDatabaseUnavailable } from '../db/errors.js';

/** How long a policy read is used without asking the database again. */
export const POLICY_MAX_AGE_MS = 5_000;
/** How long a refresh may take before the last known policy is used instead (the database hanging). */
const REFRESH_PATIENCE_MS = 2_000;
/** The oldest policy used when the database cannot be asked (an outage); older: the call fails UNAVAILABLE. */
const STALE_LIMIT_MS = 10 * 60_000;
const MAX_ENTRIES = 10_000;

interface Entry<T> {
  value: T;
  at: number;
}

/**
 * Policies as this process last read them, so a tool call costs no database round trip on its hot path and keeps
 * working through a database outage, like token and key lookups do. A change made in this process is applied at
 * once (`forget`); one made in another process within POLICY_MAX_AGE_MS. When the database fails or hangs on a
 * refresh, the last known policy holds (for at most STALE_LIMIT_MS), never a looser default.
 */
export class PolicyCache {
  readonly #entries = new Map<string, Entry<unknown>>();
  readonly #flights = new Map<string, { promise: Promise<unknown>; startedAt: number }>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  async get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const entry = this.#entries.get(key) as Entry<T> | undefined;
    const now = this.#now();
    if (entry !== undefined && now - entry.at < POLICY_MAX_AGE_MS) return entry.value;
    const running = this.#flights.get(key);
    const flight = this.#refresh(key, load);
    if (entry === undefined || now - entry.at > STALE_LIMIT_MS) return flight;
    // A refresh already stuck past our patience: do not make every caller wait for it again.
    if (running !== undefined && now - running.startedAt >= REFRESH_PATIENCE_MS) return entry.value;
    // Known but due: wait a little for the fresh value, then fall back to the known one if the database is down.
    let timer: NodeJS.Timeout | undefined;
    const patience = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), REFRESH_PATIENCE_MS);
    });
    try {
      const fresh = await Promise.race([flight, patience]);
      return fresh === 'late' ? entry.value : fresh;
    } catch (error) {
      if (isDatabaseUnavailable(error)) return entry.value;
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** After a change in this process: the next call reads it. */
  forget(key: string): void {
    this.#entries.delete(key);
  }

  /** Every entry whose key starts with `prefix` (a connection came or went: the workspaces' listings). */
  forgetAll(prefix: string): void {
    for (const key of this.#entries.keys()) if (key.startsWith(prefix)) this.#entries.delete(key);
  }

  #refresh<T>(key: string, load: () => Promise<T>): Promise<T> {
    const running = this.#flights.get(key);
    if (running !== undefined) return running.promise as Promise<T>;
    const flight = load()
      .then((value) => {
        if (this.#entries.size >= MAX_ENTRIES) this.#entries.clear();
        this.#entries.set(key, { value, at: this.#now() });
        return value;
      })
      .finally(() => this.#flights.delete(key));
    // A caller that stopped waiting must not leave an unhandled rejection behind.
    flight.catch(() => undefined);
    this.#flights.set(key, { promise: flight, startedAt: this.#now() });
    return flight;
  }
}

/** One per process: policies are keyed by key and connection ids, unique across workspaces. */
export const policyCache = new PolicyCache();

export const keyPolicyKey = (keyId: string) => `key:${keyId}`;
export const connectionPolicyKey = (connectionId: string) => `connection:${connectionId}`;
export const WORKSPACE_PREFIX = 'workspace:';
export const workspacePoliciesKey = (workspaceId: string) => `${WORKSPACE_PREFIX}${workspaceId}`;
