import {
  exchangeCode,
  getAccessibleResources,
  getMe,
  isConfluenceError,
  type AtlassianSite,
  type TokenSet,
} from '@hub/confluence';

import { callbackUrl, type OAuthRouteDeps } from './deps.js';
import { ConnectFailure } from './outcome.js';

export interface ConsentSite {
  cloudId: string;
  name: string;
  url: string;
}

/** What one Atlassian consent yields: one token set (per account, valid for every granted site), who, and where. */
export interface Consent {
  tokens: { accessToken: string; refreshToken: string; expiresAt: Date; scopes: string[] };
  account: { accountId: string; name: string | null; email: string | null };
  /** Confluence sites the token reaches, sorted by name (Atlassian's order means nothing). */
  sites: ConsentSite[];
}

/**
 * accessible-resources lists every site the consent reaches, Jira-only ones included when an app also asks for
 * Jira scopes; a site is a Confluence site for us when Confluence scopes were granted on it.
 */
export const isConfluenceSite = (site: AtlassianSite): boolean =>
  site.scopes.some((scope) => scope.endsWith(':confluence'));

/** Trades the callback's code for tokens and reads the sites and the account. Failures are ConnectFailures. */
export async function redeemCode(deps: OAuthRouteDeps, code: string): Promise<Consent> {
  let tokens: TokenSet;
  try {
    tokens = await exchangeCode(deps.oauth, { code, redirectUri: callbackUrl(deps) });
  } catch (error) {
    throw exchangeFailure(deps, error);
  }
  const { refreshToken } = tokens;
  if (refreshToken === undefined) {
    throw new ConnectFailure(
      'exchange_failed',
      'Atlassian granted no refresh token, so the connection would stop working within an hour. The app must request the offline_access scope; connect again.',
      'no refresh token (offline_access not granted)',
    );
  }
  try {
    const [sites, me] = await Promise.all([
      getAccessibleResources(deps.oauth, tokens.accessToken),
      getMe(deps.oauth, tokens.accessToken),
    ]);
    return {
      tokens: {
        accessToken: tokens.accessToken,
        refreshToken,
        expiresAt: tokens.expiresAt,
        scopes: tokens.scopes,
      },
      account: { accountId: me.accountId, name: me.name, email: me.email ?? null },
      sites: sites
        .filter(isConfluenceSite)
        .map(({ cloudId, name, url }) => ({ cloudId, name, url }))
        .sort((a, b) => a.name.localeCompare(b.name) || a.cloudId.localeCompare(b.cloudId)),
    };
  } catch (error) {
    throw new ConnectFailure(
      'exchange_failed',
      'Atlassian accepted the consent, but reading your sites and account failed. Try connecting again in a minute; the app needs the read:me scope.',
      `sites or account lookup failed: ${describeUpstream(error)}`,
    );
  }
}

/** Says what the admin (or operator) should check, from the kind of failure; never repeats Atlassian's text. */
function exchangeFailure(deps: OAuthRouteDeps, error: unknown): ConnectFailure {
  const reason = `code exchange failed: ${describeUpstream(error)}`;
  const callback = callbackUrl(deps);
  if (!isConfluenceError(error)) {
    return new ConnectFailure(
      'exchange_failed',
      'Exchanging the Atlassian authorization code failed.',
      reason,
    );
  }
  switch (error.kind) {
    case 'OAUTH_ERROR':
      return new ConnectFailure(
        'exchange_failed',
        error.status === 401
          ? "Atlassian rejected this app's credentials. An operator should check ATLASSIAN_CLIENT_ID and ATLASSIAN_CLIENT_SECRET against the app in the Atlassian developer console."
          : `Atlassian refused the authorization code. An operator should check that the app's callback URL in the Atlassian developer console is exactly ${callback} and that ATLASSIAN_CLIENT_ID belongs to that app.`,
        reason,
      );
    case 'REAUTH_REQUIRED':
      return new ConnectFailure(
        'exchange_failed',
        `Atlassian rejected the authorization code: it expired or was already used. Connect again; if this keeps happening, check that the app's callback URL is exactly ${callback}.`,
        reason,
      );
    case 'NETWORK':
    case 'TIMEOUT':
    case 'UPSTREAM_UNAVAILABLE':
    case 'RATE_LIMITED':
      return new ConnectFailure(
        'exchange_failed',
        'Atlassian could not be reached to finish the connection. Try again in a minute; if it persists, check ATLASSIAN_AUTH_URL and the network.',
        reason,
      );
    default:
      return new ConnectFailure(
        'exchange_failed',
        `Atlassian's answer to the code exchange was not usable. Check the app's settings (client id, callback URL ${callback}) and connect again.`,
        reason,
      );
  }
}

/** Kind, status and OAuth error code only: upstream text can quote what was sent. */
function describeUpstream(error: unknown): string {
  if (!isConfluenceError(error)) return error instanceof Error ? error.name : 'unknown error';
  const oauthError = error.details?.oauthError;
  return [
    error.kind,
    error.status,
    oauthError !== undefined && /^[a-z_]{1,64}$/.test(oauthError) ? oauthError : '',
  ]
    .filter((part) => part !== undefined && part !== '')
    .join(' ');
}
