import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

import type { Keyring } from './keyring.js';

/** The encrypted columns. The field name is bound into each ciphertext, so values cannot swap columns. */
export type TokenField = 'access_token' | 'refresh_token' | 'pending_connection';

/** Where a ciphertext belongs: the row's id and the column. Both are authenticated, neither is secret. */
export interface TokenContext {
  rowId: string;
  field: TokenField;
}

export type TokenDecryptFailure = 'MALFORMED' | 'UNKNOWN_KEY' | 'AUTHENTICATION_FAILED';

/** Says which row, field and key id failed, and why; never any part of the ciphertext or plaintext. */
export class TokenDecryptError extends Error {
  readonly kind = 'TOKEN_DECRYPT_FAILED' as const;
  readonly reason: TokenDecryptFailure;

  constructor(reason: TokenDecryptFailure, context: TokenContext, detail: string) {
    super(`Cannot decrypt ${context.field} of ${context.rowId}: ${detail}`);
    this.name = 'TokenDecryptError';
    this.reason = reason;
  }
}

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM for stored OAuth tokens. Envelope: `v1.<kid>.<iv b64url>.<ciphertext+tag b64url>`.
 * A fresh 96-bit IV per value (GCM's nonce must never repeat under one key; random 96-bit nonces stay safe far
 * beyond the number of token writes this system will make). Associated data = envelope header + field + row id.
 */
export class TokenCipher {
  readonly #keyring: Keyring;

  constructor(keyring: Keyring) {
    this.#keyring = keyring;
  }

  get activeKid(): string {
    return this.#keyring.activeKid;
  }

  encrypt(plaintext: string, context: TokenContext): string {
    const kid = this.#keyring.activeKid;
    const key = this.#keyring.keys.get(kid);
    if (key === undefined) throw new Error(`active key "${kid}" missing from keyring`);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(associatedData(kid, context));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return [VERSION, kid, iv.toString('base64url'), body.toString('base64url')].join('.');
  }

  decrypt(envelope: string, context: TokenContext): string {
    const { kid, iv, body } = parseEnvelope(envelope, context);
    const key = this.#keyring.keys.get(kid);
    if (key === undefined) {
      throw new TokenDecryptError(
        'UNKNOWN_KEY',
        context,
        `key id "${kid}" is not in TOKEN_ENCRYPTION_KEYS (keep retired keys as decrypt-only entries until rotate-keys has run)`,
      );
    }
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(associatedData(kid, context));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    try {
      return Buffer.concat([
        decipher.update(body.subarray(0, body.length - TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new TokenDecryptError(
        'AUTHENTICATION_FAILED',
        context,
        `authentication failed under key id "${kid}" (the value was altered, belongs to another row or field, or the key is wrong)`,
      );
    }
  }

  /** True when the envelope is not under the active key, i.e. rotate-keys still has work on it. */
  needsRotation(envelope: string): boolean {
    return envelopeKid(envelope) !== this.#keyring.activeKid;
  }
}

/** The key id of an envelope, or undefined when it is not a v1 envelope. */
export function envelopeKid(envelope: string): string | undefined {
  const parts = envelope.split('.');
  return parts.length === 4 && parts[0] === VERSION ? parts[1] : undefined;
}

function associatedData(kid: string, context: TokenContext): Buffer {
  // Unambiguous: kid and field cannot contain a newline, and the row id comes last.
  return Buffer.from(`${VERSION}.${kid}\n${context.field}\n${context.rowId}`, 'utf8');
}

function parseEnvelope(envelope: string, context: TokenContext): { kid: string; iv: Buffer; body: Buffer } {
  const [version, kid, ivText, bodyText, ...rest] = envelope.split('.');
  if (
    version !== VERSION ||
    kid === undefined ||
    ivText === undefined ||
    bodyText === undefined ||
    rest.length > 0
  ) {
    throw new TokenDecryptError('MALFORMED', context, 'not a v1 token envelope');
  }
  const iv = Buffer.from(ivText, 'base64url');
  const body = Buffer.from(bodyText, 'base64url');
  if (iv.length !== IV_BYTES || body.length < TAG_BYTES) {
    throw new TokenDecryptError('MALFORMED', context, 'truncated token envelope');
  }
  return { kid, iv, body };
}
