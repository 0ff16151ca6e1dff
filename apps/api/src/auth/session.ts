import type { Db } from '../db/client.js';
import { isDatabaseUnavailable } from '../db/errors.js';
import { databaseReachable } from '../db/probe.js';
import { databaseUnavailable } from '../errors.js';
import { listMemberships } from './accounts.js';
import type { Auth } from './auth.js';
import type { UserPrincipal } from './principal.js';
import { toWorkspaceRole } from './roles.js';

/**
 * The signed-in user behind a request's session cookie, in their active workspace (the one chosen in the panel)
 * or, when none is chosen or they left it, their oldest membership. A user in no workspace has nothing to act on:
 * null, like no session at all.
 */
export async function resolveSession(
  auth: Auth,
  db: Db,
  headers: Headers,
  databaseHealth: DatabaseHealth = { lastUnavailableAt: Number.NEGATIVE_INFINITY },
): Promise<UserPrincipal | null> {
  const result = await getSession(auth, db, headers, databaseHealth);
  if (result === null) return null;
  const { session, user } = result;
  const memberships = await listMemberships(db, user.id);
  const active = session.activeOrganizationId ?? undefined;
  const membership = memberships.find((m) => m.workspaceId === active) ?? memberships[0];
  if (membership === undefined) return null;
  return {
    kind: 'user',
    id: user.id,
    email: user.email,
    name: user.name || user.email,
    sessionId: session.id,
    workspaceId: membership.workspaceId,
    role: toWorkspaceRole(membership.memberRole),
  };
}

/** When better-auth last reported the database unreachable (auth/service.ts keeps it). */
export interface DatabaseHealth {
  lastUnavailableAt: number;
}

const RECENT_OUTAGE_MS = 5000;

/**
 * better-auth turns a database failure into a bare INTERNAL_SERVER_ERROR. A connection killed under the query
 * fails it once and a fresh pooled connection usually works: so try once more. If that fails too, it is an outage
 * (503 UNAVAILABLE) when the error says so, when better-auth reported the database unreachable just now, or when
 * the database does not answer; otherwise it is ours, a 500.
 */
async function getSession(auth: Auth, db: Db, headers: Headers, databaseHealth: DatabaseHealth) {
  try {
    return await auth.api.getSession({ headers });
  } catch {
    try {
      return await auth.api.getSession({ headers });
    } catch (error) {
      const recentOutage = Date.now() - databaseHealth.lastUnavailableAt < RECENT_OUTAGE_MS;
      if (isDatabaseUnavailable(error) || recentOutage || !(await databaseReachable(db))) {
        throw databaseUnavailable(error);
      }
      throw error;
    }
  }
}
