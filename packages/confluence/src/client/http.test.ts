import { describe, expect, test, vi } from 'vitest';
import { isConfluenceErrorKind } from '../errors.js';
import { ConfluenceClient } from './confluence-client.js';
import type { ConfluenceClientOptions } from './params.js';
import { type FakeReply, fakeTransport } from './fake-transport.js';
import { buildQuery, HttpEngine } from './http.js';
import { DEFAULT_RETRY } from './retry.js';

const TOKEN = 'access-token-0123456789';
const page = { id: '123', status: 'current', title: 'Home', spaceId: '9', version: { number: 3 } };
const ok: FakeReply = { status: 200, body: page };
const spaces: FakeReply = { status: 200, body: { results: [], _links: {} } };

function setup(replies: (FakeReply | Error)[], opts: Partial<ConfluenceClientOptions> = {}) {
  const transport = fakeTransport(replies);
  const sleep = vi.fn((_ms: number, signal?: AbortSignal) => {
    signal?.throwIfAborted();
    return Promise.resolve();
  });
  const refreshAccessToken = vi.fn(() => Promise.resolve('fresh-token-0123456789'));
  const client = new ConfluenceClient({
    cloudId: 'cloud-1',
    apiBaseUrl: 'http://emu.test/',
    getAccessToken: () => Promise.resolve(TOKEN),
    refreshAccessToken,
    transport,
    sleep,
    ...opts,
  });
  return { client, transport, sleep, refreshAccessToken };
}

async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to fail');
}

describe('request building', () => {
  test('sends to the gateway with bearer auth, JSON accept and the user agent', async () => {
    const { client, transport } = setup([ok], { userAgent: 'hub-test/1' });
    await client.getPage('123', { bodyFormat: 'storage', includeLabels: true });
    const req = transport.requests[0];
    expect(req?.url).toBe(
      'http://emu.test/ex/confluence/cloud-1/wiki/api/v2/pages/123?body-format=storage&include-labels=true',
    );
    expect(req?.headers).toMatchObject({
      authorization: `Bearer ${TOKEN}`,
      accept: 'application/json',
      'user-agent': 'hub-test/1',
    });
  });

  test('buildQuery joins arrays with commas, skips empty values and percent-encodes', () => {
    expect(buildQuery({ keys: ['ENG', 'HR'], status: undefined, labels: [], cql: 'title ~ "a&b"' })).toBe(
      '?keys=ENG%2CHR&cql=title%20~%20%22a%26b%22',
    );
    expect(buildQuery({})).toBe('');
  });

  test('text that is not Unicode (a lone surrogate) is a typed BAD_REQUEST naming the parameter', () => {
    let thrown: unknown;
    try {
      buildQuery({ cql: 'text ~ "\ud800"' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ kind: 'BAD_REQUEST' });
    expect((thrown as Error).message).toMatch(/^cql is not valid Unicode/);
  });
});

describe('retries', () => {
  test('429 honours Retry-After, then succeeds', async () => {
    const { client, sleep } = setup([{ status: 429, headers: { 'Retry-After': '2' } }, ok]);
    await expect(client.getPage('123')).resolves.toMatchObject({ id: '123' });
    expect(sleep).toHaveBeenCalledTimes(1);
    expect(sleep.mock.calls[0]?.[0]).toBe(2000);
  });

  test('a Retry-After longer than maxRetryAfterMs fails at once with RATE_LIMITED and its value', async () => {
    const { client, sleep, transport } = setup([{ status: 429, headers: { 'retry-after': '120' } }, ok], {
      retry: { maxRetryAfterMs: 60_000 },
    });
    const e = await failure(client.getPage('123'));
    expect(e).toMatchObject({ kind: 'RATE_LIMITED', retryAfterMs: 120_000, status: 429 });
    expect(sleep).not.toHaveBeenCalled();
    expect(transport.requests).toHaveLength(1);
  });

  test('503/502/504 are retried with capped exponential backoff, then give up after `retries`', async () => {
    const { client, sleep, transport } = setup(
      [{ status: 503 }, { status: 502 }, { status: 504 }, { status: 503 }],
      { retry: { retries: 3, baseDelayMs: 100, maxDelayMs: 250 } },
    );
    const e = await failure(client.getPage('123'));
    expect(e).toMatchObject({ kind: 'UPSTREAM_UNAVAILABLE', status: 503, retryable: true });
    expect(transport.requests).toHaveLength(4);
    const delays = sleep.mock.calls.map((c) => c[0]);
    expect(delays).toHaveLength(3);
    // Random jitter allows any wait up to the ceiling; the next test pins exact waits with a fixed jitter.
    for (const [i, d] of delays.entries()) expect(d).toBeLessThanOrEqual(Math.min(250, 100 * 2 ** i));
  });

  test('each wait is the jitter fraction of a ceiling that doubles up to the cap', async () => {
    // The engine takes the jitter source the client keeps to itself, so the waits are exact here.
    const transport = fakeTransport([{ status: 503 }, new Error('reset'), { status: 504 }, ok]);
    const sleep = vi.fn((_ms: number) => Promise.resolve());
    const engine = new HttpEngine({
      baseUrl: 'http://emu.test/ex/confluence/cloud-1',
      getAccessToken: () => Promise.resolve(TOKEN),
      transport,
      timeoutMs: 30_000,
      retry: { ...DEFAULT_RETRY, retries: 3, baseDelayMs: 100, maxDelayMs: 250 },
      sleep,
      userAgent: 'hub-test/1',
      random: () => 0.5,
    });
    await expect(engine.send({ method: 'GET', path: '/wiki/api/v2/pages/123' })).resolves.toMatchObject({
      status: 200,
    });
    // Ceilings 100, 200, then 400 capped at 250; half of each.
    expect(sleep.mock.calls.map((c) => c[0])).toEqual([50, 100, 125]);
  });

  test('network errors on GET are retried', async () => {
    const { client, transport } = setup([
      Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
      ok,
    ]);
    await expect(client.getPage('123')).resolves.toMatchObject({ id: '123' });
    expect(transport.requests).toHaveLength(2);
  });

  test('a network error that persists becomes NETWORK with the code and a sanitized cause', async () => {
    const boom = () =>
      Object.assign(new Error(`connect ECONNREFUSED (Bearer ${TOKEN})`), { code: 'ECONNREFUSED' });
    const { client } = setup([boom(), boom(), boom(), boom()]);
    const e = await failure(client.getPage('123'));
    expect(e).toMatchObject({ kind: 'NETWORK', retryable: true });
    expect((e as Error).message).toContain('ECONNREFUSED');
    expect(
      JSON.stringify({ m: (e as Error).message, c: ((e as Error).cause as Error).message }),
    ).not.toContain(TOKEN);
  });

  test('POST and PUT are never retried on 503 or network errors', async () => {
    const create = setup([{ status: 503 }, ok]);
    const body = { representation: 'storage' as const, value: '<p>x</p>' };
    expect(await failure(create.client.createPage({ spaceId: '9', title: 't', body }))).toMatchObject({
      kind: 'UPSTREAM_UNAVAILABLE',
    });
    expect(create.transport.requests).toHaveLength(1);

    const update = setup([new Error('reset'), ok]);
    const e = await failure(update.client.updatePage('123', { title: 't', body, version: { number: 4 } }));
    expect(e).toMatchObject({ kind: 'NETWORK' });
    expect((e as Error).message).toContain('may or may not have been applied');
    expect(update.transport.requests).toHaveLength(1);
  });

  test('retry: false disables retries', async () => {
    const { client, transport } = setup([{ status: 503 }, ok], { retry: false });
    expect(await failure(client.getPage('123'))).toMatchObject({ kind: 'UPSTREAM_UNAVAILABLE' });
    expect(transport.requests).toHaveLength(1);
  });

  test('500 is not retried (Atlassian 500s rarely pass) but is marked retryable', async () => {
    const { client, transport } = setup([{ status: 500, body: 'oops' }, ok]);
    expect(await failure(client.getPage('123'))).toMatchObject({ kind: 'UPSTREAM_ERROR', retryable: true });
    expect(transport.requests).toHaveLength(1);
  });
});

describe('token refresh', () => {
  test('a 401 forces one refresh and resends with the new token', async () => {
    const { client, transport, refreshAccessToken } = setup([{ status: 401, body: 'Unauthorized' }, ok]);
    await expect(client.getPage('123')).resolves.toMatchObject({ id: '123' });
    expect(refreshAccessToken).toHaveBeenCalledTimes(1);
    expect(transport.requests[1]?.headers.authorization).toBe('Bearer fresh-token-0123456789');
  });

  test('a second 401 is UNAUTHORIZED; refresh ran once', async () => {
    const { client, refreshAccessToken } = setup([{ status: 401 }, { status: 401 }, ok]);
    const e = await failure(client.getPage('123'));
    expect(e).toMatchObject({ kind: 'UNAUTHORIZED', status: 401, retryable: false });
    expect((e as Error).message).toContain('even after a refresh');
    expect(refreshAccessToken).toHaveBeenCalledTimes(1);
  });

  test('a POST answered 401 is refreshed and resent too (nothing was applied)', async () => {
    const { client, transport } = setup([
      { status: 401 },
      { status: 201, body: { id: '7', status: 'current' } },
    ]);
    await client.createFooterComment({
      pageId: '123',
      body: { representation: 'storage', value: '<p>x</p>' },
    });
    expect(transport.requests).toHaveLength(2);
  });

  test('a scope mismatch is SCOPE_MISSING and does not refresh', async () => {
    const { client, refreshAccessToken } = setup([
      { status: 401, body: { code: 401, message: 'Unauthorized; scope does not match' } },
    ]);
    const e = await failure(client.search({ cql: 'type = page' }));
    expect(e).toMatchObject({ kind: 'SCOPE_MISSING', missingScope: 'search:confluence' });
    expect(refreshAccessToken).not.toHaveBeenCalled();
  });

  test('403/404 trigger the refresh only while the token may be stale', async () => {
    const stale = setup([{ status: 404 }, ok], { tokenMayBeStale: () => true });
    await expect(stale.client.getPage('123')).resolves.toMatchObject({ id: '123' });
    expect(stale.refreshAccessToken).toHaveBeenCalledTimes(1);

    const fresh = setup([{ status: 403 }, ok], { tokenMayBeStale: () => false });
    expect(await failure(fresh.client.getPage('123'))).toMatchObject({ kind: 'FORBIDDEN' });
    expect(fresh.refreshAccessToken).not.toHaveBeenCalled();
  });

  test('without refreshAccessToken a 401 fails at once', async () => {
    const transport = fakeTransport([{ status: 401 }]);
    const client = new ConfluenceClient({
      cloudId: 'c',
      getAccessToken: () => Promise.resolve(TOKEN),
      transport,
    });
    expect(await failure(client.getPage('1'))).toMatchObject({ kind: 'UNAUTHORIZED' });
  });

  test('a refresh failure surfaces unchanged (e.g. the host says re-consent is needed)', async () => {
    const { client } = setup([{ status: 401 }], {
      refreshAccessToken: () => Promise.reject(new Error('refresh failed: REAUTH')),
    });
    await expect(client.getPage('1')).rejects.toThrow('refresh failed: REAUTH');
  });
});

describe('timeouts and aborts', () => {
  test('an attempt slower than timeoutMs is TIMEOUT, and is not retried', async () => {
    const { client, transport } = setup([{ ...ok, delayMs: 5_000 }, ok], { timeoutMs: 30 });
    const e = await failure(client.getPage('123'));
    expect(e).toMatchObject({ kind: 'TIMEOUT', retryable: true });
    expect((e as Error).message).toContain('within 30 ms');
    expect(transport.requests).toHaveLength(1);
  });

  test('aborting during a request rejects with the caller’s reason, not a ConfluenceError', async () => {
    const ac = new AbortController();
    // The caller gives up once the request is in flight; the answer would take a minute.
    const transport = fakeTransport(() => {
      ac.abort();
      return { ...ok, delayMs: 60_000 };
    });
    const { client } = setup([], { transport });
    const e = await failure(client.getPage('123', {}, { signal: ac.signal }));
    expect(e).toMatchObject({ name: 'AbortError' });
    expect(isConfluenceErrorKind(e, 'TIMEOUT')).toBe(false);
  });

  test('aborting during a backoff wait stops the retries', async () => {
    const ac = new AbortController();
    const { client, transport } = setup([{ status: 503 }, ok], {
      sleep: (_ms, signal) => {
        ac.abort();
        return Promise.reject(signal?.reason as Error);
      },
    });
    expect(await failure(client.getPage('123', {}, { signal: ac.signal }))).toMatchObject({
      name: 'AbortError',
    });
    expect(transport.requests).toHaveLength(1);
  });

  test('an already aborted signal sends nothing', async () => {
    const { client, transport } = setup([ok]);
    await expect(client.getPage('1', {}, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(transport.requests).toHaveLength(0);
  });
});

describe('response validation', () => {
  test('a body missing fields we use is UPSTREAM_ERROR naming the field', async () => {
    const { client } = setup([{ status: 200, body: { id: '1', title: 'x' } }]);
    const e = await failure(client.getPage('1'));
    expect(e).toMatchObject({ kind: 'UPSTREAM_ERROR' });
    expect((e as Error).message).toMatch(/status|spaceId|version/);
  });

  test('a non-JSON success body is UPSTREAM_ERROR, without echoing secrets', async () => {
    const { client } = setup([{ status: 200, body: `<html>token=${TOKEN} Bearer ${TOKEN}</html>` }, spaces]);
    const e = await failure(client.listSpaces());
    expect(e).toMatchObject({ kind: 'UPSTREAM_ERROR' });
    expect((e as Error).message).not.toContain(TOKEN);
  });

  test('an error body echoing the live token is redacted everywhere', async () => {
    const { client } = setup([
      { status: 400, body: { errors: [{ title: `bad header Bearer ${TOKEN}`, detail: TOKEN }] } },
    ]);
    const e = await failure(client.listSpaces());
    expect(
      JSON.stringify({ m: (e as Error).message, d: (e as { details?: unknown }).details }),
    ).not.toContain(TOKEN);
  });
});
