import { ACME_CLOUD_ID, type RequestLogEntry } from '@hub/confluence-emulator';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';

import { storedConnection } from '../connections/test-support/vault-kit.js';
import { useTestDatabase } from '../test-support/database.js';
import {
  apiClient,
  connect,
  consentOverHttp,
  followCallback,
  newWorkspace,
  rejection,
  signInOverHttp,
  useApiHarness,
} from '../test-support/api-harness.js';
import { reportSummary } from '../test-support/suite-summary.js';

/**
 * Upstream faults, injected at the emulator, through the whole API over HTTP: rate limits, 5xx bursts, dropped
 * connections, a hang, the token endpoint failing during a refresh, a refresh token Atlassian no longer takes.
 * Reads retry what is safe to retry; writes are never sent twice; every failure is a typed answer; nothing needs
 * a restart to recover.
 */

const TIMEOUT_MS = 4000;
const t = useTestDatabase();
// The injected 429s would (rightly) hold later reads of the site back for their Retry-After; the budget is off
// here, where the subject is retries and typed failures (connections/rate-budget*.test.ts cover the budget).
const harness = useApiHarness(t, {
  vault: { confluenceTimeoutMs: TIMEOUT_MS, failureCooldownMs: 100, rateBudget: { enabled: false } },
});

const SPACES = '^/ex/confluence/[^/]+/wiki/api/v2/spaces$';
const PAGES = '^/ex/confluence/[^/]+/wiki/api/v2/pages$';
const ONE_PAGE = '^/ex/confluence/[^/]+/wiki/api/v2/pages/\\d+$';
const held: string[] = [];
afterAll(() => reportSummary('upstream faults', `${held.length} scenarios held: ${held.join('; ')}`));

beforeEach(async () => {
  await harness().emu.control.clearFaults();
  await harness().emu.control.clearRequests();
});

const statusesOf = (log: RequestLogEntry[], method: string, pattern: string) =>
  log.filter((r) => r.method === method && new RegExp(pattern).test(r.path)).map((r) => r.status);

async function connectedAgent(name: string, options: { expiresAt?: Date } = {}) {
  const ws = await newWorkspace(harness(), name);
  const connection = await connect(harness(), ws.workspaceId, options);
  return { ws, connection, hub: apiClient(harness(), { apiKey: ws.memberKey }) };
}

describe('upstream faults', () => {
  it('429 with Retry-After: a read waits and succeeds; a write is not repeated', async () => {
    const { hub } = await connectedAgent('Rate limited');
    const emu = harness().emu.control;
    await emu.addFault({ method: 'GET', path: SPACES, status: 429, headers: { 'Retry-After': '1' } });
    const { spaces } = await hub.confluence.getSpaces.query({});
    expect(spaces.length).toBeGreaterThan(0);
    expect(statusesOf(await emu.requests(), 'GET', SPACES)).toEqual([429, 200]);
    await emu.clearRequests();
    await emu.addFault({ method: 'POST', path: PAGES, status: 429, headers: { 'Retry-After': '30' } });
    const error = await rejection(
      hub.confluence.createPage.mutate({ spaceKey: 'ENG', title: 'Once', body: 'x' }),
    );
    expect(error.data).toMatchObject({ kind: 'RATE_LIMITED', retryAfterMs: 30_000, retryable: true });
    expect(statusesOf(await emu.requests(), 'POST', PAGES)).toEqual([429]);
    held.push('429 read retried after Retry-After, write sent once');
  });

  it('a 5xx burst: reads ride it out; a write fails typed, sent once', async () => {
    const { hub } = await connectedAgent('Burst');
    const emu = harness().emu.control;
    await emu.addFault({
      method: 'GET',
      path: SPACES,
      status: 503,
      times: 2,
      headers: { 'Retry-After': '0' },
    });
    expect((await hub.confluence.getSpaces.query({})).spaces.length).toBeGreaterThan(0);
    expect(statusesOf(await emu.requests(), 'GET', SPACES)).toEqual([503, 503, 200]);
    await emu.clearRequests();
    await emu.addFault({ method: 'POST', path: PAGES, status: 502, times: 3 });
    const error = await rejection(
      hub.confluence.createPage.mutate({ spaceKey: 'ENG', title: 'Burst', body: 'x' }),
    );
    expect(error.data).toMatchObject({ kind: 'UPSTREAM_UNAVAILABLE', httpStatus: 503, retryable: true });
    expect(statusesOf(await emu.requests(), 'POST', PAGES)).toEqual([502]);
    held.push('503×2 read retried, 502 write sent once');
  });

  it('dropped connections: a read is retried; a write is not (it may have landed)', async () => {
    const { hub } = await connectedAgent('Dropped');
    const emu = harness().emu.control;
    await emu.addFault({ method: 'GET', path: SPACES, drop: true });
    expect((await hub.confluence.getSpaces.query({})).spaces.length).toBeGreaterThan(0);
    expect(statusesOf(await emu.requests(), 'GET', SPACES)).toEqual([0, 200]);
    await emu.clearRequests();
    await emu.addFault({ method: 'POST', path: PAGES, drop: true });
    const error = await rejection(
      hub.confluence.createPage.mutate({ spaceKey: 'ENG', title: 'Drop', body: 'x' }),
    );
    expect(error.data).toMatchObject({ kind: 'NETWORK', retryable: true });
    expect(statusesOf(await emu.requests(), 'POST', PAGES)).toEqual([0]);
    held.push('dropped read retried, dropped write sent once');
  });

  it(
    'a hang: that call fails TIMEOUT after the configured time while other calls go on',
    { timeout: 120_000 },
    async () => {
      const { hub, ws } = await connectedAgent('Hang');
      // Another caller: one client would batch its calls into one HTTP request with the hung one.
      const other = apiClient(harness(), { apiKey: ws.memberKey });
      const emu = harness().emu.control;
      const pageId =
        (await hub.confluence.searchPages.query({ title: 'System Overview' })).results[0]?.id ?? '';
      await emu.addFault({ method: 'GET', path: ONE_PAGE, delayMs: 120_000, times: 10 });
      const started = performance.now();
      const hang = { settled: false };
      const hung = rejection(hub.confluence.getPage.query({ pageId })).finally(() => (hang.settled = true));
      // Other callers go on while it hangs: each of their calls completes with the hung one still waiting.
      let meanwhile = 0;
      const settled = () => hang.settled;
      while (!settled()) {
        await other.confluence.getSpaces.query({ limit: 1 });
        if (!settled()) meanwhile += 1;
      }
      const error = await hung;
      const elapsed = performance.now() - started;
      // A call takes milliseconds; even 5× slower, several fit in the timeout, unless they queue behind the hang.
      expect(meanwhile).toBeGreaterThanOrEqual(3);
      expect(error.data).toMatchObject({ kind: 'TIMEOUT', retryable: true });
      expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS);
      // Far below the emulator's 120 s delay: the client's timeout ended it, not the upstream.
      expect(elapsed).toBeLessThan(60_000);
      held.push(
        `hang → TIMEOUT after ${(elapsed / 1000).toFixed(1)} s (limit ${TIMEOUT_MS / 1000} s per try), ${meanwhile} other calls done meanwhile`,
      );
    },
  );

  it('the token endpoint failing during a refresh: tokens kept, typed error, recovery without restart', async () => {
    const { hub, connection } = await connectedAgent('Token outage', {
      expiresAt: new Date(Date.now() - 60_000),
    });
    const emu = harness().emu.control;
    await emu.addFault({
      method: 'POST',
      path: '/oauth/token',
      status: 503,
      times: 20,
      headers: { 'Retry-After': '0' },
    });
    const error = await rejection(hub.confluence.getSpaces.query({}));
    expect(error.data).toMatchObject({ kind: 'CONNECTION_UNAVAILABLE', httpStatus: 503, retryable: true });
    const during = await storedConnection(t.db, harness().cipher, connection.id);
    expect(during).toMatchObject({ status: 'active', refreshToken: connection.refreshToken });
    expect(during.lastError).toMatch(/^UPSTREAM_UNAVAILABLE/);

    await emu.clearFaults();
    await expect
      .poll(
        async () =>
          await hub.confluence.getSpaces.query({}).then(
            () => 'ok',
            () => 'failed',
          ),
        {
          timeout: 30_000,
        },
      )
      .toBe('ok');
    const after = await storedConnection(t.db, harness().cipher, connection.id);
    expect(after).toMatchObject({ status: 'active', lastError: null });
    expect(after.refreshToken).not.toBe(connection.refreshToken);
    held.push('token endpoint 503 → CONNECTION_UNAVAILABLE, tokens kept, recovered on the next call');
  });

  it('invalid_grant: NEEDS_REAUTH with no token in what members see; reconnecting restores it', async () => {
    const { ws, hub, connection } = await connectedAgent('Revoked grant', {
      expiresAt: new Date(Date.now() - 60_000),
    });
    const emu = harness().emu.control;
    // Atlassian's text is untrusted: plant the connection's own access token (and a JWT) in it.
    const planted = `refresh token revoked; last access token ${connection.accessToken}; id eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln`;
    await emu.addFault({
      method: 'POST',
      path: '/oauth/token',
      status: 400,
      body: { error: 'invalid_grant', error_description: planted },
    });
    const error = await rejection(hub.confluence.getSpaces.query({}));
    expect(error.data).toMatchObject({ kind: 'NEEDS_REAUTH', httpStatus: 412 });
    const [view] = await hub.integrations.list.query();
    expect(view?.status).toBe('needs_reauth');
    expect(view?.lastError).toMatch(/invalid_grant/);
    for (const text of [JSON.stringify(view), error.message, JSON.stringify(error.data)]) {
      expect(text).not.toContain(connection.accessToken);
      expect(text).not.toContain('eyJhbGciOiJIUzI1NiJ9');
    }
    const stored = await storedConnection(t.db, harness().cipher, connection.id);
    expect(stored.lastError).not.toContain(connection.accessToken);
    expect(stored.lastError?.length).toBeLessThanOrEqual(300);

    // An admin reconnects through the real consent flow; the same connection works again.
    const cookie = await signInOverHttp(harness(), ws.admin.email, ws.admin.password);
    const callbackUrl = await consentOverHttp(harness(), cookie, { sites: [ACME_CLOUD_ID] });
    expect((await followCallback(harness(), callbackUrl, cookie)).connected).toBe(connection.id);
    expect((await hub.confluence.getSpaces.query({})).spaces.length).toBeGreaterThan(0);
    expect((await hub.integrations.list.query())[0]).toMatchObject({ status: 'active', lastError: null });
    held.push('invalid_grant → NEEDS_REAUTH (planted token redacted), reconnect restored');
  });
});
