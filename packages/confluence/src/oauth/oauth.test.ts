import { describe, expect, test } from 'vitest';
import type { ConfluenceErrorKind } from '../errors.js';
import { type FakeReply, fakeTransport } from '../client/fake-transport.js';
import { buildAuthorizeUrl } from './authorize-url.js';
import type { OAuthConfig } from './config.js';
import { getAccessibleResources, getMe } from './resources.js';
import { CONFLUENCE_SCOPES } from './scopes.js';
import { exchangeCode, refreshTokens } from './tokens.js';

const SECRET = 'client-secret-0123456789';
const NOW = Date.parse('2025-06-01T12:00:00Z');

function cfgWith(replies: (FakeReply | Error)[]) {
  const transport = fakeTransport(replies);
  const cfg: OAuthConfig = {
    clientId: 'cid',
    clientSecret: SECRET,
    authBaseUrl: 'http://auth.test/',
    apiBaseUrl: 'http://api.test',
    transport,
    now: () => NOW,
  };
  return { cfg, transport };
}

const tokenBody = {
  access_token: 'at-1',
  refresh_token: 'rt-2',
  expires_in: 3600,
  scope: 'read:page:confluence offline_access',
  token_type: 'Bearer',
};

describe('buildAuthorizeUrl', () => {
  test('has every parameter Atlassian requires, scopes space-separated', () => {
    const url = new URL(
      buildAuthorizeUrl(
        { clientId: 'cid', authBaseUrl: 'http://auth.test/' },
        { redirectUri: 'http://app/cb', state: 'n0nce' },
      ),
    );
    expect(url.origin + url.pathname).toBe('http://auth.test/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      audience: 'api.atlassian.com',
      client_id: 'cid',
      scope: CONFLUENCE_SCOPES.join(' '),
      redirect_uri: 'http://app/cb',
      state: 'n0nce',
      response_type: 'code',
      prompt: 'consent',
    });
    expect(url.search).toContain('scope=read%3Aspace%3Aconfluence%20read%3Apage');
  });

  test('defaults to auth.atlassian.com, accepts custom scopes, refuses an empty state', () => {
    expect(
      buildAuthorizeUrl({ clientId: 'c' }, { redirectUri: 'r', state: 's', scopes: ['read:me'] }),
    ).toMatch(/^https:\/\/auth\.atlassian\.com\/authorize\?.*scope=read%3Ame&/);
    expect(() => buildAuthorizeUrl({ clientId: 'c' }, { redirectUri: 'r', state: '' })).toThrow(TypeError);
  });

  test('CONFLUENCE_SCOPES covers the tools, refresh and the account', () => {
    expect(CONFLUENCE_SCOPES).toEqual(
      expect.arrayContaining([
        'read:space:confluence',
        'write:comment:confluence',
        'search:confluence',
        'read:me',
        'offline_access',
      ]),
    );
  });
});

describe('token endpoint', () => {
  test('exchangeCode posts a JSON body and returns an absolute expiry', async () => {
    const { cfg, transport } = cfgWith([{ status: 200, body: tokenBody }]);
    const set = await exchangeCode(cfg, { code: 'the-code', redirectUri: 'http://app/cb' });
    const req = transport.requests[0];
    expect(req?.url).toBe('http://auth.test/oauth/token');
    expect(req?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req?.body ?? '')).toEqual({
      grant_type: 'authorization_code',
      client_id: 'cid',
      client_secret: SECRET,
      code: 'the-code',
      redirect_uri: 'http://app/cb',
    });
    expect(set).toEqual({
      accessToken: 'at-1',
      refreshToken: 'rt-2',
      expiresAt: new Date(NOW + 3_600_000),
      scopes: ['read:page:confluence', 'offline_access'],
      tokenType: 'Bearer',
    });
  });

  test('refreshTokens returns the rotated refresh token', async () => {
    const { cfg, transport } = cfgWith([{ status: 200, body: { ...tokenBody, refresh_token: 'rt-3' } }]);
    expect((await refreshTokens(cfg, 'rt-2')).refreshToken).toBe('rt-3');
    expect(JSON.parse(transport.requests[0]?.body ?? '')).toMatchObject({
      grant_type: 'refresh_token',
      refresh_token: 'rt-2',
    });
  });

  test('refreshTokens keeps the old refresh token when the response has none', async () => {
    const { refresh_token: _r, token_type: _t, ...noRefresh } = tokenBody;
    const { cfg } = cfgWith([{ status: 200, body: noRefresh }]);
    expect(await refreshTokens(cfg, 'rt-2')).toMatchObject({ refreshToken: 'rt-2', tokenType: 'Bearer' });
  });

  test.each<[string, FakeReply, ConfluenceErrorKind, boolean]>([
    [
      '403 invalid_grant',
      {
        status: 403,
        body: { error: 'invalid_grant', error_description: 'Unknown or invalid refresh token.' },
      },
      'REAUTH_REQUIRED',
      false,
    ],
    [
      '400 invalid_grant',
      { status: 400, body: { error: 'invalid_grant', error_description: 'expired' } },
      'REAUTH_REQUIRED',
      false,
    ],
    [
      '403 unauthorized_client',
      { status: 403, body: { error: 'unauthorized_client', error_description: 'refresh_token is invalid' } },
      'REAUTH_REQUIRED',
      false,
    ],
    [
      '401 access_denied',
      { status: 401, body: { error: 'access_denied', error_description: 'Unauthorized' } },
      'OAUTH_ERROR',
      false,
    ],
    [
      '400 invalid_request',
      { status: 400, body: { error: 'invalid_request', error_description: 'redirect_uri mismatch' } },
      'OAUTH_ERROR',
      false,
    ],
    ['429', { status: 429, headers: { 'retry-after': '7' } }, 'RATE_LIMITED', true],
    ['500', { status: 500, body: 'Internal Server Error' }, 'UPSTREAM_ERROR', true],
    ['503', { status: 503 }, 'UPSTREAM_UNAVAILABLE', true],
    ['200 without a token', { status: 200, body: { expires_in: 3600 } }, 'UPSTREAM_ERROR', false],
  ])('%s → %s', async (_name, reply, kind, retryable) => {
    const { cfg } = cfgWith([reply]);
    const e = (await refreshTokens(cfg, 'rt-secret-0123456789').catch((err: unknown) => err)) as Error;
    expect(e).toMatchObject({ kind, retryable });
    const text = JSON.stringify({ m: e.message, d: (e as { details?: unknown }).details });
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('rt-secret-0123456789');
  });

  test('a wrong client secret is reported as a configuration problem', async () => {
    const { cfg } = cfgWith([
      { status: 401, body: { error: 'access_denied', error_description: 'Unauthorized' } },
    ]);
    await expect(exchangeCode(cfg, { code: 'c', redirectUri: 'r' })).rejects.toThrow(/configuration problem/);
  });

  test('an invalid code asks to start the connection again', async () => {
    const { cfg } = cfgWith([
      { status: 403, body: { error: 'invalid_grant', error_description: 'Invalid authorization code' } },
    ]);
    await expect(exchangeCode(cfg, { code: 'c', redirectUri: 'r' })).rejects.toThrow(
      /Start the Confluence connection again/,
    );
  });

  test('network failure → NETWORK; no retry of the POST', async () => {
    const { cfg, transport } = cfgWith([new Error('ECONNREFUSED'), { status: 200, body: tokenBody }]);
    await expect(refreshTokens(cfg, 'rt')).rejects.toMatchObject({ kind: 'NETWORK', retryable: true });
    expect(transport.requests).toHaveLength(1);
  });

  test('timeout → TIMEOUT', async () => {
    const { cfg } = cfgWith([{ status: 200, body: tokenBody, delayMs: 5_000 }]);
    await expect(refreshTokens({ ...cfg, timeoutMs: 20 }, 'rt')).rejects.toMatchObject({ kind: 'TIMEOUT' });
  });
});

describe('accessible resources and /me', () => {
  test('maps sites and keeps every one (order is not meaningful)', async () => {
    const { cfg, transport } = cfgWith([
      {
        status: 200,
        body: [
          {
            id: 'c-1',
            name: 'Acme',
            url: 'https://acme.atlassian.net',
            scopes: ['read:page:confluence'],
            avatarUrl: 'https://a/1.png',
          },
          { id: 'c-2', name: 'Sandbox', url: 'https://sbx.atlassian.net', scopes: [] },
        ],
      },
    ]);
    expect(await getAccessibleResources(cfg, 'at-0123456789')).toEqual([
      {
        cloudId: 'c-1',
        name: 'Acme',
        url: 'https://acme.atlassian.net',
        scopes: ['read:page:confluence'],
        avatarUrl: 'https://a/1.png',
      },
      { cloudId: 'c-2', name: 'Sandbox', url: 'https://sbx.atlassian.net', scopes: [] },
    ]);
    expect(transport.requests[0]).toMatchObject({
      method: 'GET',
      url: 'http://api.test/oauth/token/accessible-resources',
      headers: { authorization: 'Bearer at-0123456789' },
    });
  });

  test('getMe maps the account', async () => {
    const { cfg, transport } = cfgWith([
      {
        status: 200,
        body: {
          account_id: 'acc-ada',
          name: 'Ada Admin',
          email: 'ada@example.com',
          picture: 'https://p',
          account_status: 'active',
        },
      },
    ]);
    expect(await getMe(cfg, 'at')).toEqual({
      accountId: 'acc-ada',
      name: 'Ada Admin',
      email: 'ada@example.com',
      picture: 'https://p',
    });
    expect(transport.requests[0]?.url).toBe('http://api.test/me');
  });

  test('getMe without read:me → SCOPE_MISSING; expired token → UNAUTHORIZED', async () => {
    const scope = cfgWith([
      { status: 401, body: { code: 401, message: 'Unauthorized; scope does not match' } },
    ]);
    await expect(getMe(scope.cfg, 'at')).rejects.toMatchObject({
      kind: 'SCOPE_MISSING',
      missingScope: 'read:me',
    });
    const expired = cfgWith([{ status: 401, body: 'Unauthorized' }]);
    await expect(getAccessibleResources(expired.cfg, 'at')).rejects.toMatchObject({ kind: 'UNAUTHORIZED' });
  });

  test('a malformed body is UPSTREAM_ERROR', async () => {
    const { cfg } = cfgWith([{ status: 200, body: { not: 'a list' } }]);
    await expect(getAccessibleResources(cfg, 'at')).rejects.toMatchObject({ kind: 'UPSTREAM_ERROR' });
  });
});
