import { CONFLUENCE_SCOPES, redactUpstreamText } from '@hub/confluence';
import { and, eq, ne } from 'drizzle-orm';

import { DEFAULT_BUDGET_RULE, type BudgetRule } from '../connections/rate-budget-rule.js';
import { readBudgets } from '../connections/rate-budget-store.js';
import { toRateBudgetView, type RateBudgetView } from '../connections/rate-budget-view.js';
import { listConnections, type ConnectionSummary } from '../connections/store.js';
import type { Db } from '../db/client.js';
import { confluenceConnections } from '../db/schema/index.js';
import { HubError } from '../errors.js';
import { toConnectionPolicy, type ConnectionPolicy } from '../policy/policy.js';

/** A connection as the panel and services see it: health and identity, never a token field. */
export interface ConnectionView {
  id: string;
  site: { cloudId: string; name: string; url: string };
  account: { id: string; name: string | null; email: string | null };
  scopes: string[];
  /** Scopes the tools need that this connection was not granted: reconnecting asks for them again. */
  missingScopes: string[];
  status: 'active' | 'needs_reauth' | 'disconnected';
  accessTokenExpiresAt: string | null;
  /** When the Hub last refreshed the tokens itself; null until its first refresh after the consent. */
  lastRefreshedAt: string | null;
  /** When an admin's consent (connect or reconnect) last stored the tokens. */
  consentedAt: string | null;
  lastError: string | null;
  isDefault: boolean;
  /** What tools may do through it and in which spaces (null: every space the account can see). */
  policy: ConnectionPolicy;
  /** The site's Confluence rate-limit budget as last seen by any API process; null before the first call. */
  rateBudget: RateBudgetView | null;
  createdAt: string;
}

/** How rate budgets are shown: the vault's rule, at this time. */
export interface BudgetViewing {
  rule: BudgetRule;
  now: number;
}

const defaultViewing = (): BudgetViewing => ({ rule: DEFAULT_BUDGET_RULE, now: Date.now() });

const iso = (date: Date | null): string | null => (date === null ? null : date.toISOString());

export function toConnectionView(
  row: ConnectionSummary,
  budget: RateBudgetView | null = null,
): ConnectionView {
  return {
    id: row.id,
    site: { cloudId: row.cloudId, name: row.siteName, url: row.siteUrl },
    account: { id: row.accountId, name: row.accountName, email: row.accountEmail },
    scopes: row.scopes,
    missingScopes:
      row.status === 'disconnected' ? [] : CONFLUENCE_SCOPES.filter((s) => !row.scopes.includes(s)),
    status: row.status,
    accessTokenExpiresAt: iso(row.accessTokenExpiresAt),
    lastRefreshedAt: refreshedSinceConsent(row.lastRefreshedAt, row.consentedAt),
    consentedAt: iso(row.consentedAt),
    // Rows written before upstream text was sanitised may still hold it raw.
    lastError: row.lastError === null ? null : redactUpstreamText(row.lastError).slice(0, 300),
    isDefault: row.isDefault,
    policy: toConnectionPolicy(row),
    rateBudget: budget,
    createdAt: row.createdAt.toISOString(),
  };
}

/** A consent stamps lastRefreshedAt too (the token lifetime is measured from it): that is not a refresh. */
function refreshedSinceConsent(refreshed: Date | null, consented: Date | null): string | null {
  if (refreshed === null || (consented !== null && refreshed.getTime() <= consented.getTime())) return null;
  return refreshed.toISOString();
}

export async function listConnectionViews(
  db: Db,
  workspaceId: string,
  viewing: BudgetViewing = defaultViewing(),
): Promise<ConnectionView[]> {
  return withBudgets(db, await listConnections(db, workspaceId), viewing);
}

/** One more read for all of them: the budget rows of the connections' sites. */
async function withBudgets(
  db: Db,
  rows: ConnectionSummary[],
  { rule, now }: BudgetViewing,
): Promise<ConnectionView[]> {
  const budgets = await readBudgets(db, [...new Set(rows.map((r) => r.cloudId))]);
  return rows.map((row) => {
    const budget = budgets.get(row.cloudId);
    return toConnectionView(row, budget === undefined ? null : toRateBudgetView(budget, now, rule));
  });
}

/** One connection of the workspace; NOT_FOUND for another workspace's, exactly as for one that does not exist. */
export async function getConnectionView(
  db: Db,
  workspaceId: string,
  connectionId: string,
  viewing: BudgetViewing = defaultViewing(),
): Promise<ConnectionView> {
  const found = (await listConnections(db, workspaceId)).find((c) => c.id === connectionId);
  if (found === undefined) throw new HubError('NOT_FOUND', 'Confluence connection not found');
  const [view] = await withBudgets(db, [found], viewing);
  if (view === undefined) throw new HubError('NOT_FOUND', 'Confluence connection not found');
  return view;
}

/**
 * Makes a connection the one tools use when no connectionId is given. The old default is cleared first in the
 * same transaction (a partial unique index allows one default per workspace).
 */
export async function setDefaultConnection(db: Db, workspaceId: string, connectionId: string): Promise<void> {
  await db.transaction(async (tx) => {
    // Locking every connection of the workspace serializes concurrent setDefault calls, which could otherwise
    // both clear "the" old default and then collide on the one-default index.
    const rows = await tx
      .select({ id: confluenceConnections.id, status: confluenceConnections.status })
      .from(confluenceConnections)
      .where(eq(confluenceConnections.workspaceId, workspaceId))
      .for('update');
    const target = rows.find((row) => row.id === connectionId);
    if (target === undefined) throw new HubError('NOT_FOUND', 'Confluence connection not found');
    if (target.status === 'disconnected') {
      throw new HubError(
        'BAD_REQUEST',
        'A disconnected connection cannot be the default: reconnect it first',
      );
    }
    await tx
      .update(confluenceConnections)
      .set({ isDefault: false })
      .where(
        and(
          eq(confluenceConnections.workspaceId, workspaceId),
          eq(confluenceConnections.isDefault, true),
          ne(confluenceConnections.id, connectionId),
        ),
      );
    await tx
      .update(confluenceConnections)
      .set({ isDefault: true })
      .where(eq(confluenceConnections.id, connectionId));
  });
}
