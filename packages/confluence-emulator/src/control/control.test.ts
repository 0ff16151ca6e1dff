import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { Emulator } from '../emulator.js';
import { startEmulator } from '../emulator.js';
import type { ConfluenceApi } from '../test-support/api.js';
import { apiFor, jsonInit, request } from '../test-support/api.js';
import type { SpaceJson, V2List } from '../test-support/shapes.js';

let emu: Emulator;
let api: ConfluenceApi;
beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
});
afterAll(() => emu.close());
beforeEach(async () => {
  await emu.control.reset();
  api = await apiFor(emu);
});

const control = (method: string, path: string, body?: unknown) =>
  request(`${emu.url}/__control${path}`, body === undefined ? { method } : jsonInit(method, body));

describe('fault injection', () => {
  test('429 with Retry-After for the next N matching requests, then normal service', async () => {
    await emu.control.addFault({
      path: '/ex/confluence/',
      status: 429,
      headers: { 'Retry-After': '7' },
      times: 2,
    });
    const first = await api.get('/wiki/api/v2/spaces');
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('7');
    expect(first.headers.get('x-ratelimit-limit')).not.toBeNull();
    expect((await api.get('/wiki/api/v2/spaces')).status).toBe(429);
    expect((await api.get('/wiki/api/v2/spaces')).status).toBe(200);
  });

  test('a 429 gets a Retry-After even when none is given; bodies can be set', async () => {
    await emu.control.addFault({ path: '/ex/', status: 429 });
    const res = await api.get('/wiki/api/v2/spaces');
    expect(res.headers.get('retry-after')).toBe('1');
    expect(res.body).toEqual({ code: 429, message: 'Too Many Requests' });
    await emu.control.addFault({ path: '/ex/', status: 503, body: 'upstream unavailable' });
    const text = await api.get<string>('/wiki/api/v2/spaces');
    expect(text.status).toBe(503);
    expect(text.body).toBe('upstream unavailable');
  });

  test('method and regex path matching', async () => {
    await emu.control.addFault({
      method: 'POST',
      path: '^/ex/confluence/[^/]+/wiki/api/v2/pages$',
      status: 500,
    });
    expect((await api.get('/wiki/api/v2/spaces')).status).toBe(200);
    expect((await api.post('/wiki/api/v2/pages', {})).status).toBe(500);
  });

  test('delayMs slows the answer down, then serves it normally', async () => {
    await emu.control.addFault({ path: '/ex/', delayMs: 150 });
    const started = performance.now();
    const res = await api.get<V2List<SpaceJson>>('/wiki/api/v2/spaces');
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(res.status).toBe(200);
    expect(res.body.results.length).toBeGreaterThan(0);
  });

  test('drop destroys the socket: the client sees a network error', async () => {
    await emu.control.addFault({ path: '/ex/', drop: true });
    await expect(api.get('/wiki/api/v2/spaces')).rejects.toThrow();
    expect((await api.get('/wiki/api/v2/spaces')).status).toBe(200);
    const log = await emu.control.requests();
    expect(log.map((e) => e.status)).toEqual([0, 200]);
  });

  test('faults apply to the auth server too, and can be cleared', async () => {
    await emu.control.addFault({ path: '/oauth/token', status: 503, times: 5 });
    expect((await request(`${emu.url}/oauth/token`, jsonInit('POST', {}))).status).toBe(503);
    await emu.control.clearFaults();
    expect((await request(`${emu.url}/oauth/token`, jsonInit('POST', {}))).status).toBe(400);
  });

  test('the HTTP control API validates fault specs', async () => {
    expect((await control('POST', '/faults', { path: '/ex/', times: 0 })).status).toBe(400);
    expect((await control('POST', '/faults', { path: '^(' })).status).toBe(400);
    const added = await control('POST', '/faults', { path: '/ex/', status: 502 });
    expect(added.body.id).toMatch(/^fault-\d+$/);
    expect((await control('DELETE', '/faults')).status).toBe(200);
    expect((await api.get('/wiki/api/v2/spaces')).status).toBe(200);
  });
});

describe('control API over HTTP', () => {
  test('tokens, requests, stats, clock, expire-tokens, revoke', async () => {
    const tokens = await control('POST', '/tokens', {
      accountId: 'acc-bob',
      scopes: ['read:space:confluence'],
    });
    expect(tokens.status).toBe(200);
    expect(tokens.body).toMatchObject({ expires_in: 3600, scope: 'read:space:confluence' });
    expect(tokens.body).not.toHaveProperty('refresh_token');
    expect((await control('POST', '/tokens', { accountId: 'acc-nobody' })).status).toBe(400);

    await control('DELETE', '/requests');
    await api.get('/wiki/api/v2/spaces?limit=2');
    const log = await control('GET', '/requests');
    expect(log.body).toEqual([
      {
        method: 'GET',
        path: '/ex/confluence/11111111-1111-4111-8111-111111111111/wiki/api/v2/spaces',
        query: { limit: '2' },
        status: 200,
        at: expect.any(String) as unknown,
      },
    ]);
    expect(JSON.stringify(log.body)).not.toContain(api.token);

    const stats = await control('GET', '/stats');
    expect(stats.body).toMatchObject({
      token: { authorization_code: 0, refresh_token: 0, failed: 0 },
      requests: 1,
    });

    const clock = await control('POST', '/clock', { advanceMs: 3_600_000 });
    expect(new Date(String(clock.body.now)).getTime()).toBeGreaterThan(Date.now() + 3_500_000);
    expect((await api.get('/wiki/api/v2/spaces')).status).toBe(401);

    const fresh = await apiFor(emu);
    expect((await control('POST', '/expire-tokens')).body).toEqual({ expired: 1 });
    expect((await fresh.get('/wiki/api/v2/spaces')).status).toBe(401);
    expect((await control('POST', '/revoke', { accountId: 'acc-ada' })).body).toEqual({ revoked: 2 });
    expect((await control('GET', '/nope')).status).toBe(404);
  });

  test('the request log never holds authorization codes', async () => {
    await request(`${emu.url}/authorize?client_id=hub-demo-client&code=secret-code`);
    const log = await emu.control.requests();
    expect(log[0]?.query).toMatchObject({ client_id: 'hub-demo-client', code: '[redacted]' });
  });

  test('reset brings back the seed and forgets tokens', async () => {
    const created = await api.post<{ id: string }>('/wiki/api/v2/pages', {
      spaceId: (await api.get<V2List<SpaceJson>>('/wiki/api/v2/spaces?keys=HR')).body.results[0]?.id,
      title: 'Temporary',
      body: { representation: 'storage', value: '<p>t</p>' },
    });
    expect(created.status).toBe(200);
    await control('POST', '/reset');
    expect((await api.get('/wiki/api/v2/spaces')).status).toBe(401);
    const again = await apiFor(emu);
    expect((await again.get(`/wiki/api/v2/pages/${created.body.id}`)).status).toBe(404);
  });

  test('the empty seed has accounts and sites but no content', async () => {
    const empty = await startEmulator({ port: 0, seed: 'empty' });
    try {
      const res = await (await apiFor(empty)).get<V2List<SpaceJson>>('/wiki/api/v2/spaces');
      expect(res.body.results).toEqual([]);
    } finally {
      await empty.close();
    }
  });
});
