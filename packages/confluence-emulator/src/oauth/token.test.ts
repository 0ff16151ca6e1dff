import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { Emulator } from '../emulator.js';
import { startEmulator } from '../emulator.js';
import { request } from '../test-support/api.js';
import {
  ALL_SCOPES,
  connect,
  consent,
  exchangeCode,
  refresh,
  REDIRECT_URI,
  tokenRequest,
} from '../test-support/oauth.js';

const INVALID_REFRESH = { error: 'invalid_grant', error_description: 'Unknown or invalid refresh token.' };

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ port: 0, accessTokenTtlSeconds: 1800, refreshReuseLeewaySeconds: 600 });
});
afterAll(() => emu.close());
beforeEach(() => emu.control.reset());

async function freshCode(query: Record<string, string> = {}): Promise<string> {
  const { location } = await consent(emu, { query });
  return location?.searchParams.get('code') ?? '';
}

describe('authorization_code grant', () => {
  test('exchanges a code for opaque tokens with expires_in and the granted scope', async () => {
    const res = await exchangeCode(emu, await freshCode());
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toMatchObject({ expires_in: 1800, token_type: 'Bearer', scope: ALL_SCOPES });
    expect(res.body.access_token).toMatch(/^[\w-]{40,}$/);
    expect(res.body.refresh_token).toMatch(/^[\w-]{40,}$/);
    expect(res.body.access_token.split('.')).toHaveLength(1);
  });

  test('a code works once', async () => {
    const code = await freshCode();
    expect((await exchangeCode(emu, code)).status).toBe(200);
    const again = await exchangeCode(emu, code);
    expect(again.status).toBe(403);
    expect(again.body.error).toBe('invalid_grant');
  });

  test('a code expires after ten minutes', async () => {
    const code = await freshCode();
    await emu.control.advanceClock(10 * 60_000 + 1);
    expect((await exchangeCode(emu, code)).status).toBe(403);
  });

  test('a code is bound to its redirect_uri', async () => {
    const res = await exchangeCode(emu, await freshCode(), { redirect_uri: `${REDIRECT_URI}/other` });
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('invalid_grant');
  });

  test('without offline_access there is no refresh token', async () => {
    const res = await exchangeCode(emu, await freshCode({ scope: 'read:page:confluence read:me' }));
    expect(res.status).toBe(200);
    expect(res.body.refresh_token).toBeUndefined();
    expect(res.body.scope).toBe('read:page:confluence read:me');
  });

  test('a wrong client secret answers 401 access_denied', async () => {
    const res = await exchangeCode(emu, await freshCode(), { client_secret: 'wrong' });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: 'access_denied', error_description: 'Unauthorized' });
  });

  test('form-encoded requests are refused: Atlassian documents JSON', async () => {
    const code = await freshCode();
    const body = new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: 'hub-demo-client',
      client_secret: 'hub-demo-secret',
      code,
      redirect_uri: REDIRECT_URI,
    });
    const res = await request(`${emu.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'invalid_request', error_description: /as JSON/ });
    // The code was not used up: the same exchange as JSON works.
    const ok = await tokenRequest(emu, Object.fromEntries(body));
    expect(ok.status).toBe(200);
  });

  test('unsupported grants and malformed bodies are 400s', async () => {
    const grant = await tokenRequest(emu, { grant_type: 'password', client_id: 'hub-demo-client' });
    expect(grant.status).toBe(400);
    expect(grant.body.error).toBe('unsupported_grant_type');
    const broken = await request(`${emu.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(broken.status).toBe(400);
    expect(broken.body).toMatchObject({ error: 'invalid_request' });
  });
});

describe('refresh_token grant', () => {
  test('rotates: every refresh returns a new refresh token and a working access token', async () => {
    const first = await connect(emu);
    const second = await refresh(emu, first.refresh_token ?? '');
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
    expect(second.body.access_token).not.toBe(first.access_token);
    expect(second.body.scope).toBe(ALL_SCOPES);
    const me = await request(`${emu.url}/me`, {
      headers: { authorization: `Bearer ${second.body.access_token}` },
    });
    expect(me.status).toBe(200);
  });

  test('a rotated-out token still works inside the leeway', async () => {
    const first = await connect(emu);
    const second = await refresh(emu, first.refresh_token ?? '');
    await emu.control.advanceClock(9 * 60_000);
    const reuse = await refresh(emu, first.refresh_token ?? '');
    expect(reuse.status).toBe(200);
    // The family is intact: the newest token keeps working.
    expect((await refresh(emu, reuse.body.refresh_token ?? '')).status).toBe(200);
    expect(second.status).toBe(200);
  });

  test('reuse after the leeway invalidates the whole family', async () => {
    const first = await connect(emu);
    const second = await refresh(emu, first.refresh_token ?? '');
    await emu.control.advanceClock(10 * 60_000 + 1000);
    const stale = await refresh(emu, first.refresh_token ?? '');
    expect(stale.status).toBe(403);
    expect(stale.body).toEqual(INVALID_REFRESH);
    const newest = await refresh(emu, second.body.refresh_token ?? '');
    expect(newest.status).toBe(403);
    expect(newest.body).toEqual(INVALID_REFRESH);
  });

  test('other families of the same account survive', async () => {
    const a = await connect(emu);
    const b = await connect(emu);
    await refresh(emu, a.refresh_token ?? '');
    await emu.control.advanceClock(11 * 60_000);
    expect((await refresh(emu, a.refresh_token ?? '')).status).toBe(403);
    expect((await refresh(emu, b.refresh_token ?? '')).status).toBe(200);
  });

  test('unknown tokens, another client and a wrong secret are refused', async () => {
    const tokens = await connect(emu);
    expect((await refresh(emu, 'made-up')).body).toEqual(INVALID_REFRESH);
    const wrongSecret = await refresh(emu, tokens.refresh_token ?? '', { client_secret: 'nope' });
    expect(wrongSecret.status).toBe(401);
    expect(wrongSecret.body.error).toBe('access_denied');
  });

  test('a form-encoded refresh is refused whatever its content type, and rotates nothing', async () => {
    const tokens = await connect(emu);
    const form = new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: 'hub-demo-client',
      client_secret: 'hub-demo-secret',
      refresh_token: tokens.refresh_token ?? '',
    }).toString();
    for (const type of ['application/x-www-form-urlencoded;charset=UTF-8', 'text/plain', undefined]) {
      const res = await request<{ error?: string }>(`${emu.url}/oauth/token`, {
        method: 'POST',
        ...(type === undefined ? {} : { headers: { 'content-type': type } }),
        body: form,
      });
      expect(res.status, String(type)).toBe(400);
      expect(res.body.error).toBe('invalid_request');
    }
    expect((await emu.control.stats()).token).toMatchObject({ refresh_token: 0, failed: 3 });
    // The refresh token was never used: the same refresh as JSON works, and rotates it once.
    const ok = await refresh(emu, tokens.refresh_token ?? '');
    expect(ok.status).toBe(200);
    expect(ok.body.refresh_token).not.toBe(tokens.refresh_token);
    // JSON with a charset parameter is JSON.
    const charset = await request<{ access_token?: string }>(`${emu.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({
        grant_type: 'refresh_token',
        client_id: 'hub-demo-client',
        client_secret: 'hub-demo-secret',
        refresh_token: ok.body.refresh_token,
      }),
    });
    expect(charset.status).toBe(200);
    expect(charset.body.access_token).toBeTruthy();
  });

  test('revoke (the user removed the app) kills every refresh token of the account', async () => {
    const tokens = await connect(emu);
    expect(await emu.control.revoke('acc-ada')).toEqual({ revoked: 1 });
    expect((await refresh(emu, tokens.refresh_token ?? '')).status).toBe(403);
  });

  test('access tokens expire after expires_in on the emulator clock', async () => {
    const tokens = await connect(emu);
    const me = () =>
      request(`${emu.url}/me`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect((await me()).status).toBe(200);
    await emu.control.advanceClock(1800 * 1000);
    expect((await me()).status).toBe(401);
  });

  test('stats count successful grants by type and failures', async () => {
    const tokens = await connect(emu);
    await refresh(emu, tokens.refresh_token ?? '');
    await refresh(emu, 'bogus');
    const stats = await emu.control.stats();
    expect(stats.token).toEqual({ authorization_code: 1, refresh_token: 1, failed: 1 });
    expect(stats.requests).toBeGreaterThanOrEqual(5);
  });
});
