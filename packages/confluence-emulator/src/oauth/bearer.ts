import type { IncomingHttpHeaders } from 'node:http';
import type { State } from '../app.js';
import type { AccessToken } from './auth-store.js';

export function bearerToken(headers: IncomingHttpHeaders): string | null {
  const header = headers.authorization;
  if (header === undefined) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

/** The caller's live access token, or null (missing, unknown or expired: the gateway answers all alike). */
export function authenticate(state: State, headers: IncomingHttpHeaders): AccessToken | null {
  const token = bearerToken(headers);
  return token === null ? null : state.auth.lookupAccess(token, state.clock.now());
}

/** A token satisfies an endpoint when it holds any one of the scopes the endpoint accepts. */
export function hasAnyScope(token: AccessToken, accepted: readonly string[]): boolean {
  return accepted.length === 0 || accepted.some((s) => token.scopes.includes(s));
}
