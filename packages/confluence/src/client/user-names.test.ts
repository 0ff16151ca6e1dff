import { expect, test } from 'vitest';
import { ConfluenceClient } from './confluence-client.js';
import { fakeTransport } from './fake-transport.js';
import { UserNameCache } from './user-names.js';

test('names are kept per site, for the TTL only', () => {
  let now = 1_000;
  const cache = new UserNameCache(60_000, 100, () => now);
  cache.set('site-a', 'acc-1', 'Ada');
  expect(cache.get('site-a', 'acc-1')).toBe('Ada');
  expect(cache.get('site-b', 'acc-1')).toBeUndefined();
  now += 59_999;
  expect(cache.get('site-a', 'acc-1')).toBe('Ada');
  now += 1;
  expect(cache.get('site-a', 'acc-1')).toBeUndefined();
  expect(cache.size).toBe(0);
});

test('bounded: when full the oldest entry goes first, and a refreshed entry counts as new', () => {
  const cache = new UserNameCache(60_000, 3, () => 0);
  cache.set('s', 'a', 'A');
  cache.set('s', 'b', 'B');
  cache.set('s', 'c', 'C');
  cache.set('s', 'a', 'A2');
  cache.set('s', 'd', 'D');
  expect(cache.size).toBe(3);
  expect(cache.get('s', 'b')).toBeUndefined();
  expect([cache.get('s', 'a'), cache.get('s', 'c'), cache.get('s', 'd')]).toEqual(['A2', 'C', 'D']);
});

test('two clients of the same site (two connections, maybe two workspaces) never share names', async () => {
  const clientAs = (name: string) => {
    const transport = fakeTransport(() => ({
      status: 200,
      body: { results: [{ accountId: 'acc-shared', displayName: name, accountType: 'atlassian' }] },
    }));
    const client = new ConfluenceClient({
      cloudId: 'same-site',
      getAccessToken: () => Promise.resolve(`token-${name}`),
      transport,
      retry: { retries: 0 },
    });
    return { client, transport };
  };
  const a = clientAs('Ada as A sees her');
  const b = clientAs('Ada as B sees her');
  expect((await a.client.userDisplayNames(['acc-shared'])).get('acc-shared')).toBe('Ada as A sees her');
  // B asks Confluence with its own token rather than reading what A's token resolved.
  expect((await b.client.userDisplayNames(['acc-shared'])).get('acc-shared')).toBe('Ada as B sees her');
  expect(b.transport.requests).toHaveLength(1);
  // Each still answers from its own cache afterwards.
  await a.client.userDisplayNames(['acc-shared']);
  expect(a.transport.requests).toHaveLength(1);
});
