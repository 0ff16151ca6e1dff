import type { Emulator } from '../emulator.js';
import { DEMO_CLIENT } from '../options.js';
import { jsonInit, request } from './api.js';

export const REDIRECT_URI = 'http://127.0.0.1:3000/integrations/confluence/callback';
export const ALL_SCOPES =
  'read:space:confluence read:page:confluence write:page:confluence read:comment:confluence write:comment:confluence search:confluence offline_access read:me';

export function authorizeUrl(emu: Emulator, overrides: Record<string, string> = {}): string {
  const params = new URLSearchParams({
    audience: 'api.atlassian.com',
    client_id: DEMO_CLIENT.clientId,
    scope: ALL_SCOPES,
    redirect_uri: REDIRECT_URI,
    state: 'state-123',
    response_type: 'code',
    prompt: 'consent',
    ...overrides,
  });
  return `${emu.url}/authorize?${params.toString()}`;
}

/** The hidden fields of the consent form, read from the page as a browser would. */
export function hiddenFields(html: string): URLSearchParams {
  const form = new URLSearchParams();
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)" \/>/g)) {
    form.append(
      m[1] ?? '',
      (m[2] ?? '')
        .replaceAll('&quot;', '"')
        .replaceAll('&lt;', '<')
        .replaceAll('&gt;', '>')
        .replaceAll('&amp;', '&'),
    );
  }
  return form;
}

export interface ConsentChoice {
  decision?: 'accept' | 'deny';
  account?: string;
  sites?: string[];
  query?: Record<string, string>;
}

/** Loads the consent page and submits its form; returns the redirect target (or the failed response). */
export async function consent(
  emu: Emulator,
  choice: ConsentChoice = {},
): Promise<{ status: number; location: URL | null; html: string }> {
  const page = await request<string>(authorizeUrl(emu, choice.query));
  if (page.status !== 200) return { status: page.status, location: null, html: page.body };
  const form = hiddenFields(page.body);
  form.set('account', choice.account ?? 'acc-ada');
  for (const site of choice.sites ?? [
    '11111111-1111-4111-8111-111111111111',
    '22222222-2222-4222-8222-222222222222',
  ]) {
    form.append('site', site);
  }
  form.set('decision', choice.decision ?? 'accept');
  const res = await request<string>(`${emu.url}/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  const location = res.headers.get('location');
  return { status: res.status, location: location === null ? null : new URL(location), html: res.body };
}

export interface TokenBody {
  access_token: string;
  refresh_token?: string;
  expires_in: number;
  scope: string;
  token_type: string;
}

export function tokenRequest(emu: Emulator, body: Record<string, string>) {
  return request<TokenBody & { error?: string; error_description?: string }>(
    `${emu.url}/oauth/token`,
    jsonInit('POST', body),
  );
}

export function exchangeCode(emu: Emulator, code: string, overrides: Record<string, string> = {}) {
  return tokenRequest(emu, {
    grant_type: 'authorization_code',
    client_id: DEMO_CLIENT.clientId,
    client_secret: DEMO_CLIENT.clientSecret,
    code,
    redirect_uri: REDIRECT_URI,
    ...overrides,
  });
}

export function refresh(emu: Emulator, refreshToken: string, overrides: Record<string, string> = {}) {
  return tokenRequest(emu, {
    grant_type: 'refresh_token',
    client_id: DEMO_CLIENT.clientId,
    client_secret: DEMO_CLIENT.clientSecret,
    refresh_token: refreshToken,
    ...overrides,
  });
}

/** Consent + code exchange in one step. */
export async function connect(emu: Emulator, choice: ConsentChoice = {}): Promise<TokenBody> {
  const { location } = await consent(emu, choice);
  const code = location?.searchParams.get('code');
  if (code === null || code === undefined) throw new Error('consent did not return a code');
  const res = await exchangeCode(emu, code);
  if (res.status !== 200) throw new Error(`code exchange answered ${res.status}`);
  return res.body;
}
