import type { OAuthConfig } from './config.js';
import { CONFLUENCE_SCOPES } from './scopes.js';

export interface AuthorizeUrlParams {
  redirectUri: string;
  /** An unguessable single-use nonce bound to the user's session; check it on the callback. */
  state: string;
  scopes?: readonly string[];
}

/** The consent page URL to redirect the browser to (`audience=api.atlassian.com`, `prompt=consent`). */
export function buildAuthorizeUrl(
  cfg: Pick<OAuthConfig, 'clientId' | 'authBaseUrl'>,
  p: AuthorizeUrlParams,
): string {
  if (p.state.trim() === '') throw new TypeError('buildAuthorizeUrl: state must be a non-empty random nonce');
  const base = (cfg.authBaseUrl ?? 'https://auth.atlassian.com').replace(/\/+$/, '');
  const params: [string, string][] = [
    ['audience', 'api.atlassian.com'],
    ['client_id', cfg.clientId],
    ['scope', (p.scopes ?? CONFLUENCE_SCOPES).join(' ')],
    ['redirect_uri', p.redirectUri],
    ['state', p.state],
    ['response_type', 'code'],
    ['prompt', 'consent'],
  ];
  // %20 (not +) between scopes, as Atlassian's documentation writes it.
  return `${base}/authorize?${params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`;
}
