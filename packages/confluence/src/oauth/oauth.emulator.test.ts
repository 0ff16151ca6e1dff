// The 3LO helpers over real HTTP against the emulator's auth server, consent form included.
import { startEmulator } from '@hub/confluence-emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { ConfluenceClient } from '../client/confluence-client.js';
import { undiciTransport } from '../client/transport.js';
import { buildAuthorizeUrl } from './authorize-url.js';
import type { OAuthConfig } from './config.js';
import { getAccessibleResources, getMe } from './resources.js';
import { CONFLUENCE_SCOPES } from './scopes.js';
import { exchangeCode, refreshTokens } from './tokens.js';

const REDIRECT = 'http://127.0.0.1:9/oauth/confluence/callback';
const ACME = '11111111-1111-4111-8111-111111111111';
const SANDBOX = '22222222-2222-4222-8222-222222222222';

let emu: Awaited<ReturnType<typeof startEmulator>>;
let cfg: OAuthConfig;
const transport = undiciTransport();

async function control(method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${emu.url}/__control${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`control ${method} ${path}: ${res.status}`);
  const text = await res.text();
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}

/** Plays the user: opens the consent page, submits its form as the given account, returns the callback URL. */
async function consent(
  authorizeUrl: string,
  opts: { accountId?: string; sites?: string[]; decision?: 'accept' | 'deny' } = {},
): Promise<URL> {
  const page = await fetch(authorizeUrl);
  expect(page.status).toBe(200);
  const html = await page.text();
  const form = new URLSearchParams();
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) {
    form.append(m[1] ?? '', decodeEntities(m[2] ?? ''));
  }
  const account = opts.accountId ?? 'acc-ada';
  form.set('account', account);
  const boxes = [...html.matchAll(/<input type="checkbox" name="site" value="([^"]+)"/g)].map(
    (m) => m[1] ?? '',
  );
  for (const site of opts.sites ?? boxes) form.append('site', site);
  form.set('decision', opts.decision ?? 'accept');
  const res = await fetch(`${emu.url}/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
    redirect: 'manual',
  });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location') ?? '');
}

const decodeEntities = (s: string): string =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

async function connect(state = 'nonce-0123456789abcdef') {
  const callback = await consent(buildAuthorizeUrl(cfg, { redirectUri: REDIRECT, state }));
  expect(callback.searchParams.get('state')).toBe(state);
  return exchangeCode(cfg, { code: callback.searchParams.get('code') ?? '', redirectUri: REDIRECT });
}

async function failure(p: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await p;
  } catch (e) {
    return e as Error & Record<string, unknown>;
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  emu = await startEmulator({ port: 0, refreshReuseLeewaySeconds: 600 });
  cfg = {
    clientId: 'hub-demo-client',
    clientSecret: 'hub-demo-secret',
    authBaseUrl: emu.url,
    apiBaseUrl: emu.url,
    transport,
  };
});
afterAll(async () => {
  await transport.close();
  await emu.close();
});
beforeEach(async () => {
  await control('POST', '/reset');
});

describe('authorization code flow', () => {
  test('consent → code → tokens → sites → account → a working Confluence client', async () => {
    const before = Date.now();
    const tokens = await connect();
    expect(tokens.refreshToken).toEqual(expect.any(String));
    expect(tokens.scopes).toEqual(expect.arrayContaining([...CONFLUENCE_SCOPES]));
    expect(tokens.tokenType.toLowerCase()).toBe('bearer');
    expect(tokens.expiresAt.getTime()).toBeGreaterThanOrEqual(before + 3_600_000 - 1000);

    const sites = await getAccessibleResources(cfg, tokens.accessToken);
    expect(sites.map((s) => s.cloudId).sort()).toEqual([ACME, SANDBOX]);
    expect(sites.find((s) => s.cloudId === ACME)).toMatchObject({
      name: 'Acme',
      url: 'https://acme.atlassian.net',
    });
    expect(sites[0]?.scopes).toEqual(expect.arrayContaining(['read:page:confluence']));

    expect(await getMe(cfg, tokens.accessToken)).toMatchObject({
      accountId: 'acc-ada',
      name: 'Ada Admin',
      email: 'ada@example.com',
    });

    const client = new ConfluenceClient({
      cloudId: ACME,
      apiBaseUrl: emu.url,
      getAccessToken: () => Promise.resolve(tokens.accessToken),
      transport,
    });
    expect((await client.listSpaces()).items.length).toBeGreaterThan(0);
  });

  test('only the sites ticked on the consent page are granted', async () => {
    const callback = await consent(buildAuthorizeUrl(cfg, { redirectUri: REDIRECT, state: 's1' }), {
      sites: [SANDBOX],
    });
    const tokens = await exchangeCode(cfg, {
      code: callback.searchParams.get('code') ?? '',
      redirectUri: REDIRECT,
    });
    expect((await getAccessibleResources(cfg, tokens.accessToken)).map((s) => s.cloudId)).toEqual([SANDBOX]);
  });

  test('a denied consent comes back as error=access_denied', async () => {
    const callback = await consent(buildAuthorizeUrl(cfg, { redirectUri: REDIRECT, state: 's2' }), {
      decision: 'deny',
    });
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('code')).toBeNull();
  });

  test('a code works once: reusing it is REAUTH_REQUIRED', async () => {
    const callback = await consent(buildAuthorizeUrl(cfg, { redirectUri: REDIRECT, state: 's3' }));
    const code = callback.searchParams.get('code') ?? '';
    await exchangeCode(cfg, { code, redirectUri: REDIRECT });
    expect(await failure(exchangeCode(cfg, { code, redirectUri: REDIRECT }))).toMatchObject({
      kind: 'REAUTH_REQUIRED',
    });
  });

  test('a wrong client secret is OAUTH_ERROR (configuration), never echoing the secret', async () => {
    const callback = await consent(buildAuthorizeUrl(cfg, { redirectUri: REDIRECT, state: 's4' }));
    const e = await failure(
      exchangeCode(
        { ...cfg, clientSecret: 'wrong-secret-0123456789' },
        { code: callback.searchParams.get('code') ?? '', redirectUri: REDIRECT },
      ),
    );
    expect(e).toMatchObject({ kind: 'OAUTH_ERROR', status: 401 });
    expect(JSON.stringify({ m: e.message, d: e.details })).not.toContain('wrong-secret-0123456789');
  });
});

describe('refresh', () => {
  test('rotates the refresh token; the new access token works', async () => {
    const first = await connect();
    const second = await refreshTokens(cfg, first.refreshToken ?? '');
    expect(second.refreshToken).toEqual(expect.any(String));
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect((await getMe(cfg, second.accessToken)).accountId).toBe('acc-ada');
    const third = await refreshTokens(cfg, second.refreshToken ?? '');
    expect(third.refreshToken).not.toBe(second.refreshToken);
  });

  test('expiresAt follows the injected clock', async () => {
    const tokens = await connect();
    const refreshed = await refreshTokens({ ...cfg, now: () => 1_000_000 }, tokens.refreshToken ?? '');
    expect(refreshed.expiresAt.getTime()).toBe(1_000_000 + 3_600_000);
  });

  test('a rotated-out token reused after the leeway kills the family: REAUTH_REQUIRED', async () => {
    const first = await connect();
    const second = await refreshTokens(cfg, first.refreshToken ?? '');
    await control('POST', '/clock', { advanceMs: 11 * 60 * 1000 });
    const reuse = await failure(refreshTokens(cfg, first.refreshToken ?? ''));
    expect(reuse).toMatchObject({ kind: 'REAUTH_REQUIRED', retryable: false });
    expect(reuse.message).toContain('connect Confluence again');
    expect(JSON.stringify({ m: reuse.message, d: reuse.details })).not.toContain(first.refreshToken ?? '???');
    expect(await failure(refreshTokens(cfg, second.refreshToken ?? ''))).toMatchObject({
      kind: 'REAUTH_REQUIRED',
    });
  });

  test('the user removing the app (revoke) is REAUTH_REQUIRED', async () => {
    const tokens = await connect();
    await control('POST', '/revoke', { accountId: 'acc-ada' });
    expect(await failure(refreshTokens(cfg, tokens.refreshToken ?? ''))).toMatchObject({
      kind: 'REAUTH_REQUIRED',
    });
  });

  test('an unknown refresh token is REAUTH_REQUIRED', async () => {
    expect(await failure(refreshTokens(cfg, 'never-issued-0123456789'))).toMatchObject({
      kind: 'REAUTH_REQUIRED',
      status: 403,
    });
  });

  test('a token endpoint outage is retryable, and a dropped connection is NETWORK', async () => {
    const tokens = await connect();
    await control('POST', '/faults', { method: 'POST', path: '/oauth/token', status: 503, times: 1 });
    expect(await failure(refreshTokens(cfg, tokens.refreshToken ?? ''))).toMatchObject({
      kind: 'UPSTREAM_UNAVAILABLE',
      retryable: true,
    });
    await control('POST', '/faults', { method: 'POST', path: '/oauth/token', drop: true, times: 1 });
    expect(await failure(refreshTokens(cfg, tokens.refreshToken ?? ''))).toMatchObject({ kind: 'NETWORK' });
    // The refresh token survived both failures.
    await expect(refreshTokens(cfg, tokens.refreshToken ?? '')).resolves.toHaveProperty('accessToken');
  });
});

test('getMe without read:me is SCOPE_MISSING', async () => {
  const minted = (await control('POST', '/tokens', {
    accountId: 'acc-bob',
    scopes: ['read:page:confluence'],
  })) as { access_token: string };
  expect(await failure(getMe(cfg, minted.access_token))).toMatchObject({
    kind: 'SCOPE_MISSING',
    missingScope: 'read:me',
  });
});
