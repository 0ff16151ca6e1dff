import { and, desc, eq, ne, sql, type SQL } from 'drizzle-orm';

import type { Db } from '../db/client.js';
import { apikey, confluenceConnections, toolActivity, user } from '../db/schema/index.js';
import { HubError } from '../errors.js';
import { OUTCOME_OK } from './recorder.js';

export interface ActivityFilter {
  tool?: string | undefined;
  connectionId?: string | undefined;
  /** 'ok' = successful calls, 'error' = failed ones, or one exact error kind such as 'NOT_FOUND'. */
  outcome?: string | undefined;
}

export interface ActivityItem {
  id: string;
  /** ISO time the call started. */
  at: string;
  principal: { kind: 'user' | 'apiKey'; id: string; name: string | null };
  tool: string;
  connection: { id: string; siteName: string } | null;
  outcome: 'ok' | 'error';
  /** 'OK', or the error kind (NOT_FOUND, VERSION_CONFLICT, NEEDS_REAUTH, …). */
  outcomeKind: string;
  durationMs: number;
}

export interface ActivityPage {
  items: ActivityItem[];
  /** Pass as `cursor` for the next (older) page; null on the last one. */
  nextCursor: string | null;
}

/** Newest first, keyset-paged on (created_at, id): pages stay stable while new rows arrive. */
export async function listActivity(
  db: Db,
  workspaceId: string,
  options: ActivityFilter & { limit: number; cursor?: string | undefined },
): Promise<ActivityPage> {
  const conditions: SQL[] = [eq(toolActivity.workspaceId, workspaceId), ...filterConditions(options)];
  if (options.cursor !== undefined) {
    const { at, id } = decodeCursor(options.cursor);
    conditions.push(sql`(${toolActivity.createdAt}, ${toolActivity.id}) < (${at}, ${id})`);
  }
  const rows = await db
    .select({
      id: toolActivity.id,
      createdAt: toolActivity.createdAt,
      principalKind: toolActivity.principalKind,
      principalId: toolActivity.principalId,
      userName: user.name,
      userEmail: user.email,
      keyName: apikey.name,
      tool: toolActivity.tool,
      connectionId: toolActivity.connectionId,
      siteName: confluenceConnections.siteName,
      outcomeKind: toolActivity.outcomeKind,
      durationMs: toolActivity.durationMs,
    })
    .from(toolActivity)
    .leftJoin(user, and(eq(toolActivity.principalKind, 'user'), eq(user.id, toolActivity.principalId)))
    .leftJoin(apikey, and(eq(toolActivity.principalKind, 'apiKey'), eq(apikey.id, toolActivity.principalId)))
    .leftJoin(confluenceConnections, eq(confluenceConnections.id, toolActivity.connectionId))
    .where(and(...conditions))
    .orderBy(desc(toolActivity.createdAt), desc(toolActivity.id))
    .limit(options.limit + 1);

  const page = rows.slice(0, options.limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => ({
      id: row.id,
      at: row.createdAt.toISOString(),
      principal: {
        kind: row.principalKind,
        id: row.principalId,
        name: row.principalKind === 'user' ? row.userName || row.userEmail : row.keyName,
      },
      tool: row.tool,
      connection: row.connectionId === null ? null : { id: row.connectionId, siteName: row.siteName ?? '' },
      outcome: row.outcomeKind === OUTCOME_OK ? 'ok' : 'error',
      outcomeKind: row.outcomeKind,
      durationMs: row.durationMs,
    })),
    nextCursor: rows.length > options.limit && last ? encodeCursor(last.createdAt, last.id) : null,
  };
}

export function filterConditions(filter: ActivityFilter): SQL[] {
  const conditions: SQL[] = [];
  if (filter.tool !== undefined) conditions.push(eq(toolActivity.tool, filter.tool));
  if (filter.connectionId !== undefined) conditions.push(eq(toolActivity.connectionId, filter.connectionId));
  if (filter.outcome === 'ok') conditions.push(eq(toolActivity.outcomeKind, OUTCOME_OK));
  else if (filter.outcome === 'error') conditions.push(ne(toolActivity.outcomeKind, OUTCOME_OK));
  else if (filter.outcome !== undefined) conditions.push(eq(toolActivity.outcomeKind, filter.outcome));
  return conditions;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

// The cursor is opaque to clients but not secret: the position of the last row shown.
export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');
}

export function decodeCursor(cursor: string): { at: string; id: string } {
  const [at, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  // Exactly what encodeCursor writes: Date.parse is lenient ("1" parses) and PostgreSQL is not.
  const iso = at !== undefined && ISO_INSTANT.test(at) && new Date(at).toISOString() === at;
  if (!iso || id === undefined || rest.length > 0 || id === '') {
    throw new HubError('BAD_REQUEST', 'Invalid cursor: pass back a nextCursor exactly as received');
  }
  return { at, id };
}
