import type { Db } from '../db/client.js';
import { toolActivity, type NewToolActivityRow } from '../db/schema/index.js';
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
  /** Rows kept while the database is unreachable; beyond it the oldest are dropped (and the drop logged). */
  maxBuffered?: number;
}

/**
 * Writes tool_activity rows off the caller's path: `record()` only appends to memory; batches go to the database
 * every `flushIntervalMs` or every `batchSize` rows, and on `close()`. A failed write is logged, never thrown at
 * a caller: losing an audit row must not fail a tool call.
 */
export class ActivityRecorder {
  readonly #db: Db;
  readonly #logger: Logger;
  readonly #intervalMs: number;
  readonly #batchSize: number;
  readonly #maxBuffered: number;
  #buffer: NewToolActivityRow[] = [];
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(options: ActivityRecorderOptions) {
    this.#db = options.db;
    this.#logger = options.logger;
    this.#intervalMs = options.flushIntervalMs ?? 1000;
    this.#batchSize = options.batchSize ?? 100;
    this.#maxBuffered = options.maxBuffered ?? 10_000;
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
    if (this.#buffer.length > this.#maxBuffered) {
      const dropped = this.#buffer.length - this.#maxBuffered;
      this.#buffer.splice(0, dropped);
      this.#logger.error({ dropped }, 'activity buffer full (database unreachable?): oldest rows dropped');
    }
    if (this.#buffer.length >= this.#batchSize) void this.flush();
    else this.#timer ??= setTimeout(() => void this.flush(), this.#intervalMs).unref();
  }

  /** Rows recorded but not yet written. */
  get pending(): number {
    return this.#buffer.length;
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
  }

  async #drain(): Promise<void> {
    while (this.#buffer.length > 0) {
      const batch = this.#buffer.splice(0, this.#batchSize);
      await this.#write(batch);
    }
  }

  async #write(batch: NewToolActivityRow[]): Promise<void> {
    try {
      await this.#db.insert(toolActivity).values(batch);
      return;
    } catch (error) {
      if (batch.length === 1) {
        this.#logger.error({ err: error, rows: 1 }, 'could not write activity row');
        return;
      }
      this.#logger.warn({ err: error, rows: batch.length }, 'activity batch failed; writing rows one by one');
    }
    // One bad row (say, of a workspace deleted meanwhile) must not lose the whole batch.
    let failed = 0;
    let lastError: unknown;
    for (const row of batch) {
      try {
        await this.#db.insert(toolActivity).values(row);
      } catch (error) {
        failed += 1;
        lastError = error;
      }
    }
    if (failed > 0) this.#logger.error({ err: lastError, rows: failed }, 'could not write activity rows');
  }
}
