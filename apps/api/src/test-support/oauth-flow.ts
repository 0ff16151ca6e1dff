import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { fetchTransport, type Transport } from '@hub/confluence';
import { startEmulator, type Emulator } from '@hub/confluence-emulator';
import express from 'express';
import { afterAll, beforeAll } from 'vitest';

import type { UserPrincipal } from '../auth/principal.js';
import type { AuthService } from '../auth/service.js';
import { oauthFor } from '../connections/test-support/vault-kit.js';
import { TokenCipher } from '../connections/token-cipher.js';
import { createLogger } from '../logger.js';
import { createOAuthRouter, START_PATH, type OAuthRouteDeps } from '../oauth/index.js';
import { createTestAuthService, signIn } from './auth.js';
import type { TestDatabaseHandle } from './database.js';
import { testKeyring } from './fixtures.js';

/**
 * The OAuth routes on a real HTTP server (port 0) against a real emulator, with a real better-auth session.
 * Records what the tests check for leaks: every token the emulator issued, and every log line.
 */
export interface OAuthHarness {
  emu: Emulator;
  /** Origin of the API under test (also its PUBLIC_URL). */
  apiUrl: string;
  deps: OAuthRouteDeps;
  auth: AuthService;
  /** Connection ids the router asked the vault to forget, in order. */
  forgotten: string[];
  /** Access and refresh tokens the emulator's token endpoint handed out. */
  issuedTokens: string[];
  logLines: string[];
  /** Every authorization code and state that came back from the consent page. */
  codesAndStates: string[];
  /** Moves the OAuth routes' clock (not the emulator's). */
  advanceClock(ms: number): void;
}

export function useOAuthHarness(t: TestDatabaseHandle): () => OAuthHarness {
  let harness: OAuthHarness | undefined;
  let server: Server | undefined;
  beforeAll(async () => {
    const emu = await startEmulator({ port: 0 });
    server = createServer();
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const issuedTokens: string[] = [];
    const logLines: string[] = [];
    const forgotten: string[] = [];
    let offset = 0;
    const deps: OAuthRouteDeps = {
      db: t.db,
      cipher: new TokenCipher(testKeyring('k1')),
      logger: createLogger({ level: 'debug', destination: { write: (line: string) => logLines.push(line) } }),
      auth: createTestAuthService(t.db),
      vault: { forget: (id) => forgotten.push(id) },
      oauth: { ...oauthFor(emu), transport: recording(fetchTransport(), issuedTokens) },
      publicUrl: apiUrl,
      now: () => Date.now() + offset,
    };
    const app = express();
    app.use(createOAuthRouter(deps));
    server.on('request', app);
    harness = {
      emu,
      apiUrl,
      deps,
      auth: deps.auth as AuthService,
      forgotten,
      issuedTokens,
      logLines,
      codesAndStates: [],
      advanceClock: (ms) => {
        offset += ms;
      },
    };
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await harness?.emu.close();
  });
  return () => {
    if (harness === undefined) throw new Error('useOAuthHarness(): available inside tests only');
    return harness;
  };
}

function recording(inner: Transport, issued: string[]): Transport {
  return async (req) => {
    const res = await inner(req);
    if (!req.url.endsWith('/oauth/token')) return res;
    const text = await res.text();
    try {
      const body = JSON.parse(text) as { access_token?: unknown; refresh_token?: unknown };
      for (const token of [body.access_token, body.refresh_token]) {
        if (typeof token === 'string') issued.push(token);
      }
    } catch {
      // Not JSON: nothing was issued.
    }
    return { status: res.status, headers: res.headers, text: () => Promise.resolve(text) };
  };
}

export interface TestUser {
  userId: string;
  workspaceId: string;
  email: string;
  password: string;
  cookie: string;
  principal: UserPrincipal;
}

let sequence = 0;
// Sign-in is rate limited per client address: every sign-in of a test comes from its own.
const nextIp = (): string => `198.51.100.${(sequence % 250) + 1}`;

/** A new workspace and its admin, signed in. */
export async function newAdmin(h: OAuthHarness): Promise<TestUser> {
  sequence += 1;
  const email = `admin-${sequence}-${Date.now()}@example.com`;
  const password = 'admin-password-0123';
  const { userId, workspaceId } = await h.auth.bootstrapAdmin({
    email,
    password,
    workspaceName: `WS ${sequence}`,
  });
  return { userId, workspaceId, email, password, ...(await session(h, email, password)) };
}

/** Another user of a workspace, signed in. */
export async function newMember(
  h: OAuthHarness,
  workspaceId: string,
  role: 'admin' | 'member',
): Promise<TestUser> {
  sequence += 1;
  const email = `${role}-${sequence}-${Date.now()}@example.com`;
  const password = 'member-password-0123';
  const userId = await h.auth.createUser({ email, password, name: `User ${sequence}`, workspaceId, role });
  return { userId, workspaceId, email, password, ...(await session(h, email, password)) };
}

/** A second, independent session of the same user (another browser). */
export async function signInAgain(h: OAuthHarness, user: TestUser): Promise<TestUser> {
  return { ...user, ...(await session(h, user.email, user.password)) };
}

async function session(
  h: OAuthHarness,
  email: string,
  password: string,
): Promise<{ cookie: string; principal: UserPrincipal }> {
  sequence += 1;
  const cookie = await signIn(h.auth, email, password, nextIp());
  const principal = await h.auth.resolveSession(new Headers({ cookie }));
  if (principal === null) throw new Error('signed in but no session');
  return { cookie, principal };
}

/** A GET against the API as the browser would send it, redirects not followed. */
export function browserGet(h: OAuthHarness, pathOrUrl: string, cookie?: string): Promise<Response> {
  const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${h.apiUrl}${pathOrUrl}`;
  return fetch(url, { redirect: 'manual', headers: cookie === undefined ? {} : { cookie } });
}

export function startPath(returnTo?: string): string {
  return returnTo === undefined
    ? START_PATH
    : `${START_PATH}?${new URLSearchParams({ returnTo }).toString()}`;
}

/** Starts a consent as `user`; returns the Atlassian authorize URL it redirected to. */
export async function startConsent(h: OAuthHarness, user: TestUser, returnTo?: string): Promise<string> {
  const res = await browserGet(h, startPath(returnTo), user.cookie);
  const location = res.headers.get('location');
  if (res.status !== 302 || location === null || !location.startsWith(h.emu.url)) {
    throw new Error(`start answered ${res.status} → ${location ?? '(none)'}`);
  }
  return location;
}

export interface ConsentChoice {
  account?: 'acc-ada' | 'acc-bob';
  sites?: string[];
  decision?: 'accept' | 'deny';
}

/** Plays the admin on the emulator's consent page: loads it, submits its form; returns the callback URL. */
export async function consentAt(authorizeUrl: string, choice: ConsentChoice = {}): Promise<string> {
  const page = await fetch(authorizeUrl);
  const html = await page.text();
  if (page.status !== 200) throw new Error(`consent page answered ${page.status}`);
  const form = new URLSearchParams();
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)" \/>/g)) {
    form.append(m[1] ?? '', decodeEntities(m[2] ?? ''));
  }
  const account = choice.account ?? 'acc-bob';
  form.set('account', account);
  const group = new RegExp(
    `<fieldset class="site-group" data-account="${account}"[^>]*>([\\s\\S]*?)</fieldset>`,
  ).exec(html)?.[1];
  const offered = [...(group ?? '').matchAll(/name="site" value="([^"]+)"/g)].map((m) => m[1] ?? '');
  for (const site of choice.sites ?? offered) form.append('site', site);
  form.set('decision', choice.decision ?? 'accept');
  const res = await fetch(new URL('/authorize', authorizeUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
    redirect: 'manual',
  });
  const location = res.headers.get('location');
  if (res.status !== 302 || location === null) throw new Error(`consent form answered ${res.status}`);
  return location;
}

const decodeEntities = (s: string): string =>
  s
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');

/** Follows Atlassian's redirect back to the callback as `user`; returns where the API sent the browser. */
export async function callback(h: OAuthHarness, callbackUrl: string, user?: TestUser): Promise<URL> {
  for (const key of ['code', 'state']) {
    const value = new URL(callbackUrl, h.apiUrl).searchParams.get(key);
    if (value !== null && value.length >= 16) h.codesAndStates.push(value);
  }
  const res = await browserGet(h, callbackUrl, user?.cookie);
  const location = res.headers.get('location');
  if (res.status !== 302 || location === null) throw new Error(`callback answered ${res.status}`);
  if (!location.startsWith('/') || location.startsWith('//'))
    throw new Error(`off-site redirect: ${location}`);
  return new URL(location, h.apiUrl);
}

/** start → consent → callback, all as `user`. */
export async function connectFlow(
  h: OAuthHarness,
  user: TestUser,
  choice: ConsentChoice = {},
  returnTo?: string,
): Promise<URL> {
  return callback(h, await consentAt(await startConsent(h, user, returnTo), choice), user);
}
