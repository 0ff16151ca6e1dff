import type { OAuthConfig } from '@hub/confluence';

import type { AuthService } from '../auth/service.js';
import type { TokenCipher } from '../connections/token-cipher.js';
import type { ConnectionVault } from '../connections/vault.js';
import type { Db } from '../db/client.js';
import type { Logger } from '../logger.js';

/**
 * What the OAuth routes need of the connections vault: after a (re)connect replaced a connection's tokens, the
 * vault must drop any access token it cached for it. A ConnectionVault is one; tests pass a recorder.
 */
export type TokenCacheInvalidator = Pick<ConnectionVault, 'forget'>;

export interface OAuthRouteDeps {
  db: Db;
  cipher: TokenCipher;
  logger: Logger;
  auth: Pick<AuthService, 'resolveSession'>;
  vault: TokenCacheInvalidator;
  oauth: OAuthConfig;
  /** The origin browsers use (PUBLIC_URL); the callback is `publicUrl + CALLBACK_PATH`. */
  publicUrl: string;
  /** Clock for state and pending-choice expiry, in ms since the epoch. Default `Date.now`. */
  now?: () => number;
}

export const START_PATH = '/oauth/confluence/start';
export const CALLBACK_PATH = '/oauth/confluence/callback';

/** How long a consent may take, and then how long a site choice may wait. */
export const STATE_TTL_MS = 10 * 60_000;
export const PENDING_TTL_MS = 10 * 60_000;

export const callbackUrl = (deps: Pick<OAuthRouteDeps, 'publicUrl'>): string =>
  `${deps.publicUrl.replace(/\/+$/, '')}${CALLBACK_PATH}`;

export const nowDate = (deps: Pick<OAuthRouteDeps, 'now'>): Date => new Date((deps.now ?? Date.now)());
