import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createApp, type AppDeps } from './app.js';
import { createTestDatabase, useTestDatabase } from './test-support/database.js';
import { newWorkspace, useApiHarness } from './test-support/api-harness.js';

const t = useTestDatabase();
const harness = useApiHarness(t, { seed: 'empty' });

const servers: Server[] = [];
let webDist: string;

beforeAll(async () => {
  webDist = await mkdtemp(path.join(tmpdir(), 'hub-web-'));
  await mkdir(path.join(webDist, 'assets'));
  await writeFile(path.join(webDist, 'index.html'), '<!doctype html><div id="root"></div>');
  await writeFile(path.join(webDist, 'assets', 'index-abc123.js'), 'console.log("panel")');
});
afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  await rm(webDist, { recursive: true, force: true });
});

/** A password sign-in over HTTP from this machine, optionally claiming to forward for `forwardedFor`. */
function signInAt(url: string, email: string, password: string, forwardedFor?: string): Promise<Response> {
  return fetch(`${url}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin: harness().url,
      ...(forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor }),
    },
    body: JSON.stringify({ email, password }),
  });
}

/** Another app over the harness's services, with different options. */
async function serve(overrides: Partial<AppDeps>): Promise<string> {
  const server = createServer(createApp({ ...harness().services, webDist: null, ...overrides }));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('health', () => {
  it('/healthz says the process is up; /readyz checks the database', async () => {
    const health = await fetch(`${harness().url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${harness().url}/readyz`);
    expect(await ready.json()).toEqual({ status: 'ok', database: 'ok' });
  });

  it('/readyz answers 503 when the database is unreachable, without details', async () => {
    const closed = await createTestDatabase();
    await closed.close();
    const url = await serve({ db: closed.db });
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'unavailable', database: 'unreachable' });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });
});

describe('HTTP basics', () => {
  it('sends security headers with a CSP for the panel', async () => {
    const response = await fetch(`${harness().url}/healthz`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain(`form-action 'self' ${harness().emu.url}`);
    expect(csp).not.toContain('upgrade-insecure-requests'); // PUBLIC_URL is http here
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-powered-by')).toBeNull();
    expect(response.headers.get('strict-transport-security')).toBeNull();
  });

  it('takes tRPC calls only as JSON: a cross-site form post is refused before any procedure runs', async () => {
    const form = new FormData();
    form.set('connectionId', 'x');
    const posted = await fetch(`${harness().url}/trpc/integrations.test`, { method: 'POST', body: form });
    expect(posted.status).toBe(415);
    const asText = await fetch(`${harness().url}/trpc/integrations.test`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(asText.status).toBe(415);
  });

  it('answers unknown routes 404, bad JSON 400 and oversized bodies 413, never with a stack', async () => {
    const ws = await newWorkspace(harness(), 'Basics');
    const missing = await fetch(`${harness().url}/nowhere`, { method: 'POST', body: '{"a":' });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: 'not_found' });

    const json = { 'content-type': 'application/json', authorization: `Bearer ${ws.memberKey}` };
    const badJson = await fetch(`${harness().url}/trpc/tools.invoke`, {
      method: 'POST',
      headers: json,
      body: '{"name":',
    });
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ error: { data: { code: 'PARSE_ERROR' } } });

    // Page bodies may be megabytes, but only on the procedures that take them; 1 KB here to keep the test small.
    const url = await serve({ jsonLimitBytes: 1024, smallJsonLimitBytes: 256 });
    const invoke = (body: string, path = 'tools.invoke') =>
      fetch(`${url}/trpc/${path}`, { method: 'POST', headers: json, body });
    const fits = await invoke(JSON.stringify({ name: 'x', input: 'y'.repeat(512) }));
    expect(await fits.json()).toMatchObject({
      result: { data: { ok: false, error: { kind: 'BAD_REQUEST' } } },
    });
    const big = await invoke(JSON.stringify({ name: 'x', input: 'y'.repeat(4096) }));
    expect(big.status).toBe(413);
    expect(big.headers.get('connection')).toBe('close');
    const bigText = await big.text();
    expect(bigText).not.toMatch(/at .*\.(js|ts):\d+/);
    expect(JSON.parse(bigText)).toMatchObject({
      error: { data: { code: 'PAYLOAD_TOO_LARGE', httpStatus: 413, kind: 'PAYLOAD_TOO_LARGE' } },
    });
    const smallRoute = await invoke(JSON.stringify({ connectionId: 'y'.repeat(512) }), 'integrations.test');
    expect(smallRoute.status).toBe(413);
    for (const response of [missing, badJson, big]) {
      expect(response.headers.get('content-type')).toContain('application/json');
    }
  });

  it('exposes only the allow-listed better-auth routes', async () => {
    const session = await fetch(`${harness().url}/api/auth/get-session`);
    expect(session.status).toBe(200);
    for (const route of [
      '/api/auth/sign-up/email',
      '/api/auth/api-key/create',
      '/api/auth/organization/create',
    ]) {
      const response = await fetch(`${harness().url}${route}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: harness().url },
        body: '{}',
      });
      expect(response.status, route).toBe(404);
    }
  });

  it('limits sign-in attempts per client address, which a client cannot choose', async () => {
    const ws = await newWorkspace(harness(), 'Limited');
    const other = await newWorkspace(harness(), 'Neighbour');
    // The harness's app has the default trust setting (no proxy trusted): each attempt claims to come from another
    // client, yet all of them count against the socket's address, 127.0.0.1.
    const attempt = (email: string, password: string, forwardedFor?: string) =>
      signInAt(harness().url, email, password, forwardedFor);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1)
      statuses.push((await attempt(ws.admin.email, 'wrong password!', `203.0.113.${i + 1}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const spoofs = [undefined, '203.0.113.99', '198.51.100.7, 127.0.0.1', '::1', 'unknown'];
    for (const forwardedFor of spoofs) {
      const limited = await attempt(ws.admin.email, 'wrong password!', forwardedFor);
      expect(limited.status, String(forwardedFor)).toBe(429);
      // better-auth's per-address limiter (X-Retry-After), not the per-account lockout.
      expect(limited.headers.get('x-retry-after'), String(forwardedFor)).toMatch(/^\d+$/);
      expect(((await limited.json()) as { code?: string }).code).not.toBe('TOO_MANY_FAILED_SIGN_INS');
    }
    // The address is limited, not the account (5 failures are below the per-account lockout): the right password
    // of another account is refused from this address too.
    const neighbour = await attempt(other.admin.email, other.admin.password, '192.0.2.200');
    expect(neighbour.status).toBe(429);
    expect(neighbour.headers.get('x-retry-after')).toMatch(/^\d+$/);
  });

  it('counts each forwarded client address separately behind a trusted proxy', async () => {
    const ws = await newWorkspace(harness(), 'Proxied');
    const url = await serve({ trustProxy: 'loopback' });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1)
      statuses.push((await signInAt(url, ws.admin.email, 'wrong password!', '198.51.100.20')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    // Other clients behind the same proxy are not limited by that one.
    expect((await signInAt(url, ws.admin.email, 'wrong password!', '198.51.100.21')).status).toBe(401);
    expect((await signInAt(url, ws.admin.email, ws.admin.password, '198.51.100.22')).status).toBe(200);
  });
});

describe('the panel (apps/web/dist)', () => {
  it('serves the SPA with a fallback for client routes, and keeps API paths out of it', async () => {
    const url = await serve({ webDist });
    const html = { accept: 'text/html' };
    for (const route of ['/', '/integrations', '/activity/some-id']) {
      const response = await fetch(`${url}${route}`, { headers: html });
      expect(response.status, route).toBe(200);
      expect(await response.text()).toContain('<div id="root">');
      expect(response.headers.get('cache-control')).toBe('no-cache');
    }
    const asset = await fetch(`${url}/assets/index-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${url}/assets/gone.js`)).status).toBe(404);
    expect((await fetch(`${url}/trpc/nope`, { headers: html })).status).toBe(404);
    expect((await fetch(`${url}/oauth/confluence/nope`, { headers: html })).status).toBe(404);
    expect(await (await fetch(`${url}/healthz`, { headers: html })).json()).toEqual({ status: 'ok' });
  });

  it('is not served when the folder holds no build', async () => {
    const url = await serve({ webDist: path.join(webDist, 'missing') });
    expect((await fetch(`${url}/`, { headers: { accept: 'text/html' } })).status).toBe(404);
  });
});
