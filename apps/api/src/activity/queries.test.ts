import { randomUUID } from 'node:crypto';

import { beforeAll, describe, expect, it } from 'vitest';

import { toolActivity, user, type NewToolActivityRow } from '../db/schema/index.js';
import { useTestDatabase } from '../test-support/database.js';
import { insertConnection, insertWorkspace } from '../test-support/fixtures.js';
import { listActivity } from './queries.js';
import { activityStats } from './stats.js';

const t = useTestDatabase();
// 12:00:00 UTC on a fixed day: bucket boundaries are easy to read.
const NOW = Date.parse('2025-06-01T12:00:00.000Z');

let ws: string;
let connectionId: string;
let userId: string;

function row(over: Partial<NewToolActivityRow> & { minutesAgo: number }): NewToolActivityRow {
  const { minutesAgo, ...rest } = over;
  return {
    workspaceId: ws,
    principalKind: 'apiKey',
    principalId: 'key-1',
    tool: 'get_confluence_page',
    connectionId,
    outcomeKind: 'OK',
    durationMs: 100,
    createdAt: new Date(NOW - minutesAgo * 60_000),
    ...rest,
  };
}

beforeAll(async () => {
  ws = await insertWorkspace(t.db, 'Activity');
  connectionId = await insertConnection(t.db, { workspaceId: ws, siteName: 'Acme' });
  userId = randomUUID();
  await t.db.insert(user).values({ id: userId, name: 'Ada', email: `ada-${userId}@example.com` });
  const rows: NewToolActivityRow[] = [];
  // 30 calls in the last hour, one every 2 minutes; every third failed; durations 10..300 ms.
  for (let i = 0; i < 30; i += 1) {
    rows.push(
      row({
        minutesAgo: i * 2 + 1,
        outcomeKind: i % 3 === 0 ? 'NOT_FOUND' : 'OK',
        durationMs: (i + 1) * 10,
        tool: i % 2 === 0 ? 'get_confluence_page' : 'search_confluence_pages',
      }),
    );
  }
  rows.push(row({ minutesAgo: 0.5, principalKind: 'user', principalId: userId, connectionId: null }));
  rows.push(row({ minutesAgo: 3 * 24 * 60, outcomeKind: 'RATE_LIMITED' })); // three days ago
  const other = await insertWorkspace(t.db, 'Other');
  rows.push({ ...row({ minutesAgo: 1 }), workspaceId: other, connectionId: null });
  await t.db.insert(toolActivity).values(rows);
});

describe('listActivity', () => {
  it('pages newest first with a stable cursor, naming who and which site', async () => {
    const first = await listActivity(t.db, ws, { limit: 10 });
    expect(first.items).toHaveLength(10);
    expect(first.items[0]).toMatchObject({
      principal: { kind: 'user', id: userId, name: 'Ada' },
      connection: null,
      outcome: 'ok',
      outcomeKind: 'OK',
    });
    expect(first.items[1]).toMatchObject({ connection: { id: connectionId, siteName: 'Acme' } });
    const times = first.items.map((i) => Date.parse(i.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    const seen = new Set(first.items.map((i) => i.id));
    let cursor = first.nextCursor;
    while (cursor !== null) {
      const next = await listActivity(t.db, ws, { limit: 10, cursor });
      for (const item of next.items) {
        expect(seen.has(item.id)).toBe(false);
        seen.add(item.id);
      }
      cursor = next.nextCursor;
    }
    expect(seen.size).toBe(32); // not the other workspace's row
  });

  it('refuses a cursor it did not write with BAD_REQUEST, never a database error', async () => {
    for (const raw of ['1|a', 'x 1|a', '2026-01-01|a', `${new Date().toISOString()}|`]) {
      const cursor = Buffer.from(raw).toString('base64url');
      await expect(listActivity(t.db, ws, { limit: 10, cursor })).rejects.toMatchObject({
        kind: 'BAD_REQUEST',
      });
    }
  });

  it('filters by tool, connection and outcome', async () => {
    const errors = await listActivity(t.db, ws, { limit: 100, outcome: 'error' });
    expect(errors.items.map((i) => i.outcomeKind).sort()).toEqual([
      ...Array.from({ length: 10 }, () => 'NOT_FOUND'),
      'RATE_LIMITED',
    ]);
    const limited = await listActivity(t.db, ws, { limit: 100, outcome: 'RATE_LIMITED' });
    expect(limited.items).toHaveLength(1);
    const search = await listActivity(t.db, ws, {
      limit: 100,
      tool: 'search_confluence_pages',
      outcome: 'ok',
    });
    expect(search.items.every((i) => i.tool === 'search_confluence_pages' && i.outcome === 'ok')).toBe(true);
    expect(search.items).toHaveLength(10);
    const byConnection = await listActivity(t.db, ws, { limit: 100, connectionId });
    expect(byConnection.items).toHaveLength(31);
  });

  it('refuses a forged cursor as BAD_REQUEST', async () => {
    await expect(listActivity(t.db, ws, { limit: 10, cursor: 'garbage' })).rejects.toMatchObject({
      kind: 'BAD_REQUEST',
    });
  });
});

describe('activityStats', () => {
  it('buckets calls by outcome with p95 latency, with no gaps', async () => {
    const stats = await activityStats(t.db, ws, { range: '1h', now: NOW });
    expect(stats.buckets).toHaveLength(12);
    expect(stats.bucketMs).toBe(5 * 60_000);
    // Twelve 5-minute buckets, the last one the current (partial) one: 11:05 to 12:05.
    expect(stats.from).toBe('2025-06-01T11:05:00.000Z');
    expect(stats.buckets.at(-1)).toMatchObject({ start: '2025-06-01T12:00:00.000Z', total: 0, p95Ms: null });
    // From 11:05: the calls 1…55 minutes ago (28, every third NOT_FOUND) and the user's, not older ones.
    expect(stats.totals).toMatchObject({
      total: 29,
      ok: 19,
      errors: 10,
      byOutcome: { OK: 19, NOT_FOUND: 10 },
    });
    expect(stats.totals.p95Ms).toBe(266);
    expect(stats.buckets.reduce((sum, b) => sum + b.total, 0)).toBe(29);
    for (const bucket of stats.buckets) {
      expect(bucket.ok + bucket.errors).toBe(bucket.total);
      if (bucket.total === 0) expect(bucket.p95Ms).toBeNull();
    }
    // 11:55–12:00: the calls 5, 3 and 1 minutes ago (10, 20, 30 ms; the 1-minute one failed) and the user's (100).
    expect(stats.buckets.at(-2)).toEqual({
      start: '2025-06-01T11:55:00.000Z',
      total: 4,
      ok: 3,
      errors: 1,
      byOutcome: { OK: 3, NOT_FOUND: 1 },
      p95Ms: 89, // 30 + 0.85 × 70 = 89.4999… in float8
    });
  });

  it('covers longer ranges and filters', async () => {
    const week = await activityStats(t.db, ws, { range: '7d', now: NOW });
    expect(week.buckets).toHaveLength(28);
    expect(week.totals).toMatchObject({ total: 32, byOutcome: { RATE_LIMITED: 1 } });
    const search = await activityStats(t.db, ws, { range: '24h', now: NOW, tool: 'search_confluence_pages' });
    expect(search.totals.total).toBe(15);
  });
});
