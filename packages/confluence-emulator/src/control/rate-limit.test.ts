import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { Emulator } from '../emulator.js';
import { startEmulator } from '../emulator.js';
import { ACME_CLOUD_ID, SANDBOX_CLOUD_ID } from '../identities.js';
import { DEMO_CLIENT } from '../options.js';
import { apiFor, jsonInit, request } from '../test-support/api.js';
import type { SpaceJson, V2List } from '../test-support/shapes.js';
import { DEFAULT_RATE_LIMIT, GLOBAL_QUOTA_REASON, PointsMeter } from './rate-limit.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-03-02T12:10:00Z');

describe('PointsMeter', () => {
  const meter = () => new PointsMeter({ ...DEFAULT_RATE_LIMIT, quota: 100, enforce: true });

  test('a read costs the base plus one point per returned object; a write and an error the base', () => {
    const m = meter();
    m.charge('app', 'GET', { status: 200, json: { results: [1, 2, 3] } }, T0);
    m.charge('app', 'GET', { status: 200, json: { id: '1' } }, T0);
    m.charge('app', 'POST', { status: 200, json: { id: '2' } }, T0);
    m.charge('app', 'GET', { status: 404, json: { errors: [] } }, T0);
    expect(m.usage(T0)).toEqual([
      { clientId: 'app', used: 4 + 2 + 1 + 1, remaining: 92, resetAt: '2026-03-02T13:00:00.000Z' },
    ]);
  });

  test('headers: limit, remaining, ISO reset, near-limit below 20 % left, IETF-draft policy and state', () => {
    const m = meter();
    m.charge('app', 'GET', { status: 200, json: { results: Array.from({ length: 80 }, () => 0) } }, T0);
    expect(m.headers('app', T0)).toEqual({
      'x-ratelimit-limit': '100',
      'x-ratelimit-remaining': '19',
      'x-ratelimit-reset': '2026-03-02T13:00:00.000Z',
      'x-ratelimit-nearlimit': 'true',
      'beta-ratelimit-policy': '"global-app";q=100;w=3600',
      'beta-ratelimit': '"global-app";r=19;t=3000',
    });
    expect(m.headers('other-app', T0)['x-ratelimit-nearlimit']).toBe('false');
  });

  test('enforcing: over quota answers 429 with the seconds to the reset; the next window starts afresh', () => {
    const m = meter();
    m.charge('app', 'GET', { status: 200, json: { results: Array.from({ length: 99 }, () => 0) } }, T0);
    const refused = m.refuse('app', T0);
    expect(refused).toMatchObject({
      status: 429,
      headers: { 'retry-after': '3000', 'ratelimit-reason': GLOBAL_QUOTA_REASON },
    });
    expect(m.refuse('other-app', T0)).toBeNull();
    expect(m.refuse('app', T0 + HOUR)).toBeNull();
    m.configure({ enforce: false }, false);
    expect(m.refuse('app', T0)).toBeNull();
  });
});

describe('rate limits over HTTP', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({
      port: 0,
      clients: [{ ...DEMO_CLIENT }, { clientId: 'other-app', clientSecret: 'other-secret' }],
      rateLimit: { quota: 60 },
    });
  });
  afterAll(() => emu.close());
  beforeEach(() => emu.control.reset());

  const spaces = '/wiki/api/v2/spaces';

  test('by default only reported: headers on every gateway answer, calls past the quota still served', async () => {
    const api = await apiFor(emu);
    const first = await api.get<V2List<SpaceJson>>(spaces);
    const cost = 1 + first.body.results.length;
    expect(first.headers.get('x-ratelimit-limit')).toBe('60');
    expect(first.headers.get('x-ratelimit-remaining')).toBe(String(60 - cost));
    expect(first.headers.get('beta-ratelimit-policy')).toBe('"global-app";q=60;w=3600');
    expect(first.headers.get('beta-ratelimit')).toMatch(new RegExp(`^"global-app";r=${60 - cost};t=\\d+$`));
    for (let i = 0; i < Math.ceil(60 / cost); i++) expect((await api.get(spaces)).status).toBe(200);
    const past = await api.get(spaces);
    expect(past.status).toBe(200);
    expect(past.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(past.headers.get('x-ratelimit-nearlimit')).toBe('true');
    // Control and OAuth answers are not the gateway's: not metered.
    expect((await request(`${emu.url}/__control/stats`)).headers.get('x-ratelimit-limit')).toBeNull();
  });

  test('one quota per OAuth app across its sites; another app has its own', async () => {
    const acme = await apiFor(emu, { cloudIds: [ACME_CLOUD_ID, SANDBOX_CLOUD_ID] });
    const sandbox = await apiFor(emu, { cloudIds: [SANDBOX_CLOUD_ID] });
    const other = await apiFor(emu, { clientId: 'other-app' });
    await acme.get('/wiki/api/v2/spaces/nonexistent-id-1');
    const seen = await sandbox.get('/wiki/api/v2/spaces/nonexistent-id-2');
    expect(seen.headers.get('x-ratelimit-remaining')).toBe('58');
    const apart = await other.get('/wiki/api/v2/spaces/nonexistent-id-3');
    expect(apart.headers.get('x-ratelimit-remaining')).toBe('59');
    expect((await emu.control.rateLimit()).apps).toEqual([
      expect.objectContaining({ clientId: DEMO_CLIENT.clientId, used: 2 }),
      expect.objectContaining({ clientId: 'other-app', used: 1 }),
    ]);
  });

  test('enforced at runtime: over quota a call is refused with 429 before it runs, until the window resets', async () => {
    const state = await request(
      `${emu.url}/__control/rate-limit`,
      jsonInit('POST', { enforce: true, quota: 3 }),
    );
    expect(state.body).toMatchObject({ config: { quota: 3, enforce: true, windowSeconds: 3600 } });
    const api = await apiFor(emu);
    const eng = (await api.get<V2List<SpaceJson>>(`${spaces}?keys=ENG`)).body.results[0];
    expect(eng).toBeDefined();
    const create = () =>
      api.post('/wiki/api/v2/pages', {
        spaceId: eng?.id,
        title: 'Over quota',
        body: { representation: 'storage', value: '<p>x</p>' },
      });
    expect((await create()).status).toBe(200);
    const refused = await create();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('ratelimit-reason')).toBe(GLOBAL_QUOTA_REASON);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    await emu.control.setRateLimit({ enforce: false });
    const titles = await api.get<{ results: unknown[] }>(`/wiki/api/v2/pages?title=Over%20quota`);
    expect(titles.body.results).toHaveLength(1);
    await emu.control.setRateLimit({ enforce: true });
    await emu.control.advanceClock(retryAfter * 1000);
    expect((await api.get(`${spaces}?keys=ENG`)).status).toBe(200);
  });

  test('invalid settings are a 400; reset goes back to the options', async () => {
    const bad = await request(`${emu.url}/__control/rate-limit`, jsonInit('POST', { quota: 0 }));
    expect(bad.status).toBe(400);
    const unknown = await request(`${emu.url}/__control/rate-limit`, jsonInit('POST', { burst: 1 }));
    expect(unknown.status).toBe(400);
    await emu.control.setRateLimit({ quota: 5, enforce: true });
    await emu.control.reset();
    expect((await emu.control.rateLimit()).config).toEqual({ ...DEFAULT_RATE_LIMIT, quota: 60 });
  });
});
