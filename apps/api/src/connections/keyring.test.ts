import { randomBytes } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { ConfigError } from '../config-error.js';
import { formatKeyringEntry, parseKeyring } from './keyring.js';

const key32 = randomBytes(32);

function configErrorOf(raw: string): ConfigError {
  try {
    parseKeyring(raw);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseKeyring', () => {
  it('makes the first entry active and keeps the others for decryption', () => {
    const keyring = parseKeyring(
      `new:${randomBytes(32).toString('base64')}, old:${key32.toString('base64url')}`,
    );
    expect(keyring.activeKid).toBe('new');
    expect([...keyring.keys.keys()]).toEqual(['new', 'old']);
    expect(keyring.keys.get('old')?.equals(key32)).toBe(true);
  });

  it('refuses a key that is not exactly 32 bytes instead of padding or truncating it', () => {
    const short = randomBytes(16).toString('base64');
    const error = configErrorOf(`k1:${short}`);
    expect(error.variable).toBe('TOKEN_ENCRYPTION_KEYS');
    expect(error.message).toContain('decodes to 16 bytes');
    expect(error.message).toContain('exactly 32');
    expect(error.message).not.toContain(short);
    expect(configErrorOf(`k1:${randomBytes(48).toString('base64')}`).message).toContain(
      'decodes to 48 bytes',
    );
  });

  it('names the entry and explains each malformed case without echoing key material', () => {
    const secretish = 'correct horse battery staple';
    const cases: [string, string][] = [
      ['', 'is empty'],
      [secretish, 'entry 1 is not of the form "kid:base64key"'],
      [`${formatKeyringEntry('a', key32)},bad.kid:${key32.toString('base64')}`, 'entry 2: key id must be'],
      [`a:${key32.toString('base64')},a:${key32.toString('base64')}`, 'key id "a" appears twice'],
      [`a:${secretish}`, 'is not valid base64'],
    ];
    for (const [raw, expected] of cases) {
      const error = configErrorOf(raw);
      expect(error.message).toContain(expected);
      expect(error.message).not.toContain(secretish);
      expect(error.message).not.toContain(key32.toString('base64'));
    }
  });
});
