/**
 * Display names by account id, in one process-wide map kept per client (a client is one connection: its site plus
 * a random part), so a page read renders its mentions with one bulk lookup at most, and none while the names are
 * fresh, and names one connection's token resolved are never shown through another connection.
 *
 * Cost: at most MAX_ENTRIES names (≈ 100 bytes each) in one Map; an entry lives TTL_MS, after which the next read
 * of a page that mentions the person asks Confluence again (a renamed person shows the new name within minutes).
 * When full, the oldest entries go first (Map keeps insertion order; a refreshed entry moves to the end).
 */
const TTL_MS = 5 * 60_000;
const MAX_ENTRIES = 10_000;

interface Entry {
  name: string;
  expiresAt: number;
}

export class UserNameCache {
  readonly #entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs = TTL_MS,
    private readonly maxEntries = MAX_ENTRIES,
    private readonly now: () => number = Date.now,
  ) {}

  /** `scope`: the asking client's key (its site and a random part), so clients never read each other's names. */
  get(scope: string, accountId: string): string | undefined {
    const key = `${scope}\n${accountId}`;
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.name;
  }

  set(scope: string, accountId: string, name: string): void {
    const key = `${scope}\n${accountId}`;
    this.#entries.delete(key);
    while (this.#entries.size >= this.maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done === true) break;
      this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, { name, expiresAt: this.now() + this.ttlMs });
  }

  get size(): number {
    return this.#entries.size;
  }

  clear(): void {
    this.#entries.clear();
  }
}

/** The process's cache; each client reads and writes only its own keys. */
export const userNames = new UserNameCache();
