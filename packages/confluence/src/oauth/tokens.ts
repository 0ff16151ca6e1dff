import { z } from 'zod';
import { NetworkError, TimeoutError, UpstreamError } from '../errors.js';
import { parseErrorBody } from '../client/error-body.js';
import { parseRetryAfter } from '../client/retry.js';
import { type OAuthConfig, resolveOAuthConfig } from './config.js';
import { parseScopes } from './scopes.js';
import { type Grant, mapTokenError } from './token-errors.js';

export interface TokenSet {
  accessToken: string;
  /** Absent only when `offline_access` was not granted. Rotates on every refresh: always persist the new one. */
  refreshToken?: string;
  /** Absolute expiry, from `expires_in` and the config's clock. */
  expiresAt: Date;
  scopes: string[];
  tokenType: string;
}

const tokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).nullish(),
  expires_in: z.coerce.number().positive(),
  scope: z.string().nullish(),
  token_type: z.string().nullish(),
});

/** `POST {auth}/oauth/token` with the JSON body Atlassian documents (not a form body). */
async function requestToken(
  cfg: OAuthConfig,
  grant: Grant,
  fields: Record<string, string>,
): Promise<TokenSet> {
  const c = resolveOAuthConfig(cfg);
  const secrets = [c.clientSecret, ...Object.values(fields)];
  const timer = new AbortController();
  const timeout = setTimeout(() => timer.abort(), c.timeoutMs);
  const details = { method: 'POST', path: '/oauth/token' };
  let status: number;
  let text: string;
  let retryAfter: string | null;
  try {
    const res = await c.transport({
      method: 'POST',
      url: `${c.authBaseUrl}/oauth/token`,
      headers: { 'content-type': 'application/json', accept: 'application/json', 'user-agent': c.userAgent },
      body: JSON.stringify({
        grant_type: grant,
        client_id: c.clientId,
        client_secret: c.clientSecret,
        ...fields,
      }),
      signal: timer.signal,
    });
    status = res.status;
    retryAfter = res.headers.get('retry-after');
    text = await res.text();
  } catch (error) {
    // A refresh that was sent but not answered may have rotated the token: the old one stays valid for the
    // ~10 minute reuse leeway, so one prompt retry with it is safe.
    if (timer.signal.aborted) {
      throw new TimeoutError(
        `Atlassian's token endpoint did not answer within ${c.timeoutMs} ms. Retry shortly.`,
        {
          details,
        },
      );
    }
    throw new NetworkError("Could not reach Atlassian's token endpoint. Retry shortly.", {
      details,
      cause: error,
    });
  } finally {
    clearTimeout(timeout);
  }

  if (status < 200 || status >= 300) {
    throw mapTokenError(status, parseErrorBody(text), grant, secrets, parseRetryAfter(retryAfter));
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = tokenResponseSchema.safeParse(json);
  if (!parsed.success) {
    const fieldsMissing = parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', ');
    throw new UpstreamError(
      `Atlassian's token endpoint answered without a usable token (check: ${fieldsMissing}).`,
      {
        status,
        details,
      },
    );
  }
  const t = parsed.data;
  const set: TokenSet = {
    accessToken: t.access_token,
    expiresAt: new Date(c.now() + t.expires_in * 1000),
    scopes: parseScopes(t.scope),
    tokenType: t.token_type ?? 'Bearer',
  };
  if (typeof t.refresh_token === 'string') set.refreshToken = t.refresh_token;
  return set;
}

/** Trades the callback's `code` for tokens. `redirectUri` must equal the one sent to the authorize page. */
export function exchangeCode(cfg: OAuthConfig, p: { code: string; redirectUri: string }): Promise<TokenSet> {
  return requestToken(cfg, 'authorization_code', { code: p.code, redirect_uri: p.redirectUri });
}

/**
 * Refreshes an access token. Atlassian rotates refresh tokens: persist the returned `refreshToken` before using
 * the access token, and never run two refreshes of one connection at once. If a response carries no refresh
 * token, the one passed in is kept.
 */
export async function refreshTokens(cfg: OAuthConfig, refreshToken: string): Promise<TokenSet> {
  const set = await requestToken(cfg, 'refresh_token', { refresh_token: refreshToken });
  return set.refreshToken === undefined ? { ...set, refreshToken } : set;
}
