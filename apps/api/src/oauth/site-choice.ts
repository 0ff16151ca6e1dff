import { and, eq, inArray, ne } from 'drizzle-orm';

import type { UserPrincipal } from '../auth/principal.js';
import { confluenceConnections } from '../db/schema/index.js';
import { HubError } from '../errors.js';
import { nowDate, type OAuthRouteDeps } from './deps.js';
import { FORBIDDEN_MESSAGE } from './outcome.js';
import { readPending, takePending } from './pending-store.js';
import { saveSite } from './save-site.js';

/** A consent that reached several sites, as the panel shows it: no token, ever. */
export interface PendingSiteChoice {
  id: string;
  expiresAt: Date;
  account: { name: string | null; email: string | null };
  sites: { cloudId: string; name: string; url: string; alreadyConnected: boolean }[];
}

const GONE_MESSAGE =
  'This site choice has expired or was already used. Connect Confluence again from Integrations.';

/**
 * ONE site per consent. Atlassian issues one token set per consent, valid for every site it reaches, with one
 * rotating refresh token. Stored in two connections, the first refresh through either rotates that refresh token
 * out of the other; its next refresh then reuses a rotated-out token, which outside Atlassian's ~10 minute leeway
 * revokes the whole token family — both connections break. The vault refreshes per connection (row lock per
 * connection), so only one connection may own a family: each further site takes its own consent (Connect again,
 * choose the next site), which yields an independent family.
 */
export const SITES_PER_CONSENT = 1;

/** The sites of the caller's own pending consent, marking those the workspace has connected already. */
export async function getPendingSiteChoice(
  deps: OAuthRouteDeps,
  principal: UserPrincipal,
  pendingId: string,
): Promise<PendingSiteChoice> {
  requireAdmin(principal);
  const pending = await readPending(deps.db, deps.cipher, principal, pendingId, nowDate(deps));
  if (pending === null) throw new HubError('NOT_FOUND', GONE_MESSAGE);
  const { consent, expiresAt } = pending;
  const connected = await connectedCloudIds(
    deps,
    principal.workspaceId,
    consent.sites.map((s) => s.cloudId),
  );
  return {
    id: pendingId,
    expiresAt,
    account: { name: consent.account.name, email: consent.account.email },
    sites: consent.sites.map(({ cloudId, name, url }) => ({
      cloudId,
      name,
      url,
      alreadyConnected: connected.has(cloudId),
    })),
  };
}

/**
 * Connects the chosen site of the caller's pending consent and consumes it (single-use: a replay, or a second
 * concurrent call, finds nothing). See SITES_PER_CONSENT for why exactly one site.
 */
export async function completeSiteChoice(
  deps: OAuthRouteDeps,
  principal: UserPrincipal,
  pendingId: string,
  cloudIds: string[],
): Promise<{ connectionIds: string[] }> {
  requireAdmin(principal);
  const chosen = [...new Set(cloudIds)];
  if (chosen.length === 0) throw new HubError('BAD_REQUEST', 'Choose the site to connect.');
  if (chosen.length > SITES_PER_CONSENT) {
    throw new HubError(
      'BAD_REQUEST',
      'Choose one site. Each site needs its own Atlassian consent: after this one, choose Connect again for the next site.',
    );
  }
  const now = nowDate(deps);
  const pending = await readPending(deps.db, deps.cipher, principal, pendingId, now);
  if (pending === null) throw new HubError('NOT_FOUND', GONE_MESSAGE);
  const unknown = chosen.filter((id) => !pending.consent.sites.some((site) => site.cloudId === id));
  if (unknown.length > 0) {
    throw new HubError(
      'BAD_REQUEST',
      'That site is not one this Atlassian consent reaches. Choose a listed site.',
      {
        details: { cloudIds: unknown },
      },
    );
  }
  // Validated first, so a wrong pick leaves the choice open; consumed atomically, so it is used once.
  const consent = await takePending(deps.db, deps.cipher, principal, pendingId, now);
  if (consent === null) throw new HubError('NOT_FOUND', GONE_MESSAGE);
  const owner = { workspaceId: principal.workspaceId, userId: principal.id };
  const connectionIds: string[] = [];
  for (const site of consent.sites.filter((s) => chosen.includes(s.cloudId))) {
    connectionIds.push(await saveSite(deps, owner, consent, site));
  }
  return { connectionIds };
}

function requireAdmin(principal: UserPrincipal): void {
  if (principal.role !== 'admin') throw new HubError('FORBIDDEN', FORBIDDEN_MESSAGE);
}

async function connectedCloudIds(
  deps: OAuthRouteDeps,
  workspaceId: string,
  cloudIds: string[],
): Promise<Set<string>> {
  if (cloudIds.length === 0) return new Set();
  const rows = await deps.db
    .select({ cloudId: confluenceConnections.cloudId })
    .from(confluenceConnections)
    .where(
      and(
        eq(confluenceConnections.workspaceId, workspaceId),
        inArray(confluenceConnections.cloudId, cloudIds),
        ne(confluenceConnections.status, 'disconnected'),
      ),
    );
  return new Set(rows.map((row) => row.cloudId));
}
