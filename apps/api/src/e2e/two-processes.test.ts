import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { confluenceTools, DEFAULT_CAPABILITIES } from '@hub/confluence';
import { DEMO_CLIENT, startEmulator, type Emulator } from '@hub/confluence-emulator';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { createTRPCClient } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { formatKeyringEntry, parseKeyring } from '../connections/keyring.js';
import { connectEmulatorAccount, storedConnection } from '../connections/test-support/vault-kit.js';
import { TokenCipher } from '../connections/token-cipher.js';
import { createTestAuthService } from '../test-support/auth.js';
import { useTestDatabase } from '../test-support/database.js';
import { postgresSkipReason } from '../test-support/postgres-only.js';
import type { AppRouter } from '../trpc/root.js';
import { updateKeyPolicy } from '../policy/store.js';
import { freePort, roundRobin, spawnApiProcess, type ApiProcess } from './test-support/api-process.js';

/**
 * The hardest promise, end to end: two real API processes (`src/main.ts`, configured mode, against the
 * emulator) on one PostgreSQL database; 50 concurrent tool calls through @hub/client split across them, on a
 * connection whose stored access token has expired → every call succeeds and Atlassian sees ONE refresh.
 */

const t = useTestDatabase();
const SKIP_REASON = postgresSkipReason('two API processes on one database (PGlite serves one process)');
const POSTGRES = SKIP_REASON === null;

const keys = formatKeyringEntry('k1', randomBytes(32));
const cipher = new TokenCipher(parseKeyring(keys));
const CALLS = 50;
const TOKEN_DELAY_MS = 400;

// @hub/client depends on @hub/api (for AppRouter), so @hub/api cannot depend on it back (a workspace cycle, which
// turbo refuses). Load its source by path instead: the very code services run, typed here by its signature.
const CLIENT_ENTRY = path.resolve(import.meta.dirname, '../../../../packages/client/src/index.ts');
type HubClient = ReturnType<typeof createTRPCClient<AppRouter>>;
interface HubClientModule {
  createHubClient: (options: { url: string; apiKey: string; maxBatchItems?: number }) => HubClient;
}

let emu: Emulator | undefined;
let dataDir: string | undefined;
const processes: ApiProcess[] = [];
let apiKey = '';
let apiKeyId = '';
let workspaceIdOf = '';
let connection: { id: string; accessToken: string; refreshToken: string };
let createHubClient: HubClientModule['createHubClient'];
const timings: Record<string, number> = {};

const refreshGrants = async () => (await emu?.control.stats())?.token.refresh_token ?? -1;
const refreshedLines = (p: ApiProcess) => p.logs.filter((l) => l.msg === 'Confluence token refreshed');

/**
 * Resolves once `p`'s stdout has been read past everything it logged before this call: a signed-out OAuth
 * callback makes it log a warning now, and one process's lines arrive in the order it wrote them.
 */
async function logsCaughtUp(p: ApiProcess): Promise<void> {
  const markers = () => p.logs.filter((l) => l.reason === 'no session at callback').length;
  const before = markers();
  const response = await fetch(`${p.url}/oauth/confluence/callback`, { redirect: 'manual' });
  expect(response.status).toBe(302);
  await vi.waitFor(() => expect(markers()).toBe(before + 1), { timeout: 30_000, interval: 10 });
}

beforeAll(async () => {
  if (!POSTGRES || t.database.kind !== 'postgres') return;
  ({ createHubClient } = (await import(pathToFileURL(CLIENT_ENTRY).href)) as HubClientModule);
  emu = await startEmulator({ port: 0, seed: 'demo' });
  dataDir = await mkdtemp(path.join(tmpdir(), 'hub-e2e-'));

  // The throw-away database (migrated clone): a workspace, a service key, and a Confluence connection whose
  // tokens the emulator issued but whose stored expiry is in the past, so whichever process gets a call first
  // must refresh. The emulator also expires the token itself: a process using it anyway gets a 401.
  const auth = createTestAuthService(t.db);
  const { workspaceId } = await auth.bootstrapAdmin({
    email: 'owner@example.com',
    password: 'owner-password-1',
    workspaceName: 'Two processes',
  });
  const created = await auth.createApiKey({
    workspaceId,
    name: 'svc',
    role: 'member',
    createdBy: { kind: 'system' },
  });
  apiKey = created.key;
  apiKeyId = created.summary.id;
  workspaceIdOf = workspaceId;
  connection = await connectEmulatorAccount(t.db, cipher, emu, {
    workspaceId,
    expiresAt: new Date(Date.now() - 60_000),
  });
  await emu.control.expireTokens();

  const databaseUrl = String(t.database.pool.options.connectionString);
  const authSecret = randomBytes(32).toString('base64url');
  const started = Date.now();
  for (let i = 0; i < 2; i += 1) {
    const port = String(await freePort());
    processes.push(
      spawnApiProcess({
        NODE_ENV: 'production',
        LOG_LEVEL: 'info',
        PORT: port,
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        DATABASE_URL: databaseUrl,
        DATA_DIR: dataDir,
        TOKEN_ENCRYPTION_KEYS: keys,
        AUTH_SECRET: authSecret,
        // Configured (Atlassian) mode, the emulator standing in for auth.atlassian.com and api.atlassian.com.
        ATLASSIAN_CLIENT_ID: DEMO_CLIENT.clientId,
        ATLASSIAN_CLIENT_SECRET: DEMO_CLIENT.clientSecret,
        ATLASSIAN_AUTH_URL: emu.url,
        ATLASSIAN_API_URL: emu.url,
      }),
    );
  }
  await Promise.all(processes.map((p) => p.ready()));
  timings.startBothMs = Date.now() - started;
}, 90_000);

afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop()));
  await emu?.close();
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
  if (Object.keys(timings).length > 0) console.info('two API processes:', JSON.stringify(timings));
}, 30_000);

describe('two API processes on one PostgreSQL', () => {
  it('both run in configured (Atlassian) mode against the emulator', async (ctx) => {
    if (!POSTGRES) return ctx.skip(SKIP_REASON);
    for (const p of processes) {
      // /readyz can answer before this process has read the child's log line off its stdout (a loaded machine).
      await expect
        .poll(() => p.logs.find((l) => l.msg === 'Integrations Hub API listening'))
        .toMatchObject({ mode: 'atlassian', database: 'postgres' });
    }
    expect(new Set(processes.map((p) => p.url)).size).toBe(2);
  });

  it(`${CALLS} concurrent tool calls on an expired token, split across both: all succeed, ONE refresh`, async (ctx) => {
    if (!POSTGRES || emu === undefined) return ctx.skip(SKIP_REASON ?? 'setup failed');
    // A slow token endpoint keeps the first refresh (and its row lock) in flight while the other process's
    // calls arrive; without the lock, a second refresh would start in that window.
    await emu.control.addFault({ path: '/oauth/token', delayMs: TOKEN_DELAY_MS, times: 10 });
    // One HTTP request per call (no batching): 25 concurrent requests at each process.
    const clients = processes.map((p) => createHubClient({ url: p.url, apiKey, maxBatchItems: 1 }));
    const clientFor = (i: number): HubClient => {
      const client = clients[i % clients.length];
      if (client === undefined) throw new Error('no API process');
      return client;
    };
    const started = Date.now();
    const results = await Promise.allSettled(
      Array.from({ length: CALLS }, (_, i) => clientFor(i).confluence.getSpaces.query({})),
    );
    timings.fiftyCallsMs = Date.now() - started;

    const failures = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
    expect(failures).toEqual([]);
    for (const r of results) {
      expect(r.status === 'fulfilled' ? r.value.spaces.map((s) => s.key) : null).toContain('ENG');
    }
    const stats = await emu.control.stats();
    expect(stats.token).toEqual({ authorization_code: 0, refresh_token: 1, failed: 0 });
    const tokenRequests = (await emu.control.requests()).filter((r) => r.path === '/oauth/token');
    expect(tokenRequests.map((r) => r.status)).toEqual([200]);
    // Exactly one of the two processes refreshed, and it did so for a caller (not its background refresher).
    // A log line can reach the pipe a moment after the answer it was written before: read each process's log up
    // to a line written after every call had been answered, then count.
    await Promise.all(processes.map(logsCaughtUp));
    expect(processes.map((p) => refreshedLines(p).length).sort()).toEqual([0, 1]);
    for (const p of processes) {
      expect(p.logs.filter((l) => l.msg === 'Background token refresh pass')).toEqual([]);
    }
    // Every call reached Confluence once, and none with the expired token (no 401): the process that did not
    // refresh waited for the other's refresh and used the new token.
    const served = (await emu.control.requests()).filter((r) => r.path.endsWith('/wiki/api/v2/spaces'));
    expect(served.map((r) => r.status)).toEqual(Array.from({ length: CALLS }, () => 200));

    // The rotated refresh token and the new access token were committed to the row.
    const row = await storedConnection(t.db, cipher, connection.id);
    expect(row.status).toBe('active');
    expect(row.lastError).toBeNull();
    expect(row.accessToken).not.toBe(connection.accessToken);
    expect(row.refreshToken).not.toBe(connection.refreshToken);
    expect(row.accessTokenExpiresAt?.getTime()).toBeGreaterThan(Date.now() + 30 * 60_000);
  }, 60_000);

  it("the persisted refresh token is the family's newest: a refresh after the reuse leeway succeeds", async (ctx) => {
    if (!POSTGRES || emu === undefined) return ctx.skip(SKIP_REASON ?? 'setup failed');
    await emu.control.clearFaults();
    const before = await storedConnection(t.db, cipher, connection.id);
    // Past Atlassian's ~10 minute leeway only the newest refresh token of a family still works; a rotated-out
    // one now revokes the whole family. The emulator also kills the cached access tokens: the next call gets a
    // 401, so the process that did NOT refresh must refresh with what the row holds.
    await emu.control.advanceClock(11 * 60_000);
    await emu.control.expireTokens();
    const other = processes.find((p) => refreshedLines(p).length === 0) ?? processes[0];
    if (other === undefined) throw new Error('no API process');
    const started = Date.now();
    const { spaces } = await createHubClient({ url: other.url, apiKey }).confluence.getSpaces.query({});
    timings.laterRefreshCallMs = Date.now() - started;
    expect(spaces.map((s) => s.key)).toContain('ENG');
    expect(await refreshGrants()).toBe(2);
    await vi.waitFor(() => expect(refreshedLines(other)).toHaveLength(1));
    const after = await storedConnection(t.db, cipher, connection.id);
    expect(after).toMatchObject({ status: 'active', lastError: null });
    expect(after.refreshToken).not.toBe(before.refreshToken);
  }, 30_000);

  it('idempotencyKey across both processes: concurrent first calls and retries write ONE page', async (ctx) => {
    if (!POSTGRES || emu === undefined) return ctx.skip(SKIP_REASON ?? 'setup failed');
    const clients = processes.map((p) => createHubClient({ url: p.url, apiKey, maxBatchItems: 1 }));
    const creates = async () =>
      (await emu?.control.requests())?.filter(
        (r) => r.method === 'POST' && r.path.endsWith('/wiki/api/v2/pages'),
      ).length ?? -1;
    const before = await creates();
    // A slow create keeps the first call running while the others arrive, at both processes.
    await emu.control.addFault({
      method: 'POST',
      path: '^/ex/confluence/[^/]+/wiki/api/v2/pages$',
      delayMs: 600,
    });
    const input = {
      spaceKey: 'ENG',
      title: `Idempotent ${Date.now()}`,
      body: '# Once',
      idempotencyKey: `release-${randomBytes(6).toString('hex')}`,
    };
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => {
        const client = clients[i % clients.length];
        if (client === undefined) throw new Error('no API process');
        return client.confluence.createPage.mutate(input);
      }),
    );
    const failures = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
    expect(failures).toEqual([]);
    const ids = new Set(
      results.map((r) => (r.status === 'fulfilled' && !r.value.dryRun ? r.value.id : null)),
    );
    expect(ids.size).toBe(1);
    expect(ids.has(null)).toBe(false);
    expect(await creates()).toBe(before + 1);

    // A retry later, on either process, replays the first result and writes nothing.
    for (const client of clients)
      await expect(client.confluence.createPage.mutate(input)).resolves.toMatchObject({ id: [...ids][0] });
    expect(await creates()).toBe(before + 1);
    // The same key with another input is refused, by name, on both.
    for (const client of clients) {
      const refused = await client.confluence.createPage
        .mutate({ ...input, title: 'Something else' })
        .catch((e: unknown) => e);
      expect(refused).toMatchObject({ data: { kind: 'IDEMPOTENCY_KEY_REUSED', httpStatus: 422 } });
    }
    expect(await creates()).toBe(before + 1);
  });

  it('one MCP client behind a round-robin balancer: every request served, by both processes; a policy edit holds on both', async (ctx) => {
    if (!POSTGRES || emu === undefined) return ctx.skip(SKIP_REASON ?? 'setup failed');
    const balancer = await roundRobin(processes.map((p) => p.url));
    const client = new Client({ name: 'balanced', version: '1.0.0' });
    try {
      await client.connect(
        new StreamableHTTPClientTransport(new URL('/mcp', balancer.url), {
          requestInit: { headers: { authorization: `Bearer ${apiKey}` } },
        }),
      );
      const allowed: readonly string[] = DEFAULT_CAPABILITIES;
      expect((await client.listTools()).tools).toHaveLength(
        confluenceTools.filter((tool) => allowed.includes(tool.capability)).length,
      );
      for (let i = 0; i < 6; i += 1) {
        const result = (await client.callTool({
          name: 'get_confluence_spaces',
          arguments: {},
        })) as CallToolResult;
        expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
        expect(
          (result.structuredContent as { spaces: { key: string }[] }).spaces.map((s) => s.key),
        ).toContain('ENG');
      }
      // Stateless: initialize went to one process, and the rest were split between both.
      expect(balancer.served.every((n) => n >= 3)).toBe(true);

      // Narrowed in the database (as an admin in either process would): both processes apply it within their
      // policy cache's 5 s, and every call after that is refused on both.
      const owner = { kind: 'user' as const, id: 'owner', name: 'owner@example.com' };
      await updateKeyPolicy(t.db, owner, workspaceIdOf, apiKeyId, { tools: ['get_confluence_page'] });
      const applied = Date.now();
      await vi.waitFor(
        async () => {
          for (let i = 0; i < 2; i += 1) {
            expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual([
              'get_confluence_page',
            ]);
            const refused = (await client.callTool({
              name: 'get_confluence_spaces',
              arguments: {},
            })) as CallToolResult;
            expect(JSON.stringify(refused.content)).toMatch(/FORBIDDEN_TOOL/);
          }
        },
        { timeout: 20_000, interval: 250 },
      );
      timings.policyAppliedOnBothMs = Date.now() - applied;
      await updateKeyPolicy(t.db, owner, workspaceIdOf, apiKeyId, { tools: null });
    } finally {
      await client.close();
      await balancer.close();
    }
  }, 60_000);

  it("a 429 one process saw holds the other one's reads back (the shared rate budget)", async (ctx) => {
    if (!POSTGRES || emu === undefined) return ctx.skip(SKIP_REASON ?? 'setup failed');
    const [first, second] = processes.map((p) => createHubClient({ url: p.url, apiKey, maxBatchItems: 1 }));
    if (first === undefined || second === undefined) throw new Error('no API process');
    // The previous test restored the key's tool list; each process applies that within its policy cache's 5 s.
    await vi.waitFor(
      async () => {
        await first.confluence.getSpaces.query({});
        await second.confluence.getSpaces.query({});
      },
      { timeout: 20_000, interval: 250 },
    );
    await emu.control.addFault({
      method: 'GET',
      path: '^/ex/confluence/[^/]+/wiki/api/v2/spaces$',
      status: 429,
      headers: { 'Retry-After': '90' },
    });
    await expect(first.confluence.getSpaces.query({})).rejects.toMatchObject({
      data: { kind: 'RATE_LIMITED', retryAfterMs: 90_000 },
      message: expect.stringMatching(/Confluence is rate-limiting/) as string,
    });
    // The other process reads the shared row at most once a second: within a few, it refuses on its own.
    const seen = Date.now();
    await vi.waitFor(
      () =>
        expect(second.confluence.getSpaces.query({})).rejects.toMatchObject({
          data: { kind: 'RATE_LIMITED' },
          message: expect.stringMatching(/holds reads back/) as string,
        }),
      { timeout: 10_000, interval: 250 },
    );
    timings.blockSeenByOtherMs = Date.now() - seen;
    const sent = (await emu.control.requests()).length;
    await expect(second.confluence.getSpaces.query({})).rejects.toMatchObject({
      data: { kind: 'RATE_LIMITED' },
    });
    expect((await emu.control.requests()).length).toBe(sent);
  }, 60_000);

  it('both shut down cleanly on SIGTERM', async (ctx) => {
    if (!POSTGRES) return ctx.skip(SKIP_REASON);
    const codes = await Promise.all(processes.map((p) => p.stop()));
    expect(codes).toEqual([0, 0]);
    for (const p of processes) {
      expect(p.logs.map((l) => l.msg)).toContain('shut down cleanly');
      expect(p.logs.filter((l) => l.level >= 50)).toEqual([]); // no error or fatal line
    }
  }, 30_000);
});
