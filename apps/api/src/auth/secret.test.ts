import { describe, expect, it } from 'vitest';

import { testKeyring } from '../test-support/fixtures.js';
import { resolveAuthSecret } from './secret.js';

describe('resolveAuthSecret', () => {
  it('prefers AUTH_SECRET and otherwise derives a stable secret that differs per key and reveals none', () => {
    const keyring = testKeyring('k1');
    expect(resolveAuthSecret('explicit-secret-explicit-secret-!!', keyring)).toBe(
      'explicit-secret-explicit-secret-!!',
    );
    const derived = resolveAuthSecret(undefined, keyring);
    expect(derived).toHaveLength(43);
    expect(resolveAuthSecret(undefined, keyring)).toBe(derived);
    expect(resolveAuthSecret(undefined, testKeyring('k1'))).not.toBe(derived);
    const key = keyring.keys.get('k1');
    expect(derived).not.toContain(key?.toString('base64url').slice(0, 16));
  });
});
