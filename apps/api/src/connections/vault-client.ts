import { ConfluenceClient, type RateLimitListener } from '@hub/confluence';

import type { ResolvedConnection } from './resolve-connection.js';

export interface TokenSource {
  getAccessToken(connectionId: string): Promise<string>;
  forceRefresh(connectionId: string, rejectedToken: string): Promise<string>;
}

/**
 * A ConfluenceClient whose tokens come from the vault, on the package's default transport (one keep-alive pool
 * per process). A 401 forces a refresh of the token this client last handed out; with concurrent calls that may
 * be a newer token than the rejected one, which costs at most one extra refresh, never a wrong answer.
 */
export function createVaultClient(
  vault: TokenSource,
  connection: ResolvedConnection,
  apiBaseUrl: string | undefined,
  /** True when the token held for this connection has passed its stored expiry. */
  tokenExpired: () => boolean,
  /** Per request; default the client's (30 s). */
  timeoutMs?: number,
  /** Every answer's rate-limit headers (the site's shared budget, rate-budget.ts). */
  onRateLimit?: RateLimitListener,
  /** The largest attachment a tool downloads or uploads (ATTACHMENT_MAX_BYTES); default the client's. */
  attachmentMaxBytes?: number,
): ConfluenceClient {
  const id = connection.id;
  let lastToken: string | undefined;
  const remember = (token: string): string => (lastToken = token);
  return new ConfluenceClient({
    cloudId: connection.cloudId,
    siteUrl: connection.siteUrl,
    ...(apiBaseUrl === undefined ? {} : { apiBaseUrl }),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...(onRateLimit === undefined ? {} : { onRateLimit }),
    ...(attachmentMaxBytes === undefined ? {} : { attachmentMaxBytes }),
    getAccessToken: async () => remember(await vault.getAccessToken(id)),
    refreshAccessToken: async () =>
      remember(
        await (lastToken === undefined ? vault.getAccessToken(id) : vault.forceRefresh(id, lastToken)),
      ),
    tokenMayBeStale: tokenExpired,
  });
}
