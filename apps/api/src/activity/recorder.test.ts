import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';

import { toolActivity } from '../db/schema/index.js';
import { createLogger } from '../logger.js';
import { useTestDatabase } from '../test-support/database.js';
import { insertWorkspace } from '../test-support/fixtures.js';
import { ActivityRecorder, type ActivityEntry } from './recorder.js';

const t = useTestDatabase();
let workspaceId: string;

beforeAll(async () => {
  workspaceId = await insertWorkspace(t.db);
});

function captured() {
  const lines: string[] = [];
  return {
    lines,
    logger: createLogger({ level: 'debug', destination: { write: (l: string) => lines.push(l) } }),
  };
}

const entry = (over: Partial<ActivityEntry> = {}): ActivityEntry => ({
  workspaceId,
  principal: { kind: 'apiKey', id: 'key-1' },
  tool: 'get_confluence_page',
  connectionId: null,
  outcomeKind: 'OK',
  durationMs: 12.6,
  at: new Date(),
  ...over,
});

/** t.db, except that inserts fail as with a server that refuses connections while `down` is set. */
function flakyDatabase() {
  const state = { down: false, attempts: 0, db: t.db };
  state.db = new Proxy(t.db, {
    get(target, property, receiver) {
      const refuse = () => {
        state.attempts += 1;
        return Promise.reject(
          Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
        );
      };
      // Batches are one raw statement (execute); the row-by-row fallback goes through insert().values().
      if (property === 'execute' && state.down) return refuse;
      if (property === 'insert' && state.down) return () => ({ values: refuse });
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
  return state;
}

const rowsOf = (ws: string) => t.db.select().from(toolActivity).where(eq(toolActivity.workspaceId, ws));

describe('ActivityRecorder', () => {
  it('records in memory and writes in the background after the interval', async () => {
    const ws = await insertWorkspace(t.db);
    // The interval is a fake timer: "not written yet" must not depend on how fast this machine is.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const recorder = new ActivityRecorder({ db: t.db, logger: captured().logger, flushIntervalMs: 1000 });
    const at = new Date('2025-01-02T03:04:05.678Z');
    recorder.record(entry({ workspaceId: ws, at }));
    expect(recorder.pending).toBe(1);
    vi.advanceTimersByTime(999);
    expect(await rowsOf(ws)).toEqual([]);
    expect(recorder.pending).toBe(1);
    vi.advanceTimersByTime(1);
    vi.useRealTimers();
    await expect.poll(async () => (await rowsOf(ws)).length, { timeout: 30_000 }).toBe(1);
    expect((await rowsOf(ws))[0]).toMatchObject({ durationMs: 13, createdAt: at, principalKind: 'apiKey' });
    await recorder.close();
  });

  it('writes a full batch at once, without waiting for the interval', async () => {
    const ws = await insertWorkspace(t.db);
    const recorder = new ActivityRecorder({
      db: t.db,
      logger: captured().logger,
      flushIntervalMs: 60_000,
      batchSize: 5,
    });
    for (let i = 0; i < 5; i += 1) recorder.record(entry({ workspaceId: ws }));
    await expect.poll(async () => (await rowsOf(ws)).length, { timeout: 5000 }).toBe(5);
    await recorder.close();
  });

  it('flushes what is left on close, and drops (with a log line) what comes after', async () => {
    const ws = await insertWorkspace(t.db);
    const log = captured();
    const recorder = new ActivityRecorder({ db: t.db, logger: log.logger, flushIntervalMs: 60_000 });
    recorder.record(entry({ workspaceId: ws }));
    recorder.record(entry({ workspaceId: ws, outcomeKind: 'NOT_FOUND' }));
    await recorder.close();
    expect((await rowsOf(ws)).map((r) => r.outcomeKind).sort()).toEqual(['NOT_FOUND', 'OK']);
    recorder.record(entry({ workspaceId: ws }));
    expect(recorder.pending).toBe(0);
    expect(log.lines.join('')).toContain('activity recorder is closed');
  });

  it('logs a failed write instead of throwing, and keeps the good rows of a batch', async () => {
    const ws = await insertWorkspace(t.db);
    const log = captured();
    const recorder = new ActivityRecorder({ db: t.db, logger: log.logger, flushIntervalMs: 60_000 });
    recorder.record(entry({ workspaceId: ws }));
    recorder.record(entry({ workspaceId: 'no-such-workspace' })); // violates the foreign key
    recorder.record(entry({ workspaceId: ws }));
    await expect(recorder.flush()).resolves.toBeUndefined();
    expect(await rowsOf(ws)).toHaveLength(2);
    expect(log.lines.join('')).toContain('could not write activity rows');
    await recorder.close();
  });

  it('keeps rows while the database is unreachable and writes them all when it answers again', async () => {
    const ws = await insertWorkspace(t.db);
    const log = captured();
    const outage = flakyDatabase();
    const recorder = new ActivityRecorder({
      db: outage.db,
      logger: log.logger,
      batchSize: 5,
      retryDelayMs: 20,
    });
    outage.down = true;
    for (let i = 0; i < 12; i += 1) recorder.record(entry({ workspaceId: ws, durationMs: i }));
    await recorder.flush();
    expect(recorder.pending).toBe(12);
    await expect.poll(() => outage.attempts, { timeout: 30_000 }).toBeGreaterThanOrEqual(3); // retried on its own
    expect(recorder.pending).toBe(12);
    expect(log.lines.join('')).toContain('activity rows kept in memory');

    outage.down = false;
    await expect.poll(async () => (await rowsOf(ws)).length, { timeout: 30_000 }).toBe(12);
    expect((await rowsOf(ws)).map((r) => r.durationMs).sort((a, b) => a - b)).toEqual([...Array(12).keys()]);
    expect(recorder.pending).toBe(0);
    expect(recorder.dropped).toBe(0);
    expect(log.lines.join('')).toContain('database reachable again');
    await recorder.close();
  });

  it('bounds memory while the database is unreachable', async () => {
    const log = captured();
    const recorder = new ActivityRecorder({
      db: t.db,
      logger: log.logger,
      flushIntervalMs: 60_000,
      batchSize: 1000,
      maxBuffered: 3,
    });
    for (let i = 0; i < 5; i += 1) recorder.record(entry());
    expect(recorder.pending).toBe(3);
    expect(recorder.dropped).toBe(2);
    expect(log.lines.join('')).toContain('oldest rows dropped');
    await recorder.close();
  });
});
