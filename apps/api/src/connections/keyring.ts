import { randomBytes } from 'node:crypto';

import { ConfigError } from '../config-error.js';

export const KEYS_VARIABLE = 'TOKEN_ENCRYPTION_KEYS';
export const KEY_BYTES = 32;

/** The first key encrypts; every key decrypts, so old rows stay readable until `rotate-keys` has run. */
export interface Keyring {
  readonly activeKid: string;
  readonly keys: ReadonlyMap<string, Buffer>;
}

// A key id lands in the stored envelope `v1.<kid>.<iv>.<ct>`, so it must not contain the separator.
const KID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
// Standard or URL-safe alphabet. Buffer.from(…, 'base64') silently skips junk characters, so check first.
const BASE64_PATTERN = /^[A-Za-z0-9+/_-]+={0,2}$/;

const GENERATE_HINT =
  "generate a key with: node -e \"console.log(require('node:crypto').randomBytes(32).toString('base64'))\"";

/**
 * Parses `kid:base64key[,kid:base64key…]`. A key that does not decode to exactly 32 bytes is refused: padding
 * or truncating a passphrase (what an earlier implementation did) silently weakens the cipher.
 * Error messages name the entry by position and key id, never by its key material.
 */
export function parseKeyring(raw: string): Keyring {
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) {
    throw new ConfigError(
      KEYS_VARIABLE,
      `is empty; expected "kid:base64key[,kid:base64key…]" (${GENERATE_HINT})`,
    );
  }
  const keys = new Map<string, Buffer>();
  entries.forEach((entry, index) => {
    const where = `entry ${index + 1}`;
    const colon = entry.indexOf(':');
    if (colon <= 0) {
      throw new ConfigError(KEYS_VARIABLE, `${where} is not of the form "kid:base64key"`);
    }
    const kid = entry.slice(0, colon);
    const encoded = entry.slice(colon + 1);
    if (!KID_PATTERN.test(kid)) {
      throw new ConfigError(KEYS_VARIABLE, `${where}: key id must be 1-32 characters of A-Z a-z 0-9 _ -`);
    }
    if (keys.has(kid)) {
      throw new ConfigError(KEYS_VARIABLE, `${where}: key id "${kid}" appears twice`);
    }
    if (!BASE64_PATTERN.test(encoded)) {
      throw new ConfigError(
        KEYS_VARIABLE,
        `${where} (key id "${kid}") is not valid base64 (${GENERATE_HINT})`,
      );
    }
    const key = Buffer.from(encoded.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (key.length !== KEY_BYTES) {
      throw new ConfigError(
        KEYS_VARIABLE,
        `${where} (key id "${kid}") decodes to ${key.length} bytes; AES-256 needs exactly ${KEY_BYTES} (${GENERATE_HINT})`,
      );
    }
    keys.set(kid, key);
  });
  const activeKid = [...keys.keys()][0];
  if (activeKid === undefined) throw new Error('unreachable: keyring without entries');
  return { activeKid, keys };
}

/** One `kid:base64key` entry, the format TOKEN_ENCRYPTION_KEYS and the demo key file share. */
export function formatKeyringEntry(kid: string, key: Buffer): string {
  return `${kid}:${key.toString('base64')}`;
}

export function generateKeyringEntry(kid: string): string {
  return formatKeyringEntry(kid, randomBytes(KEY_BYTES));
}
