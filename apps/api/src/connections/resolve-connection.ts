import { and, asc, eq, type SQL } from 'drizzle-orm';

import type { Db } from '../db/client.js';
import { confluenceConnections, type ConnectionStatus } from '../db/schema/index.js';
import {
  connectionAmbiguous,
  connectionDisconnected,
  connectionNotFound,
  defaultDisconnected,
  needsReauth,
  notConnected,
} from './vault-errors.js';

/**
 * Which connection a call that names none uses, as the README, the panel and tools.list state it. The first
 * connection of a workspace becomes its default; after that only an admin's "Set as default" changes it.
 * Disconnecting the default keeps it the default (calls get NOT_CONNECTED until it is reconnected or another
 * default is set), so a call never silently moves to another site.
 */
export const DEFAULT_CONNECTION_RULE =
  "Omit to use the workspace's default connection. Only the default is ever used: if it is disconnected, or " +
  'none is set, the call is refused (NOT_CONNECTED / CONNECTION_AMBIGUOUS) rather than sent to another site.';

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
 * - none: the workspace's default and only the default (see DEFAULT_CONNECTION_RULE). A disconnected default →
 *   NOT_CONNECTED naming it; no default and no live connection → NOT_CONNECTED; no default but live connections
 *   → CONNECTION_AMBIGUOUS listing them. Never another site in its place: a write must land where an admin chose.
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
  const rows = await selectConnections(db, eq(confluenceConnections.workspaceId, workspaceId)).orderBy(
    asc(confluenceConnections.createdAt),
    asc(confluenceConnections.id),
  );
  const chosen = rows.find((row) => row.isDefault);
  if (chosen?.status === 'disconnected') throw defaultDisconnected(chosen.siteName);
  if (chosen !== undefined) return chosen;
  const live = rows.filter((row) => row.status !== 'disconnected');
  if (live.length === 0) throw notConnected();
  throw connectionAmbiguous(live.map(({ id, siteName, siteUrl }) => ({ id, siteName, siteUrl })));
}
