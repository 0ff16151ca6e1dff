import { describe, expect, it } from 'vitest';

import { testKeyring } from '../test-support/fixtures.js';
import { envelopeKid, TokenCipher, TokenDecryptError, type TokenContext } from './token-cipher.js';

const token = 'eyJhbGciOi.access-token-value.signature';
const access: TokenContext = { rowId: 'conn-1', field: 'access_token' };

function decryptFailure(cipher: TokenCipher, envelope: string, context: TokenContext): TokenDecryptError {
  try {
    cipher.decrypt(envelope, context);
  } catch (error) {
    if (error instanceof TokenDecryptError) return error;
    throw error;
  }
  throw new Error('expected decryption to fail');
}

describe('TokenCipher', () => {
  const keyring = testKeyring('k1');
  const cipher = new TokenCipher(keyring);

  it('round-trips a token through a v1 envelope under the active key', () => {
    const envelope = cipher.encrypt(token, access);
    expect(envelope).toMatch(/^v1\.k1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(envelope).not.toContain(token);
    expect(cipher.decrypt(envelope, access)).toBe(token);
    expect(cipher.decrypt(cipher.encrypt('', access), access)).toBe('');
  });

  it('uses a fresh IV per value, so equal tokens encrypt differently', () => {
    const a = cipher.encrypt(token, access);
    const b = cipher.encrypt(token, access);
    expect(a).not.toBe(b);
    expect(a.split('.')[2]).not.toBe(b.split('.')[2]);
  });

  it('binds the ciphertext to its row and field', () => {
    const envelope = cipher.encrypt(token, access);
    const otherRow = decryptFailure(cipher, envelope, { rowId: 'conn-2', field: 'access_token' });
    expect(otherRow.reason).toBe('AUTHENTICATION_FAILED');
    const otherField = decryptFailure(cipher, envelope, { rowId: 'conn-1', field: 'refresh_token' });
    expect(otherField.reason).toBe('AUTHENTICATION_FAILED');
  });

  it('detects tampering with the ciphertext, the tag, the IV or the key id', () => {
    const envelope = cipher.encrypt(token, access);
    const [version, kid, iv, body] = envelope.split('.') as [string, string, string, string];
    const flip = (text: string, at: number) => {
      const bytes = Buffer.from(text, 'base64url');
      bytes[at] = (bytes[at] ?? 0) ^ 1;
      return bytes.toString('base64url');
    };
    const tampered = [
      [version, kid, iv, flip(body, 0)], // ciphertext
      [version, kid, iv, flip(body, Buffer.from(body, 'base64url').length - 1)], // tag
      [version, kid, flip(iv, 0), body],
    ];
    for (const parts of tampered) {
      expect(decryptFailure(cipher, parts.join('.'), access).reason).toBe('AUTHENTICATION_FAILED');
    }
    // The same key under another id still fails: the header is part of the associated data.
    const sameKey = keyring.keys.get('k1') ?? Buffer.alloc(0);
    const aliased = new TokenCipher({ activeKid: 'k1', keys: new Map([...keyring.keys, ['k2', sameKey]]) });
    expect(decryptFailure(aliased, [version, 'k2', iv, body].join('.'), access).reason).toBe(
      'AUTHENTICATION_FAILED',
    );
  });

  it('rejects malformed envelopes and unknown key ids with messages that carry no secret', () => {
    for (const bad of ['', 'plain-token', 'v2.k1.aaaa.bbbb', 'v1.k1.short.AAAA', 'v1.k1.a.b.c']) {
      expect(decryptFailure(cipher, bad, access).reason).toBe('MALFORMED');
    }
    const foreign = new TokenCipher(testKeyring('other')).encrypt(token, access);
    const error = decryptFailure(cipher, foreign, access);
    expect(error.reason).toBe('UNKNOWN_KEY');
    expect(error.message).toContain('"other"');
    expect(error.message).toContain('conn-1');
    expect(error.message).not.toContain(foreign.split('.')[3]);
  });

  it('decrypts with a retired key and reports which values need rotation', () => {
    const old = testKeyring('old');
    const envelope = new TokenCipher(old).encrypt(token, access);
    const rotated = new TokenCipher({
      activeKid: 'new',
      keys: new Map([...testKeyring('new').keys, ...old.keys]),
    });
    expect(rotated.decrypt(envelope, access)).toBe(token);
    expect(rotated.needsRotation(envelope)).toBe(true);
    expect(rotated.needsRotation(rotated.encrypt(token, access))).toBe(false);
    expect(envelopeKid(envelope)).toBe('old');
    expect(envelopeKid('garbage')).toBeUndefined();
  });
});
