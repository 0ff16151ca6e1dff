import { sql } from 'drizzle-orm';

import type { Db } from '../db/client.js';
import { toolActivity, type NewToolActivityRow } from '../db/schema/index.js';
import { isDatabaseUnavailable } from '../db/errors.js';
import { logSafeError } from '../http/log-safe-error.js';
import type { Logger } from '../logger.js';

/** The outcome of a successful call; failures store their error kind (NOT_FOUND, NEEDS_REAUTH, …). */
export const OUTCOME_OK = 'OK';

/** One tool call, as recorded: who, what, where, how it ended, how long it took. Never inputs, bodies or tokens. */
export interface ActivityEntry {
  workspaceId: string;
  principal: { kind: 'user' | 'apiKey'; id: string };
  tool: string;
  connectionId: string | null;
  outcomeKind: string;
  durationMs: number;
  /** When the call started. */
  at: Date;
}

export interface ActivityRecorderOptions {
  db: Db;
  logger: Logger;
  /** A batch is written at least this often while rows wait. */
  flushIntervalMs?: number;
  /** … or as soon as this many rows wait. */
  batchSize?: number;
  /** Rows kept while the database is unreachable; beyond it the oldest are dropped, counted and logged. */
  maxBuffered?: number;
  /** While the database is unreachable, writing is retried after this long, doubling up to 30 s. Default 1 s. */
  retryDelayMs?: number;
}

const MAX_RETRY_DELAY_MS = 30_000;
const DROP_LOG_EVERY_MS = 10_000;

/**
 * A batch as one statement with one parameter: the rows as a JSON array, expanded by `json_to_recordset`. The
 * same rows through drizzle's multi-row VALUES bind 9 parameters per row; building that query was ≈ 3% of the API's
 * CPU on getSpaces under load, and it is gone (the embedded database's own work on the INSERT, ≈ 6%, remains).
 * Row by row (the fallback below) still goes through drizzle.
 */
async function insertBatch(db: Db, batch: NewToolActivityRow[]): Promise<void> {
  const rows = batch.map((row) => ({
    id: row.id ?? crypto.randomUUID(),
    workspace_id: row.workspaceId,
    principal_kind: row.principalKind,
    principal_id: row.principalId,
    tool: row.tool,
    connection_id: row.connectionId ?? null,
    outcome_kind: row.outcomeKind,
    duration_ms: row.durationMs,
    created_at: (row.createdAt ?? new Date()).toISOString(),
  }));
  await db.execute(sql`
    INSERT INTO ${toolActivity}
      (id, workspace_id, principal_kind, principal_id, tool, connection_id, outcome_kind, duration_ms, created_at)
    SELECT id, workspace_id, principal_kind::principal_kind, principal_id, tool, connection_id, outcome_kind,
           duration_ms, created_at
    FROM json_to_recordset(${JSON.stringify(rows)}::json) AS r(
      id text, workspace_id text, principal_kind text, principal_id text, tool text, connection_id text,
      outcome_kind text, duration_ms integer, created_at timestamptz)`);
}

/**
 * Writes tool_activity rows off the caller's path: `record()` only appends to memory; batches go to the database
 * every `flushIntervalMs` or every `batchSize` rows, and on `close()`. A failed write is logged, never thrown at
 * a caller: losing an audit row must not fail a tool call.
 *
 * While the database is unreachable, rows stay in memory (up to `maxBuffered`, oldest dropped first and counted)
 * and the write is retried with backoff until it lands; a batch that fails for any other reason is written row
 * by row, so one bad row (a workspace deleted meanwhile) loses only itself.
 */
export class ActivityRecorder {
  readonly #db: Db;
  readonly #logger: Logger;
  readonly #intervalMs: number;
  readonly #batchSize: number;
  readonly #maxBuffered: number;
  readonly #retryDelayMs: number;
  #buffer: NewToolActivityRow[] = [];
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();
  #closed = false;
  /** Set while the database is unreachable: the current backoff, and rows kept/dropped since it started. */
  #outage: { delayMs: number; since: number; dropped: number } | undefined;
  #droppedTotal = 0;
  #dropLoggedAt = 0;

  constructor(options: ActivityRecorderOptions) {
    this.#db = options.db;
    this.#logger = options.logger;
    this.#intervalMs = options.flushIntervalMs ?? 1000;
    this.#batchSize = options.batchSize ?? 100;
    this.#maxBuffered = options.maxBuffered ?? 10_000;
    this.#retryDelayMs = options.retryDelayMs ?? 1000;
  }

  record(entry: ActivityEntry): void {
    if (this.#closed) {
      this.#logger.warn({ tool: entry.tool }, 'activity recorder is closed; row not recorded');
      return;
    }
    this.#buffer.push({
      workspaceId: entry.workspaceId,
      principalKind: entry.principal.kind,
      principalId: entry.principal.id,
      tool: entry.tool,
      connectionId: entry.connectionId,
      outcomeKind: entry.outcomeKind,
      durationMs: Math.max(0, Math.round(entry.durationMs)),
      createdAt: entry.at,
    });
    if (this.#buffer.length > this.#maxBuffered) this.#dropOldest(this.#buffer.length - this.#maxBuffered);
    // During an outage the retry timer owns the next write: a full batch must not hammer a database that is down.
    if (this.#outage !== undefined) return;
    if (this.#buffer.length >= this.#batchSize) void this.flush();
    else this.#timer ??= setTimeout(() => void this.flush(), this.#intervalMs).unref();
  }

  /** Rows recorded but not yet written. */
  get pending(): number {
    return this.#buffer.length;
  }

  /** Rows dropped since start because the buffer was full while the database was unreachable. */
  get dropped(): number {
    return this.#droppedTotal;
  }

  /** Writes everything recorded so far; resolves when it is written (or the failure logged). Never rejects. */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    // One writer at a time keeps batches in order and bounds the connections activity can take from the pool.
    this.#flushing = this.#flushing.then(() => this.#drain());
    return this.#flushing;
  }

  /** Stops the timer and writes what is left. Later `record()` calls are logged and dropped. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.flush();
    clearTimeout(this.#timer);
    if (this.#buffer.length > 0) {
      this.#logger.error(
        { rows: this.#buffer.length },
        'activity rows lost at shutdown: the database was unreachable',
      );
    }
  }

  async #drain(): Promise<void> {
    while (this.#buffer.length > 0) {
      const batch = this.#buffer.slice(0, this.#batchSize);
      const outcome = await this.#write(batch);
      if (outcome === 'unreachable') {
        this.#scheduleRetry();
        return;
      }
      // Rows dropped while the write ran were the oldest: those of this batch that are still at the front.
      this.#buffer.splice(0, Math.min(batch.length, this.#countFrontRows(batch)));
    }
    this.#recovered();
  }

  /** How many of `batch`'s rows are still at the front of the buffer (some may have been dropped meanwhile). */
  #countFrontRows(batch: NewToolActivityRow[]): number {
    const first = this.#buffer.indexOf(batch[batch.length - 1] as NewToolActivityRow);
    return first === -1 ? 0 : first + 1;
  }

  async #write(batch: NewToolActivityRow[]): Promise<'written' | 'unreachable'> {
    try {
      await insertBatch(this.#db, batch);
      return 'written';
    } catch (error) {
      if (isDatabaseUnavailable(error)) return 'unreachable';
      if (batch.length === 1) {
        this.#logger.error({ error: logSafeError(error), rows: 1 }, 'could not write activity row');
        return 'written';
      }
      this.#logger.warn(
        { error: logSafeError(error), rows: batch.length },
        'activity batch failed; writing rows one by one',
      );
    }
    let failed = 0;
    let lastError: unknown;
    for (const row of batch) {
      try {
        await this.#db.insert(toolActivity).values(row);
      } catch (error) {
        if (isDatabaseUnavailable(error)) return 'unreachable';
        failed += 1;
        lastError = error;
      }
    }
    if (failed > 0)
      this.#logger.error({ error: logSafeError(lastError), rows: failed }, 'could not write activity rows');
    return 'written';
  }

  #scheduleRetry(): void {
    const now = Date.now();
    if (this.#outage === undefined) {
      this.#outage = { delayMs: this.#retryDelayMs, since: now, dropped: 0 };
      this.#logger.warn(
        { rows: this.#buffer.length, maxBuffered: this.#maxBuffered },
        'database unreachable: activity rows kept in memory until it answers again',
      );
    } else {
      this.#outage.delayMs = Math.min(this.#outage.delayMs * 2, MAX_RETRY_DELAY_MS);
    }
    if (this.#closed) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.flush(), this.#outage.delayMs).unref();
  }

  #recovered(): void {
    const outage = this.#outage;
    if (outage === undefined) return;
    this.#outage = undefined;
    this.#logger.info(
      { outageMs: Date.now() - outage.since, dropped: outage.dropped },
      'database reachable again: activity rows kept during the outage are written',
    );
  }

  #dropOldest(count: number): void {
    this.#buffer.splice(0, count);
    this.#droppedTotal += count;
    const now = Date.now();
    if (this.#outage !== undefined) this.#outage.dropped += count;
    // One line per 10 s, with the running count, rather than one per dropped row.
    if (now - this.#dropLoggedAt >= DROP_LOG_EVERY_MS) {
      this.#dropLoggedAt = now;
      this.#logger.error(
        { dropped: this.#droppedTotal, maxBuffered: this.#maxBuffered },
        'activity buffer full (database unreachable): oldest rows dropped',
      );
    }
  }
}
