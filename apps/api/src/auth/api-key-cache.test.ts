import { describe, expect, it } from 'vitest';

import { ApiKeyCache } from './api-key-cache.js';
import type { ApiKeyPrincipal } from './principal.js';

const principal = (id: string, workspaceId = 'ws-1'): ApiKeyPrincipal => ({
  kind: 'apiKey',
  id,
  workspaceId,
  role: 'member',
  name: id,
});

describe('ApiKeyCache', () => {
  it('expires entries after the TTL and never outlives the key itself', () => {
    let now = 1_000;
    const cache = new ApiKeyCache({ ttlMs: 100, now: () => now });
    cache.set('key-a', principal('a'));
    cache.set('key-b', principal('b'), new Date(1_050));
    now = 1_049;
    expect(cache.get('key-a')?.id).toBe('a');
    expect(cache.get('key-b')?.id).toBe('b');
    now = 1_050;
    expect(cache.get('key-b')).toBeUndefined();
    now = 1_100;
    expect(cache.get('key-a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('invalidates by key id and by workspace', () => {
    const cache = new ApiKeyCache();
    cache.set('key-a', principal('a'));
    cache.set('key-b', principal('b'));
    cache.set('key-c', principal('c', 'ws-2'));
    cache.invalidateKeyId('a');
    expect(cache.get('key-a')).toBeUndefined();
    expect(cache.get('key-b')?.id).toBe('b');
    cache.invalidateWorkspace('ws-1');
    expect(cache.get('key-b')).toBeUndefined();
    expect(cache.get('key-c')?.id).toBe('c');
  });

  it('does not cache a verification that was in flight when the key was revoked', () => {
    let now = 0;
    const cache = new ApiKeyCache({ now: () => now });
    const startedAt = cache.now();
    now = 5;
    cache.invalidateKeyId('a');
    now = 10;
    cache.set('key-a', principal('a'), null, startedAt);
    expect(cache.get('key-a')).toBeUndefined();
    cache.set('key-a', principal('a'), null, cache.now());
    expect(cache.get('key-a')?.id).toBe('a');
  });

  it('stays bounded, evicting the oldest entry', () => {
    const cache = new ApiKeyCache({ maxEntries: 2 });
    cache.set('k1', principal('1'));
    cache.set('k2', principal('2'));
    cache.set('k3', principal('3'));
    expect(cache.size).toBe(2);
    expect(cache.get('k1')).toBeUndefined();
    expect(cache.get('k3')?.id).toBe('3');
  });
});
