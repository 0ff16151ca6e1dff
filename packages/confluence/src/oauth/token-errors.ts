import {
  type ConfluenceError,
  type ConfluenceErrorDetails,
  OAuthError,
  RateLimitedError,
  ReauthRequiredError,
  UpstreamError,
  UpstreamUnavailableError,
} from '../errors.js';
import type { ParsedErrorBody } from '../client/error-body.js';
import { redactUpstreamText, truncate } from '../client/redact.js';

export type Grant = 'authorization_code' | 'refresh_token';

/** Maps a failed `POST /oauth/token` to a typed error that says who has to act: the user, the operator, or nobody yet. */
export function mapTokenError(
  status: number,
  body: ParsedErrorBody,
  grant: Grant,
  secrets: readonly string[],
  retryAfterMs?: number,
): ConfluenceError {
  const description =
    body.message === undefined ? undefined : truncate(redactUpstreamText(body.message, secrets));
  const details: ConfluenceErrorDetails = { method: 'POST', path: '/oauth/token' };
  if (body.oauthError !== undefined) details.oauthError = body.oauthError;
  if (description !== undefined) details.upstreamMessage = description;
  const init = { status, details };
  const said = `${body.oauthError ?? `HTTP ${status}`}${description === undefined || description === body.oauthError ? '' : `: ${description}`}`;

  if (
    (body.oauthError === 'invalid_grant' && (status === 400 || status === 403)) ||
    (body.oauthError === 'unauthorized_client' && status === 403)
  ) {
    return new ReauthRequiredError(
      grant === 'refresh_token'
        ? `Atlassian no longer accepts this connection's refresh token (${said}). The user must connect Confluence again (OAuth consent); retrying will not help.`
        : `Atlassian rejected the authorization code (${said}): it is invalid, expired or already used. Start the Confluence connection again.`,
      init,
    );
  }
  if (status === 401) {
    return new OAuthError(
      `Atlassian rejected this app's client credentials (${said}). This is a configuration problem, not the user's: check the OAuth app's client id and client secret.`,
      init,
    );
  }
  if (status === 429) {
    return new RateLimitedError(
      `Atlassian's token endpoint is rate-limiting this app (${said}). Retry later.`,
      retryAfterMs === undefined ? init : { ...init, retryAfterMs },
    );
  }
  if (status >= 500) {
    const message = `Atlassian's token endpoint failed (${said}). Retry shortly; the refresh token is still valid.`;
    return status === 502 || status === 503 || status === 504
      ? new UpstreamUnavailableError(message, retryAfterMs === undefined ? init : { ...init, retryAfterMs })
      : new UpstreamError(message, { ...init, retryable: true });
  }
  return new OAuthError(
    `Atlassian refused the token request (${said}). Check the redirect URI and the app's settings in the Atlassian developer console.`,
    init,
  );
}
