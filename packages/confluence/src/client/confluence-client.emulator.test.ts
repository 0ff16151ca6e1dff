// The client over real HTTP against the local Atlassian stand-in (packages/confluence-emulator).
import { startEmulator } from '@hub/confluence-emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { ConfluenceClient } from './confluence-client.js';
import type { ConfluenceClientOptions } from './params.js';
import { paginate } from './pagination.js';
import { undiciTransport } from './transport.js';

const ACME = '11111111-1111-4111-8111-111111111111';
const storage = (value: string) => ({ representation: 'storage' as const, value });

let emu: Awaited<ReturnType<typeof startEmulator>>;
const transport = undiciTransport();

async function control<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${emu.url}/__control${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`control ${method} ${path}: ${res.status} ${await res.text()}`);
  const text = await res.text();
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

const mintToken = async (scopes?: string[]): Promise<string> =>
  (
    await control<{ access_token: string }>('POST', '/tokens', {
      accountId: 'acc-ada',
      ...(scopes ? { scopes } : {}),
    })
  ).access_token;

const fault = (f: Record<string, unknown>) => control('POST', '/faults', f);

async function clientWith(opts: Partial<ConfluenceClientOptions> = {}) {
  const token = await mintToken();
  const sleep = vi.fn((_ms: number) => Promise.resolve());
  const client = new ConfluenceClient({
    cloudId: ACME,
    apiBaseUrl: emu.url,
    getAccessToken: () => Promise.resolve(token),
    transport,
    sleep,
    ...opts,
  });
  return { client, sleep, token };
}

async function failure(p: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await p;
  } catch (e) {
    return e as Error & Record<string, unknown>;
  }
  throw new Error('expected the call to fail');
}

async function engSpaceId(client: ConfluenceClient): Promise<string> {
  const { items } = await client.listSpaces({ keys: ['ENG'] });
  const eng = items[0];
  if (eng === undefined) throw new Error('seed has no ENG space');
  return eng.id;
}

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
});
afterAll(async () => {
  await transport.close();
  await emu.close();
});
beforeEach(async () => {
  await control('POST', '/reset');
});

describe('spaces', () => {
  test('listSpaces: the seeded spaces, absolute web URLs, filters', async () => {
    const { client } = await clientWith();
    const all = await client.listSpaces({ limit: 250 });
    expect(all.items.map((s) => s.key)).toEqual(expect.arrayContaining(['ENG', 'HR', '~acc-ada']));
    expect(all.baseUrl).toBe('https://acme.atlassian.net/wiki');
    expect(all.items.find((s) => s.key === 'ENG')?.webUrl).toMatch(
      /^https:\/\/acme\.atlassian\.net\/wiki\/spaces\/ENG/,
    );

    const archived = await client.listSpaces({ status: 'archived' });
    expect(archived.items.map((s) => s.key)).toEqual(['OLD']);
    const byKey = await client.listSpaces({ keys: ['HR', 'ENG'] });
    expect(byKey.items.map((s) => s.key).sort()).toEqual(['ENG', 'HR']);
  });

  test('getSpace with a plain description; a missing space is NOT_FOUND', async () => {
    const { client } = await clientWith();
    const id = await engSpaceId(client);
    const eng = await client.getSpace(id, { descriptionFormat: 'plain' });
    expect(eng).toMatchObject({ id, key: 'ENG', name: 'Engineering', type: 'global' });
    expect(eng.description?.plain?.value).toEqual(expect.any(String));
    expect(await failure(client.getSpace('987654321'))).toMatchObject({ kind: 'NOT_FOUND', status: 404 });
  });
});

describe('pages', () => {
  test('paginate walks every ENG page across many small pages, without repeats', async () => {
    const { client } = await clientWith();
    const spaceId = await engSpaceId(client);
    const fetchPage = vi.fn((p: { limit: number; cursor?: string }) => client.listSpacePages(spaceId, p));
    const ids: string[] = [];
    for await (const page of paginate(fetchPage, { limit: 7 })) ids.push(page.id);
    expect(ids.length).toBeGreaterThanOrEqual(60);
    expect(new Set(ids).size).toBe(ids.length);
    expect(fetchPage.mock.calls.length).toBe(Math.ceil(ids.length / 7));
    const oneShot = await client.listSpacePages(spaceId, { limit: 250 });
    expect(oneShot.nextCursor).toBeNull();
    expect(oneShot.items.map((p) => p.id).sort()).toEqual([...ids].sort());
  });

  test('root pages only, and bodies on request', async () => {
    const { client } = await clientWith();
    const spaceId = await engSpaceId(client);
    const roots = await client.listSpacePages(spaceId, { depth: 'root', bodyFormat: 'storage', limit: 250 });
    expect(roots.items.length).toBeGreaterThan(0);
    expect(roots.items.length).toBeLessThan(60);
    expect(roots.items[0]?.body?.representation).toBe('storage');
  });

  test('getPage: storage body, labels, version, absolute webUrl', async () => {
    const { client } = await clientWith();
    const spaceId = await engSpaceId(client);
    const withLabels: string[] = [];
    for await (const summary of paginate((p) => client.listSpacePages(spaceId, p), { limit: 250 })) {
      const page = await client.getPage(summary.id, { bodyFormat: 'storage', includeLabels: true });
      expect(page.version.number).toBeGreaterThanOrEqual(1);
      expect(page.body?.representation).toBe('storage');
      expect(page.webUrl).toMatch(/^https:\/\/acme\.atlassian\.net\/wiki\//);
      if ((page.labels ?? []).length > 0) withLabels.push(page.id);
    }
    expect(withLabels.length).toBeGreaterThan(0);
    expect(await failure(client.getPage('999999999'))).toMatchObject({ kind: 'NOT_FOUND' });
  });

  test('create → read → update → stale update is a VERSION_CONFLICT with the current version', async () => {
    const { client } = await clientWith();
    const spaceId = await engSpaceId(client);
    const created = await client.createPage({
      spaceId,
      title: 'Client IT page',
      body: storage('<p>one</p>'),
    });
    expect(created).toMatchObject({
      title: 'Client IT page',
      spaceId,
      status: 'current',
      version: { number: 1 },
    });
    expect(created.parentId).not.toBeNull(); // under the space homepage

    const updated = await client.updatePage(created.id, {
      title: 'Client IT page',
      body: storage('<p>two</p>'),
      version: { number: 2, message: 'second' },
    });
    expect(updated.version).toMatchObject({ number: 2, message: 'second' });
    expect((await client.getPage(created.id, { bodyFormat: 'storage' })).body?.value).toBe('<p>two</p>');

    const conflict = await failure(
      client.updatePage(created.id, { title: 'x', body: storage('<p>stale</p>'), version: { number: 2 } }),
    );
    expect(conflict).toMatchObject({
      kind: 'VERSION_CONFLICT',
      status: 409,
      currentVersion: 2,
      providedVersion: 2,
    });
    expect(conflict.message).toContain(`Page ${created.id} is at version 2; you sent 1+1.`);
  });

  test('rootLevel and parentId place the page', async () => {
    const { client } = await clientWith();
    const spaceId = await engSpaceId(client);
    const root = await client.createPage({
      spaceId,
      title: 'Root IT',
      body: storage('<p/>'),
      rootLevel: true,
    });
    expect(root.parentId).toBeNull();
    const child = await client.createPage({
      spaceId,
      title: 'Child IT',
      body: storage('<p/>'),
      parentId: root.id,
    });
    expect(child.parentId).toBe(root.id);
  });

  test('400 (bad input) and 413 (over 5 MB)', async () => {
    const { client } = await clientWith();
    const spaceId = await engSpaceId(client);
    expect(await failure(client.listSpaces({ limit: 0 }))).toMatchObject({
      kind: 'BAD_REQUEST',
      status: 400,
    });
    const big = storage(`<p>${'x'.repeat(5 * 1024 * 1024 + 10)}</p>`);
    expect(await failure(client.createPage({ spaceId, title: 'Too big', body: big }))).toMatchObject({
      kind: 'PAYLOAD_TOO_LARGE',
      status: 413,
    });
  });
});

describe('comments', () => {
  async function pageWithComments(client: ConfluenceClient) {
    const hits = await client.search({ cql: 'type = comment', limit: 50 });
    for (const hit of hits.items) {
      const comments = await client.listFooterComments(hit.id).catch(() => undefined);
      if (comments && comments.items.length > 0) return hit.id;
    }
    const spaceId = await engSpaceId(client);
    for await (const p of paginate((q) => client.listSpacePages(spaceId, q), { limit: 250 })) {
      if ((await client.listFooterComments(p.id)).items.length > 0) return p.id;
    }
    throw new Error('seed has no page with comments');
  }

  test('list the seeded comments and their replies', async () => {
    const { client } = await clientWith();
    const pageId = await pageWithComments(client);
    const comments = await client.listFooterComments(pageId, { bodyFormat: 'storage' });
    expect(comments.items[0]).toMatchObject({ pageId, status: 'current' });
    expect(comments.items[0]?.body?.value).toEqual(expect.any(String));
    let replies = 0;
    for (const c of comments.items) replies += (await client.listCommentReplies(c.id)).items.length;
    expect(replies).toBeGreaterThan(0);
  });

  test('comment, then reply: the reply carries only parentCommentId and lands in the thread', async () => {
    const { client } = await clientWith();
    const spaceId = await engSpaceId(client);
    const { items } = await client.listSpacePages(spaceId, { limit: 1 });
    const pageId = items[0]?.id ?? '';
    const top = await client.createFooterComment({ pageId, body: storage('<p>Top</p>') });
    expect(top).toMatchObject({ pageId });
    const reply = await client.createFooterComment({
      parentCommentId: top.id,
      body: storage('<p>Reply</p>'),
    });
    expect(reply.parentCommentId).toBe(top.id);
    expect((await client.listCommentReplies(top.id)).items.map((c) => c.id)).toEqual([reply.id]);
    expect(
      await failure(client.createFooterComment({ parentCommentId: '424242', body: storage('<p/>') })),
    ).toMatchObject({
      kind: 'NOT_FOUND',
    });
  });
});

describe('search', () => {
  test('CQL across spaces, paginated by cursor, with space and version expanded', async () => {
    const { client } = await clientWith();
    const first = await client.search({ cql: 'space = ENG AND type = page', limit: 10 });
    expect(first.totalSize).toBeGreaterThanOrEqual(60);
    expect(first.nextCursor).not.toBeNull();
    expect(first.items[0]).toMatchObject({ type: 'page', spaceKey: 'ENG' });
    expect(first.items[0]?.version).toEqual(expect.any(Number));
    expect(first.items[0]?.webUrl).toMatch(/^https:\/\/acme\.atlassian\.net\/wiki\//);
    const ids: string[] = [];
    for await (const hit of paginate((p) => client.search(p), {
      cql: 'space = ENG AND type = page',
      limit: 25,
    })) {
      ids.push(hit.id);
    }
    expect(ids).toHaveLength(first.totalSize ?? -1);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('unparsable CQL is INVALID_CQL', async () => {
    const { client } = await clientWith();
    const e = await failure(client.search({ cql: 'title = = "x' }));
    expect(e).toMatchObject({ kind: 'INVALID_CQL', status: 400 });
  });
});

describe('auth failures', () => {
  test('a token without the endpoint scope is SCOPE_MISSING naming the scope, with no refresh', async () => {
    const token = await mintToken(['read:space:confluence', 'offline_access']);
    const refreshAccessToken = vi.fn(() => Promise.resolve(token));
    const client = new ConfluenceClient({
      cloudId: ACME,
      apiBaseUrl: emu.url,
      getAccessToken: () => Promise.resolve(token),
      refreshAccessToken,
      transport,
    });
    const spaceId = await engSpaceId(client);
    expect(await failure(client.listSpacePages(spaceId))).toMatchObject({
      kind: 'SCOPE_MISSING',
      missingScope: 'read:page:confluence',
    });
    expect(await failure(client.search({ cql: 'type = page' }))).toMatchObject({
      missingScope: 'search:confluence',
    });
    expect(refreshAccessToken).not.toHaveBeenCalled();
  });

  test('an expired token: one forced refresh, then success', async () => {
    let token = await mintToken();
    const refreshAccessToken = vi.fn(async () => (token = await mintToken()));
    const client = new ConfluenceClient({
      cloudId: ACME,
      apiBaseUrl: emu.url,
      getAccessToken: () => Promise.resolve(token),
      refreshAccessToken,
      transport,
    });
    await control('POST', '/expire-tokens', {});
    await expect(client.listSpaces()).resolves.toMatchObject({ items: expect.any(Array) as unknown });
    expect(refreshAccessToken).toHaveBeenCalledTimes(1);
  });

  test('a refresh that does not help: UNAUTHORIZED after exactly one refresh', async () => {
    const token = await mintToken();
    await control('POST', '/expire-tokens', {});
    const refreshAccessToken = vi.fn(() => Promise.resolve(token));
    const client = new ConfluenceClient({
      cloudId: ACME,
      apiBaseUrl: emu.url,
      getAccessToken: () => Promise.resolve(token),
      refreshAccessToken,
      transport,
    });
    const e = await failure(client.listSpaces());
    expect(e).toMatchObject({ kind: 'UNAUTHORIZED', status: 401 });
    expect(e.message).not.toContain(token);
    expect(refreshAccessToken).toHaveBeenCalledTimes(1);
  });

  test('a site the token was not granted answers 401', async () => {
    const token = (await control<{ access_token: string }>('POST', '/tokens', { accountId: 'acc-bob' }))
      .access_token;
    const client = new ConfluenceClient({
      cloudId: '22222222-2222-4222-8222-222222222222',
      apiBaseUrl: emu.url,
      getAccessToken: () => Promise.resolve(token),
      transport,
    });
    expect(await failure(client.listSpaces())).toMatchObject({ kind: 'UNAUTHORIZED' });
  });
});

describe('transient faults', () => {
  const SPACES = `/ex/confluence/${ACME}/wiki/api/v2/spaces`;

  test('429 with Retry-After is waited out, then the call succeeds', async () => {
    const { client, sleep } = await clientWith();
    await fault({ method: 'GET', path: SPACES, status: 429, headers: { 'retry-after': '3' }, times: 1 });
    await expect(client.listSpaces()).resolves.toMatchObject({ nextCursor: null });
    expect(sleep.mock.calls.map((c) => c[0])).toEqual([3000]);
  });

  test('429 with a Retry-After beyond the limit fails fast with retryAfterMs', async () => {
    const { client, sleep } = await clientWith({ retry: { maxRetryAfterMs: 10_000 } });
    await fault({ path: SPACES, status: 429, headers: { 'retry-after': '90' }, times: 1 });
    expect(await failure(client.listSpaces())).toMatchObject({ kind: 'RATE_LIMITED', retryAfterMs: 90_000 });
    expect(sleep).not.toHaveBeenCalled();
  });

  test('503 twice is retried; the third try succeeds', async () => {
    const { client, sleep } = await clientWith();
    await control('DELETE', '/requests');
    await fault({ path: SPACES, status: 503, times: 2 });
    await client.listSpaces();
    expect(sleep).toHaveBeenCalledTimes(2);
    const log = await control<{ path: string; status: number }[]>('GET', '/requests');
    expect(log.filter((r) => r.path.startsWith(SPACES)).map((r) => r.status)).toEqual([503, 503, 200]);
  });

  test('a 403 with a v1 error body is FORBIDDEN, not retried and not a refresh', async () => {
    const refreshAccessToken = vi.fn(() => Promise.resolve('unused'));
    const { client, sleep } = await clientWith({ refreshAccessToken });
    const spaceId = await engSpaceId(client);
    await fault({
      method: 'GET',
      path: `/ex/confluence/${ACME}/wiki/api/v2/spaces/${spaceId}/pages`,
      status: 403,
      body: {
        statusCode: 403,
        message: 'User not permitted to view this space',
        data: { authorized: false },
      },
    });
    expect(await failure(client.listSpacePages(spaceId))).toMatchObject({ kind: 'FORBIDDEN', status: 403 });
    expect(sleep).not.toHaveBeenCalled();
    expect(refreshAccessToken).not.toHaveBeenCalled();
  });

  test('a 503 on POST is not retried', async () => {
    const { client, sleep } = await clientWith();
    const spaceId = await engSpaceId(client);
    await fault({ method: 'POST', path: `/ex/confluence/${ACME}/wiki/api/v2/pages`, status: 503, times: 1 });
    expect(
      await failure(client.createPage({ spaceId, title: 'Never twice', body: storage('<p/>') })),
    ).toMatchObject({ kind: 'UPSTREAM_UNAVAILABLE' });
    expect(sleep).not.toHaveBeenCalled();
    expect((await client.listSpacePages(spaceId, { title: 'Never twice' })).items).toHaveLength(0);
  });

  /** The statuses the emulator logged for the space list: 0 is a connection it dropped. */
  const spaceListStatuses = async (): Promise<number[]> =>
    (await control<{ path: string; status: number }[]>('GET', '/requests'))
      .filter((r) => r.path.startsWith(SPACES))
      .map((r) => r.status);

  test('a dropped connection is retried on GET, and NETWORK when it persists', async () => {
    const { client, sleep } = await clientWith({ retry: { retries: 1 } });
    await control('DELETE', '/requests');
    await fault({ path: SPACES, drop: true, times: 1 });
    expect((await client.listSpaces()).items.length).toBeGreaterThan(0);
    expect(await spaceListStatuses()).toEqual([0, 200]);
    expect(sleep).toHaveBeenCalledTimes(1);

    await control('DELETE', '/requests');
    await fault({ path: SPACES, drop: true, times: 2 });
    expect(await failure(client.listSpaces())).toMatchObject({ kind: 'NETWORK', retryable: true });
    expect(await spaceListStatuses()).toEqual([0, 0]);
  });

  // The emulator would answer after a minute: only the client's own timeout or abort can end these calls.
  const SLOW = { path: SPACES, delayMs: 60_000, times: 1 };

  /** Resolves once the emulator has begun handling one more API request than `before` (counted before any delay). */
  async function handling(before: number): Promise<void> {
    while ((await emu.control.stats()).requests <= before) await new Promise((r) => setImmediate(r));
  }

  test('an answer slower than timeoutMs is TIMEOUT', async () => {
    const { client } = await clientWith({ timeoutMs: 150 });
    await fault(SLOW);
    expect(await failure(client.listSpaces())).toMatchObject({ kind: 'TIMEOUT' });
  });

  test('the caller can abort a slow call', async () => {
    const { client } = await clientWith();
    await fault(SLOW);
    const { requests } = await emu.control.stats();
    const ac = new AbortController();
    const call = client.listSpaces({}, { signal: ac.signal });
    await handling(requests);
    ac.abort();
    expect(await failure(call)).toMatchObject({ name: 'AbortError' });
  });
});
