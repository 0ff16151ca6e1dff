import { expect, test } from 'vitest';
import { ConfluenceClient, fakeTransport } from '../client/index.js';
import { runTool } from './call-tool.js';

const hit = (accountId: string, displayName: string, email = '') => ({
  user: { type: 'known', accountId, displayName, publicName: displayName.split(' ')[0], email },
  title: displayName,
});

test('search_confluence_users pages with start, quotes the name in CQL and keeps hidden emails null', async () => {
  const transport = fakeTransport([
    {
      status: 200,
      body: {
        results: [hit('acc-1', 'Ann "A" Smith', 'ann@example.com')],
        start: 0,
        limit: 1,
        size: 1,
        totalSize: 2,
        _links: { next: '/rest/api/search/user?cql=x&start=1&limit=1' },
      },
    },
    {
      status: 200,
      body: { results: [hit('acc-2', 'Anna [B]')], start: 1, limit: 1, size: 1, totalSize: 2, _links: {} },
    },
  ]);
  const ctx = {
    client: new ConfluenceClient({
      cloudId: 'c1',
      apiBaseUrl: 'https://api.test',
      getAccessToken: () => Promise.resolve('token'),
      transport,
      retry: false,
    }),
  };
  const first = (await runTool(ctx, 'search_confluence_users', { query: 'an"n', limit: 1 })) as {
    users: { accountId: string; email: string | null; mention: string }[];
    nextCursor: string | null;
  };
  expect(first.users).toEqual([
    expect.objectContaining({
      accountId: 'acc-1',
      email: 'ann@example.com',
      mention: '[@Ann "A" Smith](confluence-user:acc-1)',
    }),
  ]);
  expect(first.nextCursor).toBe('1');
  const second = (await runTool(ctx, 'search_confluence_users', {
    query: 'an"n',
    limit: 1,
    cursor: first.nextCursor,
  })) as typeof first;
  expect(second.users).toEqual([
    expect.objectContaining({
      accountId: 'acc-2',
      email: null,
      mention: '[@Anna \\[B\\]](confluence-user:acc-2)',
    }),
  ]);
  expect(second.nextCursor).toBeNull();

  const urls = transport.requests.map((r) => new URL(r.url));
  expect(urls.map((u) => u.pathname)).toEqual([
    '/ex/confluence/c1/wiki/rest/api/search/user',
    '/ex/confluence/c1/wiki/rest/api/search/user',
  ]);
  expect(urls[0]?.searchParams.get('cql')).toBe('user.fullname ~ "an\\"n"');
  expect(urls[0]?.searchParams.get('start')).toBe('0');
  expect(urls[1]?.searchParams.get('start')).toBe('1');
});
