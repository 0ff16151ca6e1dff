import { and, asc, eq, ne, type SQL } from 'drizzle-orm';

import type { Db } from '../db/client.js';
import { confluenceConnections, type ConnectionStatus } from '../db/schema/index.js';
import {
  connectionAmbiguous,
  connectionDisconnected,
  connectionNotFound,
  needsReauth,
  notConnected,
} from './vault-errors.js';

export interface ResolvedConnection {
  id: string;
  workspaceId: string;
  cloudId: string;
  siteName: string;
  siteUrl: string;
  status: ConnectionStatus;
  scopes: string[];
}

const columns = {
  id: confluenceConnections.id,
  workspaceId: confluenceConnections.workspaceId,
  cloudId: confluenceConnections.cloudId,
  siteName: confluenceConnections.siteName,
  siteUrl: confluenceConnections.siteUrl,
  status: confluenceConnections.status,
  scopes: confluenceConnections.scopes,
  isDefault: confluenceConnections.isDefault,
  lastError: confluenceConnections.lastError,
};

/**
 * Which connection a call of this workspace uses. Every query is scoped to the workspace: another workspace's
 * connection id answers NOT_FOUND, exactly as an unknown one.
 *
 * - `connectionId` given: that connection (disconnected → NOT_CONNECTED).
 * - none: the workspace's default, else its only connection; none → NOT_CONNECTED; several and no default →
 *   CONNECTION_AMBIGUOUS listing them.
 * - the chosen one needs re-consent → NEEDS_REAUTH.
 */
export async function resolveConnection(
  db: Db,
  workspaceId: string,
  connectionId?: string,
): Promise<ResolvedConnection> {
  const chosen =
    connectionId === undefined
      ? await defaultConnection(db, workspaceId)
      : await namedConnection(db, workspaceId, connectionId);
  if (chosen.status === 'needs_reauth') {
    throw needsReauth(chosen.id, chosen.siteName, chosen.lastError ?? 'Atlassian refused the refresh token.');
  }
  const { isDefault: _isDefault, lastError: _lastError, ...resolved } = chosen;
  return resolved;
}

const selectConnections = (db: Db, where: SQL | undefined) =>
  db.select(columns).from(confluenceConnections).where(where);

type Candidate = Awaited<ReturnType<typeof selectConnections>>[number];

async function namedConnection(db: Db, workspaceId: string, connectionId: string): Promise<Candidate> {
  const [row] = await selectConnections(
    db,
    and(eq(confluenceConnections.workspaceId, workspaceId), eq(confluenceConnections.id, connectionId)),
  );
  if (row === undefined) throw connectionNotFound(connectionId);
  if (row.status === 'disconnected') throw connectionDisconnected(row.siteName);
  return row;
}

async function defaultConnection(db: Db, workspaceId: string): Promise<Candidate> {
  const rows = await selectConnections(
    db,
    and(eq(confluenceConnections.workspaceId, workspaceId), ne(confluenceConnections.status, 'disconnected')),
  ).orderBy(asc(confluenceConnections.createdAt), asc(confluenceConnections.id));
  const chosen = rows.find((row) => row.isDefault) ?? (rows.length === 1 ? rows[0] : undefined);
  if (chosen !== undefined) return chosen;
  if (rows.length === 0) throw notConnected();
  throw connectionAmbiguous(rows.map(({ id, siteName, siteUrl }) => ({ id, siteName, siteUrl })));
}
