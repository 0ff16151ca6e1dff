import { saveConnection } from '../connections/store.js';
import type { OAuthRouteDeps } from './deps.js';
import type { Consent, ConsentSite } from './consent.js';

/**
 * Stores one site of a consent as a connection (tokens encrypted; reconnecting a site the workspace already has
 * keeps its id) and makes the vault drop whatever it cached for that id.
 */
export async function saveSite(
  deps: OAuthRouteDeps,
  owner: { workspaceId: string; userId: string },
  consent: Consent,
  site: ConsentSite,
): Promise<string> {
  const { tokens, account } = consent;
  const connectionId = await saveConnection(deps.db, deps.cipher, {
    workspaceId: owner.workspaceId,
    cloudId: site.cloudId,
    siteName: site.name,
    siteUrl: site.url,
    accountId: account.accountId,
    accountName: account.name,
    accountEmail: account.email,
    scopes: tokens.scopes,
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    accessTokenExpiresAt: tokens.expiresAt,
    createdBy: owner.userId,
  });
  deps.vault.forget(connectionId);
  deps.logger.info(
    { workspaceId: owner.workspaceId, userId: owner.userId, connectionId, cloudId: site.cloudId },
    'Confluence site connected',
  );
  return connectionId;
}
