import { z } from 'zod';
import type { Ctx } from '../app.js';
import type { Reply } from '../http/reply.js';
import { json } from '../http/reply.js';

const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

const clientFields = { client_id: z.string(), client_secret: z.string() };
const tokenRequest = z.discriminatedUnion('grant_type', [
  z.object({
    grant_type: z.literal('authorization_code'),
    code: z.string(),
    redirect_uri: z.string(),
    ...clientFields,
  }),
  z.object({ grant_type: z.literal('refresh_token'), refresh_token: z.string(), ...clientFields }),
]);

function oauthError(status: number, error: string, description: string): Reply {
  return json(status, { error, error_description: description }, NO_STORE);
}

/**
 * `POST /oauth/token`: JSON only, as Atlassian documents it. A form-encoded body (what generic RFC 6749 clients
 * send) is refused, so a client that would not work against Atlassian's documented API does not pass here either.
 */
export function postToken(ctx: Ctx): Reply {
  const reply = exchange(ctx);
  const counters = ctx.state.tokenCounters;
  if (reply.status !== 200) counters.failed++;
  return reply;
}

function exchange(ctx: Ctx): Reply {
  if ((ctx.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')) {
    return oauthError(
      400,
      'invalid_request',
      'Send the token request as JSON (Content-Type: application/json), as Atlassian documents it.',
    );
  }
  const input = readInput(ctx);
  if (input === null) return oauthError(400, 'invalid_request', 'The request body could not be parsed.');
  const grantType = input.grant_type;
  if (grantType !== 'authorization_code' && grantType !== 'refresh_token') {
    return typeof grantType === 'string'
      ? oauthError(400, 'unsupported_grant_type', `Unsupported grant type: ${grantType}`)
      : oauthError(400, 'invalid_request', 'Missing grant_type.');
  }
  const parsed = tokenRequest.safeParse(input);
  if (!parsed.success) {
    const missing = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
    return oauthError(400, 'invalid_request', `Missing or invalid parameter: ${missing}`);
  }
  const body = parsed.data;
  const client = ctx.app.options.clients.find((c) => c.clientId === body.client_id);
  if (client?.clientSecret !== body.client_secret) return oauthError(401, 'access_denied', 'Unauthorized');
  const { auth, clock, tokenCounters } = ctx.state;
  const now = clock.now();
  if (body.grant_type === 'authorization_code') {
    const code = auth.takeCode(body.code, body.client_id, body.redirect_uri, now);
    if (code === null) return oauthError(403, 'invalid_grant', 'Invalid authorization code');
    tokenCounters.authorization_code++;
    return json(200, auth.issueTokens(code, now), NO_STORE);
  }
  const outcome = auth.rotate(body.refresh_token, body.client_id, now);
  if (!outcome.ok) return oauthError(403, 'invalid_grant', 'Unknown or invalid refresh token.');
  tokenCounters.refresh_token++;
  return json(200, outcome.tokens, NO_STORE);
}

function readInput(ctx: Ctx): Record<string, unknown> | null {
  const text = ctx.body.bytes?.toString('utf8') ?? '';
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
