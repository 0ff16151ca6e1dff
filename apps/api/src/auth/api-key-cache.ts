import { createHash } from 'node:crypto';

import type { ApiKeyPrincipal } from './principal.js';

export interface ApiKeyCacheOptions {
  /** How long a verified key is trusted without asking the database. Bounds how late another process sees a revoke. */
  ttlMs?: number;
  maxEntries?: number;
  now?: () => number;
}

interface Entry {
  principal: ApiKeyPrincipal;
  expiresAt: number;
}

/**
 * Verified API keys, so a tool call does not pay a database verification (≈2.4 ms on PGlite) every time.
 * Indexed by a SHA-256 of the key, never the key itself, so a heap dump holds no usable key; and by key id, so
 * revoking in this process takes effect at once. Other processes see a revoke within `ttlMs`.
 * Only successes are cached: a wrong key must never be remembered as right, and caching failures would let
 * a flood of random keys evict the real ones.
 */
export class ApiKeyCache {
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;
  readonly #byDigest = new Map<string, Entry>();
  readonly #digestsById = new Map<string, Set<string>>();
  /** Recently revoked key ids and when, so a verification that was in flight during the revoke is not cached. */
  readonly #revokedAt = new Map<string, number>();

  constructor(options: ApiKeyCacheOptions = {}) {
    this.#ttlMs = options.ttlMs ?? 30_000;
    this.#maxEntries = options.maxEntries ?? 10_000;
    this.#now = options.now ?? Date.now;
  }

  get(key: string): ApiKeyPrincipal | undefined {
    const digest = digestOf(key);
    const entry = this.#byDigest.get(digest);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.#now()) {
      this.#delete(digest, entry);
      return undefined;
    }
    return entry.principal;
  }

  /** Timestamp to pass to `set` as `verifiedSince`: take it before asking the database. */
  now(): number {
    return this.#now();
  }

  /**
   * `keyExpiresAt`: the key's own expiry, which a cached entry must not outlive. `verifiedSince`: when the
   * verification began; if the key was revoked since, the answer is stale and is not cached.
   */
  set(key: string, principal: ApiKeyPrincipal, keyExpiresAt?: Date | null, verifiedSince?: number): void {
    const revokedAt = this.#revokedAt.get(principal.id);
    if (revokedAt !== undefined && verifiedSince !== undefined && revokedAt >= verifiedSince) return;
    const digest = digestOf(key);
    const limit = this.#now() + this.#ttlMs;
    const expiresAt = keyExpiresAt ? Math.min(limit, keyExpiresAt.getTime()) : limit;
    const previous = this.#byDigest.get(digest);
    if (previous !== undefined) this.#delete(digest, previous);
    if (this.#byDigest.size >= this.#maxEntries) this.#evictOldest();
    this.#byDigest.set(digest, { principal, expiresAt });
    let digests = this.#digestsById.get(principal.id);
    if (digests === undefined) this.#digestsById.set(principal.id, (digests = new Set()));
    digests.add(digest);
  }

  invalidateKeyId(keyId: string): void {
    for (const digest of this.#digestsById.get(keyId) ?? []) this.#byDigest.delete(digest);
    this.#digestsById.delete(keyId);
    const now = this.#now();
    // A verification older than the TTL has long finished, so older revocations need not be remembered.
    for (const [id, at] of this.#revokedAt) if (at < now - this.#ttlMs) this.#revokedAt.delete(id);
    this.#revokedAt.set(keyId, now);
  }

  /** Every key of a workspace: for a role change or a deleted workspace. */
  invalidateWorkspace(workspaceId: string): void {
    for (const [digest, entry] of this.#byDigest) {
      if (entry.principal.workspaceId === workspaceId) this.#delete(digest, entry);
    }
  }

  get size(): number {
    return this.#byDigest.size;
  }

  #delete(digest: string, entry: Entry): void {
    this.#byDigest.delete(digest);
    const digests = this.#digestsById.get(entry.principal.id);
    digests?.delete(digest);
    if (digests?.size === 0) this.#digestsById.delete(entry.principal.id);
  }

  // Map iteration follows insertion order, so the first entry is the oldest.
  #evictOldest(): void {
    const first = this.#byDigest.entries().next();
    if (first.done !== true) this.#delete(first.value[0], first.value[1]);
  }
}

function digestOf(key: string): string {
  return createHash('sha256').update(key).digest('base64url');
}
