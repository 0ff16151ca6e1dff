import { hkdfSync } from 'node:crypto';

import type { Keyring } from '../connections/keyring.js';

/**
 * The secret better-auth signs session cookies with. AUTH_SECRET when set; otherwise derived from the active
 * token key with HKDF, so a deployment needs one secret, not two. A derived value is one-way and domain-separated:
 * it reveals nothing about the token key. Consequence to know: switching the active token key without AUTH_SECRET
 * set signs everyone out once.
 */
export function resolveAuthSecret(authSecret: string | undefined, keyring: Keyring): string {
  if (authSecret !== undefined) return authSecret;
  const key = keyring.keys.get(keyring.activeKid);
  if (key === undefined) throw new Error(`active key "${keyring.activeKid}" missing from keyring`);
  return Buffer.from(hkdfSync('sha256', key, 'hub-api', 'better-auth session secret v1', 32)).toString(
    'base64url',
  );
}
