import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { Emulator } from '../emulator.js';
import { startEmulator } from '../emulator.js';
import { ACME_CLOUD_ID, SANDBOX_CLOUD_ID } from '../identities.js';
import { request } from '../test-support/api.js';
import { authorizeUrl, consent, exchangeCode, REDIRECT_URI } from '../test-support/oauth.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
});
afterAll(() => emu.close());
beforeEach(() => emu.control.reset());

describe('GET /authorize', () => {
  test('renders a consent page with the app, scopes, accounts, sites and both buttons', async () => {
    const res = await request<string>(authorizeUrl(emu));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = res.body;
    expect(html).toContain('Integrations Hub (demo)');
    expect(html).toContain('<code id="client-id">hub-demo-client</code>');
    expect(html).toContain('data-scope="read:page:confluence"');
    expect(html).toContain('data-scope="offline_access"');
    expect(html).toMatch(/<option value="acc-ada" selected>Ada Admin/);
    expect(html).toContain('<option value="acc-bob">Bob Builder');
    expect(html).toContain(`name="site" value="${ACME_CLOUD_ID}" checked`);
    expect(html).toContain(`name="site" value="${SANDBOX_CLOUD_ID}" checked`);
    expect(html).toContain(
      '<button type="submit" name="decision" value="accept" id="accept">Accept</button>',
    );
    expect(html).toContain('<button type="submit" name="decision" value="deny" id="deny">Deny</button>');
  });

  test('an unknown client gets an error page, not a redirect', async () => {
    const res = await request<string>(authorizeUrl(emu, { client_id: 'nope' }));
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(res.body).toContain('Invalid client');
  });

  test('a malformed redirect_uri gets an error page', async () => {
    const res = await request<string>(authorizeUrl(emu, { redirect_uri: 'javascript:alert(1)' }));
    expect(res.status).toBe(400);
    expect(res.body).toContain('Invalid redirect_uri');
  });

  test.each([
    [{ response_type: 'token' }, 'unsupported_response_type'],
    [{ audience: 'example.com' }, 'invalid_request'],
    [{ scope: 'read:page:confluence fly:to-the-moon' }, 'invalid_scope'],
    [{ scope: '' }, 'invalid_scope'],
  ])('%o is sent back to the app as error=%s with the state', async (overrides, error) => {
    const res = await request(authorizeUrl(emu, overrides));
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
    expect(location.searchParams.get('error')).toBe(error);
    expect(location.searchParams.get('state')).toBe('state-123');
  });

  test('a client registered with callback URLs rejects any other', async () => {
    const strict = await startEmulator({
      port: 0,
      clients: [{ clientId: 'strict', clientSecret: 's', redirectUris: ['http://localhost:9/cb'] }],
    });
    try {
      const res = await request<string>(authorizeUrl(strict, { client_id: 'strict' }));
      expect(res.status).toBe(400);
      const ok = await request<string>(
        authorizeUrl(strict, { client_id: 'strict', redirect_uri: 'http://localhost:9/cb' }),
      );
      expect(ok.status).toBe(200);
    } finally {
      await strict.close();
    }
  });
});

describe('POST /authorize (the consent form)', () => {
  test('accept redirects with a code and the state', async () => {
    const { status, location } = await consent(emu);
    expect(status).toBe(302);
    expect(location?.origin).toBe('http://127.0.0.1:3000');
    expect(location?.pathname).toBe('/integrations/confluence/callback');
    expect(location?.searchParams.get('code')).toMatch(/^[\w-]{20,}$/);
    expect(location?.searchParams.get('state')).toBe('state-123');
  });

  test('deny redirects with error=access_denied, a description and the state', async () => {
    const { status, location } = await consent(emu, { decision: 'deny' });
    expect(status).toBe(302);
    expect(location?.searchParams.get('error')).toBe('access_denied');
    expect(location?.searchParams.get('error_description')).toBeTruthy();
    expect(location?.searchParams.get('state')).toBe('state-123');
    expect(location?.searchParams.has('code')).toBe(false);
  });

  test('only the chosen account’s sites are granted, and unticking all of them is refused', async () => {
    const bob = await consent(emu, { account: 'acc-bob' });
    const code = bob.location?.searchParams.get('code') ?? '';
    const tokens = await exchangeCode(emu, code);
    const sites = await request<{ id: string }[]>(`${emu.url}/oauth/token/accessible-resources`, {
      headers: { authorization: `Bearer ${tokens.body.access_token}` },
    });
    expect(sites.body.map((s) => s.id)).toEqual([ACME_CLOUD_ID]);

    const none = await consent(emu, { sites: [] });
    expect(none.status).toBe(400);
    expect(none.html).toContain('Choose at least one site');
  });

  test('a single ticked site is all the token can reach', async () => {
    const { location } = await consent(emu, { sites: [SANDBOX_CLOUD_ID] });
    const tokens = await exchangeCode(emu, location?.searchParams.get('code') ?? '');
    const sites = await request<{ id: string }[]>(`${emu.url}/oauth/token/accessible-resources`, {
      headers: { authorization: `Bearer ${tokens.body.access_token}` },
    });
    expect(sites.body.map((s) => s.id)).toEqual([SANDBOX_CLOUD_ID]);
  });
});
