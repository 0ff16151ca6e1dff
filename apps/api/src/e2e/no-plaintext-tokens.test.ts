import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { fetchTransport, type OAuthConfig, type Transport } from '@hub/confluence';
import { SANDBOX_CLOUD_ID, startEmulator, type Emulator } from '@hub/confluence-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ActivityRecorder } from '../activity/recorder.js';
import { createApp } from '../app.js';
import { startBackgroundRefresher } from '../connections/background-refresher.js';
import { storedConnection, testClock } from '../connections/test-support/vault-kit.js';
import { TokenCipher } from '../connections/token-cipher.js';
import { ConnectionVault } from '../connections/vault.js';
import { createLogger } from '../logger.js';
import { apiClient, rejection, signInOverHttp, type ApiHarness } from '../test-support/api-harness.js';
import { createTestAuthService } from '../test-support/auth.js';
import { useTestDatabase } from '../test-support/database.js';
import { testKeyring } from '../test-support/fixtures.js';
import { consentAt } from '../test-support/oauth-flow.js';
import { reportSummary } from '../test-support/suite-summary.js';
import {
  dumpRows,
  leaksIn,
  pgDump,
  SECRET_FORMS,
  secretForms,
  withoutTableData,
} from './test-support/dump.js';

/**
 * "A database dump plus the logs contain no token in clear text", through the real flow: OAuth consent on the
 * emulator's page, tool calls, a forced refresh (401), an expired-token refresh, a background refresh, a second
 * connection disconnected, a revoked key, a refused refresh token. Every secret issued on the way is collected
 * where it is born (the token endpoint's answers, the consent redirect, key creation, the sign-in's cookie) and
 * searched for — as written, percent-encoded, base64, base64url, hex, and by its first 16 characters — in every
 * row of every table, in pg_dump's output (PostgreSQL) or the raw data directory (PGlite), and in every log line.
 *
 * The session cookie is `<token>.<signature>`. better-auth keeps the token itself in clear in `session.token`
 * (a known gap: whoever reads that table can act as the session), so the scans check what can honestly hold:
 * the cookie value and its signature appear nowhere, and the token appears in the session table only, never in
 * another table, in pg_dump outside that table's data, or in a log.
 */

const t = useTestDatabase();
const clock = testClock();
/** label → secret value; labels keep a failure readable without printing the secret. */
const secrets = new Map<string, string>();
const logLines: string[] = [];
/** The session cookie's value and signature; its first 16 characters are the token's, so no prefix search. */
const cookieSecrets = new Map<string, string>();
/** better-auth's session token (the cookie value before the dot), stored in clear in session.token. */
const sessionSecrets = new Map<string, string>();
const NO_PREFIX = SECRET_FORMS.filter((form) => form !== 'prefix');
let tokenResponses = 0;
let h: ApiHarness;
let server: Server;

const remember = (label: string, value: string | null | undefined) => {
  if (value === null || value === undefined || value === '') throw new Error(`no ${label} to remember`);
  secrets.set(`${label} #${secrets.size + 1}`, value);
};

/** The token endpoint's answers, as the API received them: every access and refresh token issued. */
function recordingTransport(inner: Transport): Transport {
  return async (req) => {
    const res = await inner(req);
    if (!new URL(req.url).pathname.endsWith('/oauth/token')) return res;
    const text = await res.text();
    try {
      const body = JSON.parse(text) as { access_token?: unknown; refresh_token?: unknown };
      if (typeof body.access_token === 'string') {
        tokenResponses += 1;
        remember('access token', body.access_token);
      }
      if (typeof body.refresh_token === 'string') remember('refresh token', body.refresh_token);
    } catch {
      // Not JSON: nothing issued.
    }
    return { status: res.status, headers: res.headers, text: () => Promise.resolve(text) };
  };
}

beforeAll(async () => {
  const clientSecret = randomBytes(24).toString('base64url');
  secrets.set('client secret', clientSecret);
  const emu: Emulator = await startEmulator({
    port: 0,
    seed: 'demo',
    clients: [{ clientId: 'e2e-hub-client', clientSecret }],
  });
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const logger = createLogger({
    level: 'trace',
    destination: { write: (line: string) => logLines.push(line) },
  });
  const cipher = new TokenCipher(testKeyring('k1'));
  const auth = createTestAuthService(t.db, { baseURL: url, logger });
  const oauth: OAuthConfig = {
    clientId: 'e2e-hub-client',
    clientSecret,
    authBaseUrl: emu.url,
    apiBaseUrl: emu.url,
    transport: recordingTransport(fetchTransport()),
  };
  const vault = new ConnectionVault({ db: t.db, cipher, logger, oauth, now: clock.now });
  const activity = new ActivityRecorder({ db: t.db, logger, flushIntervalMs: 60_000 });
  const services = { db: t.db, cipher, logger, auth, vault, activity, oauth, publicUrl: url };
  server.on('request', createApp({ ...services, webDist: null }));
  h = { emu, url, services, auth, activity, cipher, logLines };
});

afterAll(async () => {
  await h.activity.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await h.emu.close();
});

/** start → the emulator's consent form → callback, with the admin's session; returns the new connection id. */
async function connectThroughConsent(
  cookie: string,
  choice: Parameters<typeof consentAt>[1],
): Promise<string> {
  const start = await fetch(`${h.url}/oauth/confluence/start`, { headers: { cookie }, redirect: 'manual' });
  expect(start.status).toBe(302);
  const authorizeUrl = new URL(start.headers.get('location') ?? '');
  remember('oauth state', authorizeUrl.searchParams.get('state'));
  const callbackUrl = new URL(await consentAt(authorizeUrl.toString(), choice));
  remember('authorization code', callbackUrl.searchParams.get('code'));
  const landed = await fetch(callbackUrl, { headers: { cookie }, redirect: 'manual' });
  const location = new URL(landed.headers.get('location') ?? '', h.url);
  const connectionId = location.searchParams.get('connected');
  if (connectionId === null) throw new Error(`consent did not connect: ${location.toString()}`);
  return connectionId;
}

describe('the secrets scan', () => {
  it('finds a secret in every form it looks for, wherever it sits in a longer encoded text', () => {
    const secret = randomBytes(30).toString('base64url');
    const secrets = new Map([['token', secret]]);
    expect(leaksIn(`unrelated ${randomBytes(40).toString('base64')}`, secrets)).toEqual([]);
    // Each form after 0, 1 and 2 bytes (every base64 alignment) and after a longer text.
    const embed = {
      exact: (before: string) => `{"token":"${before}${secret}"}`,
      'percent-encoded': (before: string) => `?next=${encodeURIComponent(`a b/${before}${secret}`)}`,
      base64: (before: string) => Buffer.from(`${before}${secret}`).toString('base64'),
      base64url: (before: string) => Buffer.from(`${before}${secret}`).toString('base64url'),
      hex: (before: string) => Buffer.from(`${before}${secret}`).toString('hex'),
      prefix: (before: string) => `${before}${secret.slice(0, 16)}…`,
    } satisfies Record<(typeof SECRET_FORMS)[number], (before: string) => string>;
    for (const form of SECRET_FORMS) {
      for (const before of ['', 'x', 'xy', 'Bearer ']) {
        const found = leaksIn(embed[form](before), secrets, [form]);
        expect(found, `${form} after ${JSON.stringify(before)}`).toEqual([`token (${form})`]);
      }
    }
    // Percent-encoding changes a value with reserved characters; the other forms always differ from it.
    expect(secretForms('a+b/c=').exact).not.toEqual(secretForms('a+b/c=')['percent-encoded']);
  });
});

describe('no token in clear text, in the database or the logs', () => {
  it('after connect, tool calls, forced/expired/background refreshes, disconnect, revoke and re-auth', async () => {
    const grants = async () => (await h.emu.control.stats()).token;

    // An admin, signed in through /api/auth; service keys created through tRPC (shown once, in the answer).
    const password = randomBytes(12).toString('base64url');
    secrets.set('admin password', password);
    await h.auth.bootstrapAdmin({ email: 'owner@example.com', password, workspaceName: 'Leak check' });
    const cookie = await signInOverHttp(h, 'owner@example.com', password);
    const cookieValue = decodeURIComponent(/better-auth\.session_token=([^;]+)/.exec(cookie)?.[1] ?? '');
    const [sessionToken, signature] = cookieValue.split('.');
    if (sessionToken === undefined || signature === undefined)
      throw new Error(`unexpected cookie: ${cookie}`);
    cookieSecrets.set('session cookie', cookieValue).set('session cookie signature', signature);
    sessionSecrets.set('session token', sessionToken);
    const panel = apiClient(h, { cookie });
    const serviceKey = (await panel.apiKeys.create.mutate({ name: 'svc', role: 'admin' })).key;
    remember('API key', serviceKey);
    const doomed = await panel.apiKeys.create.mutate({ name: 'doomed', role: 'member' });
    remember('API key', doomed.key);

    // Connect Confluence through the emulator's consent page (authorization_code grant).
    const connectionId = await connectThroughConsent(cookie, { account: 'acc-bob' });
    const svc = apiClient(h, { apiKey: serviceKey });

    // Tool calls: reads and writes.
    const { spaces } = await svc.confluence.getSpaces.query({ connectionId });
    expect(spaces.map((s) => s.key)).toContain('ENG');
    const { results } = await svc.confluence.searchPages.query({ connectionId, text: 'runbook' });
    const pageId = results[0]?.id ?? '';
    const page = await svc.confluence.getPage.query({ connectionId, pageId });
    const updated = await svc.confluence.updatePage.mutate({
      connectionId,
      pageId,
      version: page.version.number,
      body: `${page.body.value}\n\nChecked by the leak test.`,
    });
    await svc.confluence.addComment.mutate({ connectionId, pageId, body: 'Leak test was here.' });
    const invoked = await svc.tools.invoke.mutate({
      name: 'get_confluence_page',
      input: { pageId },
      connectionId,
    });
    expect(invoked).toMatchObject({ ok: true, result: { version: { number: updated.version } } });
    expect(await grants()).toMatchObject({ authorization_code: 1, refresh_token: 0 });

    // Forced refresh: Confluence answers 401 to the cached token → one refresh, one resend.
    await h.emu.control.expireTokens();
    await svc.confluence.getSpaces.query({ connectionId });
    expect((await grants()).refresh_token).toBe(1);

    // Expired-token refresh: two hours later (the vault's clock), the stored token has expired.
    clock.advance(2 * 60 * 60_000);
    await svc.confluence.getPage.query({ connectionId, pageId });
    expect((await grants()).refresh_token).toBe(2);

    // The background refresher's pass, a little before the next expiry.
    clock.advance(58 * 60_000);
    const refresher = startBackgroundRefresher(h.services.vault, {
      db: t.db,
      cipher: h.cipher,
      logger: h.services.logger,
      oauth: h.services.oauth,
      now: clock.now,
    });
    expect(await refresher.runOnce()).toEqual({ refreshed: 1, failed: 0 });
    await refresher.stop();
    expect((await grants()).refresh_token).toBe(3);

    // A second connection (Ada, the sandbox site only), used once, then disconnected: its tokens are deleted.
    const sandboxConnection = await connectThroughConsent(cookie, {
      account: 'acc-ada',
      sites: [SANDBOX_CLOUD_ID],
    });
    // Its stored expiry is an hour of real time away, but the vault's clock is three hours ahead: refreshed too.
    const sandbox = await svc.confluence.getSpaces.query({ connectionId: sandboxConnection });
    expect(sandbox.spaces.map((s) => s.key)).toEqual(['SBX']);
    expect(await grants()).toMatchObject({ authorization_code: 2, refresh_token: 4 });
    await svc.integrations.disconnect.mutate({ connectionId: sandboxConnection });
    const gone = await storedConnection(t.db, h.cipher, sandboxConnection);
    expect(gone).toMatchObject({ status: 'disconnected', accessToken: null, refreshToken: null });

    // A revoked key is refused (it still arrives in the Authorization header: it must not be logged).
    await panel.apiKeys.revoke.mutate({ id: doomed.apiKey.id });
    const refused = await rejection(apiClient(h, { apiKey: doomed.key }).session.me.query());
    expect(refused.data?.code).toBe('UNAUTHORIZED');

    // Atlassian drops the grant: the refresh is refused (invalid_grant) → NEEDS_REAUTH, logged without tokens.
    await h.emu.control.revoke('acc-bob');
    await h.emu.control.expireTokens();
    const reauth = await rejection(svc.confluence.getSpaces.query({ connectionId }));
    expect(reauth.data?.kind).toBe('NEEDS_REAUTH');
    await h.activity.flush();

    // Every token the emulator issued was collected: one access token per successful grant it counted.
    const finalGrants = await grants();
    expect(tokenResponses).toBe(finalGrants.authorization_code + finalGrants.refresh_token);
    expect(tokenResponses).toBe(6); // two consents, four refreshes
    const labels = [...secrets.keys()].map((label) => label.replace(/ #\d+$/, ''));
    expect(new Set(labels)).toEqual(
      new Set([
        'client secret',
        'admin password',
        'API key',
        'oauth state',
        'authorization code',
        'access token',
        'refresh token',
      ]),
    );
    expect([...cookieSecrets.values(), ...sessionSecrets.values()].every((v) => v.length >= 16)).toBe(true);
    // Client secret, password, two keys, two states, two codes, six access and six refresh tokens.
    expect(secrets.size).toBe(1 + 1 + 2 + 2 + 2 + 6 + 6);

    // The whole database, row by row: the dump is real (encrypted envelopes, hashed keys), and holds no secret.
    const dump = await dumpRows(t.database);
    expect(dump.tables).toEqual(
      expect.arrayContaining([
        'public.confluence_connections',
        'public.oauth_states',
        'public.apikey',
        'public.session',
        'public.tool_activity',
      ]),
    );
    expect(dump.text).toContain(connectionId);
    expect(dump.text).toMatch(/"access_token_enc":"v1\.k1\./);
    expect(dump.text).toMatch(/"refresh_token_enc":"v1\.k1\./);
    expect(leaksIn(dump.text, secrets)).toEqual([]);
    expect(leaksIn(dump.text, cookieSecrets, NO_PREFIX)).toEqual([]);
    const rows = dump.text.split('\n');
    const sessionRows = rows.filter((row) => row.startsWith('public.session: ')).join('\n');
    const otherRows = rows.filter((row) => !row.startsWith('public.session: ')).join('\n');
    // The known gap, pinned: if better-auth starts hashing session tokens, this fails and the scan can tighten.
    expect(leaksIn(sessionRows, sessionSecrets, ['exact'])).toEqual(['session token (exact)']);
    expect(leaksIn(otherRows, sessionSecrets)).toEqual([]);

    if (t.database.kind === 'postgres') {
      const pgDumped = await pgDump(String(t.database.pool.options.connectionString));
      expect(pgDumped).toContain(connectionId);
      expect(pgDumped).toMatch(/v1\.k1\./);
      expect(leaksIn(pgDumped, secrets)).toEqual([]);
      expect(leaksIn(pgDumped, cookieSecrets, NO_PREFIX)).toEqual([]);
      expect(leaksIn(pgDumped, sessionSecrets, ['exact'])).toEqual(['session token (exact)']);
      expect(leaksIn(withoutTableData(pgDumped, 'public.session'), sessionSecrets)).toEqual([]);
    } else {
      // PGlite: the raw data directory (heap files and WAL, old row versions included). The session token is in
      // the session table's pages, which a byte scan cannot tell apart from the rest.
      const raw = Buffer.from(await (await t.database.client.dumpDataDir('none')).arrayBuffer());
      expect(raw.includes(connectionId)).toBe(true);
      expect(leaksIn(raw, secrets)).toEqual([]);
      expect(leaksIn(raw, cookieSecrets, NO_PREFIX)).toEqual([]);
    }

    // Every log line the server wrote: plenty was logged, none of it a secret.
    const logs = logLines.join('');
    for (const message of [
      'API key created',
      'Confluence token refreshed',
      'Confluence connection disconnected',
      'Confluence connection needs re-consent',
    ]) {
      expect(logs).toContain(message);
    }
    expect(logs.split('Confluence token refreshed')).toHaveLength(5);
    expect(leaksIn(logs, secrets)).toEqual([]);
    expect(leaksIn(logs, cookieSecrets)).toEqual([]);
    expect(leaksIn(logs, sessionSecrets)).toEqual([]);

    const kinds = new Set(
      [...secrets.keys(), ...cookieSecrets.keys()].map((label) => label.replace(/ #\d+$/, '')),
    );
    reportSummary(
      'secrets',
      `${secrets.size + cookieSecrets.size} secrets (${[...kinds].join(', ')}) × ${SECRET_FORMS.length} forms ` +
        `(${SECRET_FORMS.join(', ')}) searched in every table, ` +
        `${t.database.kind === 'postgres' ? 'pg_dump' : 'the PGlite data directory'} and ${logLines.length} log ` +
        'lines → 0 found; session tokens in clear only in better-auth’s session table (known, documented)',
    );
  }, 120_000);
});
