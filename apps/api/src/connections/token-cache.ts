/** One connection's decrypted access token, as this process last read or refreshed it. */
export interface CachedToken {
  accessToken: string;
  /** Absolute expiry as stored (ms since the epoch). */
  expiresAt: number;
  /** Handed out until then: the expiry minus the refresh margin. */
  usableUntil: number;
  /** When this process read or refreshed it. */
  cachedAt: number;
}

/**
 * Decrypted access tokens in memory, so the hot path does no database read and no decryption.
 *
 * An entry is served until its token enters the refresh margin, and for at most `maxAgeMs`: another API process
 * may have disconnected the connection or found it needs re-consent, and only a re-read of the row tells.
 * Each connection has a generation, bumped by forget(): a refresh that started before a forget() (say, a
 * disconnect) cannot put its token back.
 */
export class TokenCache {
  readonly #entries = new Map<string, CachedToken>();
  readonly #generations = new Map<string, number>();
  readonly #maxAgeMs: number;

  constructor(maxAgeMs: number) {
    this.#maxAgeMs = maxAgeMs;
  }

  /** The token to hand out now, or undefined when the row must be read (missing, near expiry or too old). */
  get(connectionId: string, now: number): string | undefined {
    const entry = this.#entries.get(connectionId);
    if (entry === undefined || now >= entry.usableUntil || now - entry.cachedAt >= this.#maxAgeMs) return;
    return entry.accessToken;
  }

  /** The last entry whatever its age (for "has the token we hold expired?"). */
  peek(connectionId: string): CachedToken | undefined {
    return this.#entries.get(connectionId);
  }

  generation(connectionId: string): number {
    return this.#generations.get(connectionId) ?? 0;
  }

  /** Stores the entry unless forget() ran since `generation` was read. */
  set(connectionId: string, entry: CachedToken, generation: number): void {
    if (generation !== this.generation(connectionId)) return;
    this.#entries.set(connectionId, entry);
  }

  forget(connectionId: string): void {
    this.#entries.delete(connectionId);
    this.#generations.set(connectionId, this.generation(connectionId) + 1);
  }
}
