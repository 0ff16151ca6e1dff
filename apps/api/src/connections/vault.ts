import type { ConfluenceClient, OAuthConfig } from '@hub/confluence';

import { policyCache, WORKSPACE_PREFIX } from '../policy/cache.js';
import type { Db } from '../db/client.js';
import { isHubError } from '../errors.js';
import type { Logger } from '../logger.js';
import {
  heldToken,
  needsRefresh,
  refreshLocked,
  settledOutcome,
  type RefreshContext,
  type RefreshOutcome,
  type RefreshPolicy,
} from './refresh.js';
import { resolveConnection, type ResolvedConnection } from './resolve-connection.js';
import { RateBudget, type RateBudgetOptions } from './rate-budget.js';
import { TokenCache } from './token-cache.js';
import type { TokenCipher } from './token-cipher.js';
import { lockedTokenRow, markUsed, readTokenRow, type Tx } from './token-row.js';
import { answers, handOut } from './token-hand-out.js';
import { createVaultClient } from './vault-client.js';
import { logFailure, retryAfterOf } from './vault-errors.js';

export type { ResolvedConnection } from './resolve-connection.js';
export type { RefreshOutcome } from './refresh.js';

export const DEFAULT_REFRESH_MARGIN_MS = 5 * 60_000;
export const DEFAULT_TOKEN_CACHE_MAX_AGE_MS = 30_000;
export const DEFAULT_FAILURE_COOLDOWN_MS = 5_000;
const MAX_COOLDOWN_MS = 60_000;
const MAX_RESOLVED_ENTRIES = 10_000;
/** A connection's last use is written at most this often per process (the refresh-ahead window is an hour). */
export const USE_WRITE_INTERVAL_MS = 60_000;

export interface VaultDeps {
  db: Db;
  cipher: TokenCipher;
  logger: Logger;
  /** clientId, clientSecret, authBaseUrl (token endpoint) and apiBaseUrl (Confluence gateway). */
  oauth: OAuthConfig;
  now?: () => number;
  /** Hand out access tokens valid at least this long; default 5 minutes. */
  refreshMarginMs?: number;
  /** A cached token is served at most this long before its row is read again, so a disconnect or re-consent
   *  made by another API process reaches this one; default 30 s. */
  tokenCacheMaxAgeMs?: number;
  /** After a transient refresh failure, this process does not ask Atlassian again for this long (or for the
   *  Retry-After, up to a minute); default 5 s. */
  failureCooldownMs?: number;
  /** How long one Confluence request may take before it fails as TIMEOUT (CONFLUENCE_TIMEOUT_MS); default 30 s. */
  confluenceTimeoutMs?: number;
  /** The largest attachment a tool downloads or uploads (ATTACHMENT_MAX_BYTES); default 4 MiB. */
  attachmentMaxBytes?: number;
  /** The per-site rate-limit budget (RATE_BUDGET_*): reserve, pacing, sync interval (rate-budget.ts). */
  rateBudget?: Partial<RateBudgetOptions>;
}

interface Flight {
  policy: RefreshPolicy;
  outcome: Promise<RefreshOutcome>;
}

interface ClientEntry {
  client: ConfluenceClient;
  cloudId: string;
  siteUrl: string;
}

type Failed = Extract<RefreshOutcome, { kind: 'failed' }>;

/**
 * Hands out Confluence access tokens for stored connections, refreshing them before they expire.
 *
 * Hot path: a decrypted token cached in memory (no database read, no decryption). Below the margin, one refresh
 * at a time per connection: callers in this process share one in-flight promise, and processes serialize on the
 * row lock (refresh.ts), re-reading the row after taking it.
 */
export class ConnectionVault {
  readonly #db: Db;
  readonly #cipher: TokenCipher;
  readonly #logger: Logger;
  readonly #ctx: RefreshContext;
  readonly #now: () => number;
  readonly #cooldownMs: number;
  readonly #cache: TokenCache;
  readonly #flights = new Map<string, Flight>();
  readonly #cooldowns = new Map<string, { until: number; outcome: Failed }>();
  readonly #clients = new Map<string, ClientEntry>();
  /** resolve() answers, so a tool call reads no row on the hot path; as fresh as the token cache. */
  readonly #resolved = new Map<string, { connection: ResolvedConnection; at: number }>();
  readonly #resolvedMaxAgeMs: number;
  readonly #timeoutMs: number | undefined;
  readonly #attachmentMaxBytes: number | undefined;
  /** When this process last wrote each connection's last use. */
  readonly #usesWritten = new Map<string, number>();
  /** Atlassian's rate-limit budget per site, shared with the other processes (rate_budgets). */
  readonly rateBudget: RateBudget;

  constructor(deps: VaultDeps) {
    this.#db = deps.db;
    this.#cipher = deps.cipher;
    this.#logger = deps.logger;
    this.#now = deps.now ?? Date.now;
    this.#ctx = {
      oauth: deps.oauth,
      now: this.#now,
      marginMs: deps.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS,
    };
    this.#cooldownMs = deps.failureCooldownMs ?? DEFAULT_FAILURE_COOLDOWN_MS;
    this.#cache = new TokenCache(deps.tokenCacheMaxAgeMs ?? DEFAULT_TOKEN_CACHE_MAX_AGE_MS);
    this.#resolvedMaxAgeMs = deps.tokenCacheMaxAgeMs ?? DEFAULT_TOKEN_CACHE_MAX_AGE_MS;
    this.#timeoutMs = deps.confluenceTimeoutMs;
    this.#attachmentMaxBytes = deps.attachmentMaxBytes;
    this.rateBudget = new RateBudget({
      db: deps.db,
      logger: deps.logger,
      now: this.#now,
      ...(deps.rateBudget === undefined ? {} : { options: deps.rateBudget }),
    });
  }

  /**
   * connectionId given → that connection of the workspace (else NOT_FOUND, also for another workspace's id);
   * none → the default only (DEFAULT_CONNECTION_RULE): disconnected or none at all → NOT_CONNECTED; live
   * connections but no default → CONNECTION_AMBIGUOUS with details.connections; needs_reauth → NEEDS_REAUTH.
   */
  async resolve(workspaceId: string, connectionId?: string): Promise<ResolvedConnection> {
    const key = `${workspaceId}\u0000${connectionId ?? ''}`;
    const now = this.#now();
    const cached = this.#resolved.get(key);
    if (cached !== undefined && now - cached.at < this.#resolvedMaxAgeMs) return cached.connection;
    try {
      const connection = await resolveConnection(this.#db, workspaceId, connectionId);
      // Bounded: entries are per workspace and connection, and a full clear only costs one read per caller.
      if (this.#resolved.size >= MAX_RESOLVED_ENTRIES) this.#resolved.clear();
      this.#resolved.set(key, { connection, at: now });
      return connection;
    } catch (error) {
      // The row says the connection is unusable: this process's tokens for it are stale. Other workspaces'
      // resolved entries are not (a full forget() here would make every caller of every workspace re-read).
      if (isHubError(error)) {
        const stale = error.kind === 'NEEDS_REAUTH' ? error.details?.connectionId : connectionId;
        if (typeof stale === 'string' && error.kind !== 'NOT_FOUND') this.#forgetTokens(stale);
      }
      throw error;
    }
  }

  /** An access token valid for at least the refresh margin (or, while Atlassian fails, until it expires). */
  async getAccessToken(connectionId: string): Promise<string> {
    this.#noteUse(connectionId);
    return this.#cache.get(connectionId, this.#now()) ?? this.#obtain(connectionId, { kind: 'usable' });
  }

  /**
   * Records that a tool took a token of this connection (the background pass refreshes ahead only connections used
   * recently). Off the call's path: not awaited, at most once a minute per connection and process, and the row is
   * written only when its last use is older than that, so many processes do not all write.
   */
  #noteUse(connectionId: string): void {
    const now = this.#now();
    const written = this.#usesWritten.get(connectionId);
    if (written !== undefined && now - written < USE_WRITE_INTERVAL_MS) return;
    if (this.#usesWritten.size >= MAX_RESOLVED_ENTRIES) this.#usesWritten.clear();
    this.#usesWritten.set(connectionId, now);
    markUsed(this.#db, connectionId, now, USE_WRITE_INTERVAL_MS).catch((error: unknown) =>
      logFailure(this.#logger, error, { connectionId }, 'Recording a connection use failed'),
    );
  }

  /** Confluence rejected `rejectedToken` (401): refresh, unless another caller already replaced that token. */
  async forceRefresh(connectionId: string, rejectedToken: string): Promise<string> {
    const held = this.#cache.peek(connectionId);
    if (held !== undefined && held.accessToken !== rejectedToken && this.#now() < held.usableUntil) {
      return held.accessToken;
    }
    return this.#obtain(connectionId, { kind: 'rejected', token: rejectedToken });
  }

  async clientFor(
    workspaceId: string,
    connectionId?: string,
  ): Promise<{ client: ConfluenceClient; connection: ResolvedConnection }> {
    const connection = await this.resolve(workspaceId, connectionId);
    let entry = this.#clients.get(connection.id);
    if (entry === undefined || entry.cloudId !== connection.cloudId || entry.siteUrl !== connection.siteUrl) {
      const client = createVaultClient(
        this,
        connection,
        this.#ctx.oauth.apiBaseUrl,
        () => {
          const held = this.#cache.peek(connection.id);
          return held !== undefined && this.#now() >= held.expiresAt;
        },
        this.#timeoutMs,
        (info) => this.rateBudget.observe(connection.cloudId, info),
        this.#attachmentMaxBytes,
      );
      entry = {
        client,
        cloudId: connection.cloudId,
        siteUrl: connection.siteUrl,
      };
      this.#clients.set(connection.id, entry);
    }
    return { client: entry.client, connection };
  }

  /**
   * The rate-limit gate of every read tool call (executeTool) and connection test: RATE_LIMITED with retryAfterMs
   * while the site's budget is blocked by a 429 or down to its reserve, a bounded wait near the limit. Writes do
   * not come here: only Atlassian's own 429 refuses them.
   */
  admitRead(connection: Pick<ResolvedConnection, 'cloudId'>, signal?: AbortSignal): Promise<void> {
    return this.rateBudget.admitRead(connection.cloudId, signal);
  }

  /** Drop cached tokens of a connection (disconnect, reconnect, status change). */
  forget(connectionId: string): void {
    // A change to one connection can change which one a workspace resolves to (default, status): drop them all.
    this.#resolved.clear();
    policyCache.forgetAll(WORKSPACE_PREFIX);
    this.#forgetTokens(connectionId);
  }

  #forgetTokens(connectionId: string): void {
    this.#cache.forget(connectionId);
    this.#clients.delete(connectionId);
    this.#cooldowns.delete(connectionId);
    // Later callers start their own flight (which reads the row afresh) instead of joining one begun before.
    this.#flights.delete(connectionId);
  }

  /**
   * For the background refresher, inside the transaction in which it claimed the row (`FOR UPDATE SKIP LOCKED`):
   * the same locked refresh, shared with this process's callers as the connection's in-flight refresh. Null when
   * this process already has a refresh of it in flight (waiting for it here would deadlock on the row lock, or on
   * PGlite's single connection); that refresh does the work.
   */
  refreshClaimed(tx: Tx, connectionId: string, policy: RefreshPolicy): Promise<RefreshOutcome> | null {
    if (this.#flights.has(connectionId)) return null;
    return this.#startFlight(connectionId, policy, () =>
      refreshLocked(lockedTokenRow(tx, this.#cipher, connectionId), this.#ctx, policy),
    ).outcome;
  }

  async #obtain(connectionId: string, policy: RefreshPolicy): Promise<string> {
    const first = this.#flightFor(connectionId, policy);
    let outcome = await first.outcome;
    // A flight started for another reason (a background refresh, a forced one) may not answer this caller.
    if (first.policy !== policy && !answers(outcome, policy, this.#now())) {
      outcome = await this.#flightFor(connectionId, policy).outcome;
    }
    return handOut(connectionId, outcome, policy, this.#now());
  }

  #flightFor(connectionId: string, policy: RefreshPolicy): Flight {
    const running = this.#flights.get(connectionId);
    if (running !== undefined) return running;
    const cooling = this.#cooldowns.get(connectionId);
    if (cooling !== undefined && this.#now() < cooling.until) {
      return { policy, outcome: Promise.resolve(cooling.outcome) };
    }
    return this.#startFlight(connectionId, policy, () => this.#refresh(connectionId, policy));
  }

  #startFlight(connectionId: string, policy: RefreshPolicy, work: () => Promise<RefreshOutcome>): Flight {
    const generation = this.#cache.generation(connectionId);
    const flight: Flight = {
      policy,
      outcome: work()
        .then(
          (outcome) => {
            this.#settle(connectionId, outcome, generation);
            return outcome;
          },
          (error: unknown) => {
            logFailure(this.#logger, error, { connectionId }, 'Reading or refreshing tokens failed');
            throw error;
          },
        )
        .finally(() => {
          if (this.#flights.get(connectionId) === flight) this.#flights.delete(connectionId);
        }),
    };
    this.#flights.set(connectionId, flight);
    return flight;
  }

  /** A plain read first: most cache misses (a cold cache, an entry past its age) need no refresh and no lock. */
  async #refresh(connectionId: string, policy: RefreshPolicy): Promise<RefreshOutcome> {
    const row = await readTokenRow(this.#db, this.#cipher, connectionId);
    const settled = settledOutcome(row);
    if (settled !== undefined) return settled;
    const held = row === null ? null : heldToken(row, this.#ctx.marginMs);
    if (row !== null && held !== null && !needsRefresh(row, policy, this.#now(), this.#ctx.marginMs)) {
      return { kind: 'current', token: held };
    }
    return this.#db.transaction((tx) =>
      refreshLocked(lockedTokenRow(tx, this.#cipher, connectionId), this.#ctx, policy),
    );
  }

  #settle(connectionId: string, outcome: RefreshOutcome, generation: number): void {
    const log = { connectionId };
    switch (outcome.kind) {
      case 'refreshed':
        this.#logger.info(
          { ...log, expiresAt: new Date(outcome.token.expiresAt) },
          'Confluence token refreshed',
        );
      // falls through
      case 'current':
        this.#cooldowns.delete(connectionId);
        this.#cache.set(connectionId, { ...outcome.token, cachedAt: this.#now() }, generation);
        return;
      case 'needs_reauth':
        if (outcome.marked) {
          this.#logger.warn(
            { ...log, lastError: outcome.lastError },
            'Confluence connection needs re-consent',
          );
        }
        this.forget(connectionId);
        return;
      case 'failed': {
        const wait = Math.min(Math.max(this.#cooldownMs, retryAfterOf(outcome.error) ?? 0), MAX_COOLDOWN_MS);
        this.#cooldowns.set(connectionId, { until: this.#now() + wait, outcome });
        this.#logger.warn(
          { ...log, kind: outcome.error.kind, retryInMs: wait },
          'Confluence token refresh failed',
        );
        return;
      }
      case 'gone':
        this.forget(connectionId);
        return;
    }
  }
}
