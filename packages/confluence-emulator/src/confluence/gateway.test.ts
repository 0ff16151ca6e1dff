import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Emulator } from '../emulator.js';
import { startEmulator } from '../emulator.js';
import { ACME_CLOUD_ID, SANDBOX_CLOUD_ID } from '../identities.js';
import { ConfluenceApi, apiFor, request } from '../test-support/api.js';
import type { V1Error, V2Error } from '../test-support/shapes.js';

const UNAUTHORIZED = { code: 401, message: 'Unauthorized' };
const SCOPE_MISMATCH = { code: 401, message: 'Unauthorized; scope does not match' };

let emu: Emulator;
let ada: ConfluenceApi;
beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  ada = await apiFor(emu);
});
afterAll(() => emu.close());

describe('the /ex/confluence gateway', () => {
  test('401 without a token, with an unknown one, and with an expired one', async () => {
    const path = `${emu.url}/ex/confluence/${ACME_CLOUD_ID}/wiki/api/v2/spaces`;
    expect((await request(path)).body).toEqual(UNAUTHORIZED);
    expect((await request(path, { headers: { authorization: 'Bearer made-up' } })).body).toEqual(
      UNAUTHORIZED,
    );
    const short = await apiFor(emu);
    await emu.control.expireTokens();
    const expired = await short.get('/wiki/api/v2/spaces');
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual(UNAUTHORIZED);
    ada = await apiFor(emu);
  });

  test('401 for a site the token was not granted, or that does not exist', async () => {
    const bob = await apiFor(emu, { accountId: 'acc-bob' });
    const other = new ConfluenceApi(emu, bob.token, SANDBOX_CLOUD_ID);
    expect((await other.get('/wiki/api/v2/spaces')).body).toEqual(UNAUTHORIZED);
    const adaAcmeOnly = await apiFor(emu, { cloudIds: [ACME_CLOUD_ID] });
    expect(
      (await new ConfluenceApi(emu, adaAcmeOnly.token, SANDBOX_CLOUD_ID).get('/wiki/api/v2/spaces')).status,
    ).toBe(401);
    expect(
      (
        await new ConfluenceApi(emu, ada.token, 'ffffffff-ffff-4fff-8fff-ffffffffffff').get(
          '/wiki/api/v2/spaces',
        )
      ).status,
    ).toBe(401);
  });

  test.each([
    ['GET', '/wiki/api/v2/spaces', 'read:page:confluence'],
    ['GET', '/wiki/api/v2/pages/1', 'read:space:confluence'],
    ['POST', '/wiki/api/v2/pages', 'read:page:confluence'],
    ['GET', '/wiki/api/v2/pages/1/footer-comments', 'read:page:confluence'],
    ['POST', '/wiki/api/v2/footer-comments', 'read:comment:confluence'],
    ['GET', '/wiki/rest/api/search?cql=type%3Dpage', 'read:page:confluence'],
  ])('%s %s without its scope is a scope mismatch', async (method, path, onlyScope) => {
    const narrow = await apiFor(emu, { scopes: [onlyScope] });
    const res = method === 'GET' ? await narrow.get(path) : await narrow.post(path, {});
    expect(res.status).toBe(401);
    expect(res.body).toEqual(SCOPE_MISMATCH);
  });

  test('search also accepts read:content-details:confluence', async () => {
    const api = await apiFor(emu, { scopes: ['read:content-details:confluence'] });
    expect((await api.get('/wiki/rest/api/search?cql=type%3Dpage')).status).toBe(200);
  });

  test('unknown paths are 404s, removed v1 content endpoints 410, wrong methods 405', async () => {
    const missing = await ada.get<V2Error>('/wiki/api/v2/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.body.errors[0]?.code).toBe('NOT_FOUND');
    const gone = await ada.get<V1Error>('/wiki/rest/api/content/123');
    expect(gone.status).toBe(410);
    expect(gone.body.statusCode).toBe(410);
    const wrong = await request(`${ada.base}/wiki/api/v2/spaces`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${ada.token}` },
    });
    expect(wrong.status).toBe(405);
  });

  test('every answer carries rate-limit headers', async () => {
    const res = await ada.get('/wiki/api/v2/spaces');
    expect(Number(res.headers.get('x-ratelimit-limit'))).toBeGreaterThan(0);
    expect(Number(res.headers.get('x-ratelimit-remaining'))).toBeLessThan(
      Number(res.headers.get('x-ratelimit-limit')),
    );
    expect(new Date(res.headers.get('x-ratelimit-reset') ?? '').getTime()).toBeGreaterThan(Date.now() - 1000);
    expect(res.headers.get('x-ratelimit-nearlimit')).toBe('false');
    const unauthenticated = await request(`${ada.base}/wiki/api/v2/spaces`);
    expect(unauthenticated.headers.get('x-ratelimit-limit')).not.toBeNull();
  });
});
