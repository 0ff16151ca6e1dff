import { randomUUID } from 'node:crypto';

import { and, desc, eq, lt, or } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';

import { useTestDatabase } from '../test-support/database.js';
import { insertConnection, insertWorkspace } from '../test-support/fixtures.js';
import { sqlState } from './errors.js';
import { confluenceConnections, organization, toolActivity } from './schema/index.js';

const t = useTestDatabase();

async function expectSqlState(promise: Promise<unknown>, state: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(sqlState(error)).toBe(state);
}

describe('schema constraints', () => {
  it('keeps one connection per (workspace, site) but lets another workspace connect the same site', async () => {
    const a = await insertWorkspace(t.db, 'A');
    const b = await insertWorkspace(t.db, 'B');
    await insertConnection(t.db, { workspaceId: a, cloudId: 'cloud-1' });
    await expectSqlState(insertConnection(t.db, { workspaceId: a, cloudId: 'cloud-1' }), '23505');
    await insertConnection(t.db, { workspaceId: b, cloudId: 'cloud-1' });
  });

  it('allows at most one default connection per workspace', async () => {
    const ws = await insertWorkspace(t.db);
    await insertConnection(t.db, { workspaceId: ws, isDefault: true });
    await insertConnection(t.db, { workspaceId: ws, isDefault: false });
    await expectSqlState(insertConnection(t.db, { workspaceId: ws, isDefault: true }), '23505');
  });

  it('refuses a disconnected connection that still holds tokens', async () => {
    const ws = await insertWorkspace(t.db);
    await expectSqlState(
      insertConnection(t.db, { workspaceId: ws, status: 'disconnected', refreshTokenEnc: 'v1.k.x.y' }),
      '23514',
    );
  });

  it('stores scopes as text[] and timestamps with time zone', async () => {
    const ws = await insertWorkspace(t.db);
    const expiresAt = new Date('2030-01-02T03:04:05.678Z');
    const id = await insertConnection(t.db, {
      workspaceId: ws,
      scopes: ['read:page:confluence', 'offline_access'],
      accessTokenExpiresAt: expiresAt,
    });
    const [row] = await t.db.select().from(confluenceConnections).where(eq(confluenceConnections.id, id));
    expect(row?.scopes).toEqual(['read:page:confluence', 'offline_access']);
    expect(row?.accessTokenExpiresAt?.toISOString()).toBe(expiresAt.toISOString());
    expect(row?.status).toBe('active');
  });

  it('deleting a workspace removes its connections and activity', async () => {
    const ws = await insertWorkspace(t.db);
    const conn = await insertConnection(t.db, { workspaceId: ws });
    await t.db.insert(toolActivity).values({
      workspaceId: ws,
      principalKind: 'apiKey',
      principalId: 'key-1',
      tool: 'get_confluence_spaces',
      connectionId: conn,
      outcomeKind: 'ok',
      durationMs: 12,
    });
    await t.db.delete(organization).where(eq(organization.id, ws));
    expect(
      await t.db.select().from(confluenceConnections).where(eq(confluenceConnections.workspaceId, ws)),
    ).toEqual([]);
    expect(await t.db.select().from(toolActivity).where(eq(toolActivity.workspaceId, ws))).toEqual([]);
  });

  it('pages activity by (created_at desc, id desc) without gaps or repeats', async () => {
    const ws = await insertWorkspace(t.db);
    const base = Date.parse('2030-01-01T00:00:00Z');
    // Pairs of rows share a timestamp, so the id must break ties.
    const rows = Array.from({ length: 9 }, (_, i) => ({
      id: randomUUID(),
      workspaceId: ws,
      principalKind: 'user' as const,
      principalId: 'u1',
      tool: 'get_confluence_page',
      outcomeKind: i % 3 === 0 ? 'NOT_FOUND' : 'ok',
      durationMs: i,
      createdAt: new Date(base + Math.floor(i / 2) * 1000),
    }));
    await t.db.insert(toolActivity).values(rows);

    const seen: string[] = [];
    let cursor: { createdAt: Date; id: string } | undefined;
    for (;;) {
      const page = await t.db
        .select({ id: toolActivity.id, createdAt: toolActivity.createdAt })
        .from(toolActivity)
        .where(
          and(
            eq(toolActivity.workspaceId, ws),
            cursor &&
              or(
                lt(toolActivity.createdAt, cursor.createdAt),
                and(eq(toolActivity.createdAt, cursor.createdAt), lt(toolActivity.id, cursor.id)),
              ),
          ),
        )
        .orderBy(desc(toolActivity.createdAt), desc(toolActivity.id))
        .limit(4);
      seen.push(...page.map((r) => r.id));
      const last = page.at(-1);
      if (page.length < 4 || last === undefined) break;
      cursor = last;
    }
    const expected = [...rows]
      .sort(
        (x, y) => y.createdAt.getTime() - x.createdAt.getTime() || (y.id < x.id ? -1 : y.id > x.id ? 1 : 0),
      )
      .map((r) => r.id);
    expect(seen).toEqual(expected);
  });
});
