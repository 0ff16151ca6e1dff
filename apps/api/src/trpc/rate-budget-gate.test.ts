// The site's rate-limit budget on every surface, against an emulator that enforces a small points quota: the Hub
// refuses reads with RATE_LIMITED before Atlassian would answer 429, writes still go through, a 429 one vault saw
// holds another vault's reads back, and the shared row holds header facts only.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { SANDBOX_CLOUD_ID } from '@hub/confluence-emulator';
import { TRPCClientError } from '@trpc/client';
import { getTableColumns } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';

import { rateBudgets } from '../db/schema/index.js';
import {
  connectEmulatorAccount,
  createTestVault,
  storedConnection,
} from '../connections/test-support/vault-kit.js';
import { useTestDatabase } from '../test-support/database.js';
import { apiClient, connect, newWorkspace, useApiHarness } from '../test-support/api-harness.js';
import type { AppRouter } from './root.js';

const QUOTA = 300;
const t = useTestDatabase();
const harness = useApiHarness(t, {
  emulator: { rateLimit: { quota: QUOTA, enforce: true } },
  // 10 % kept for writes; near-limit pacing kept short so the test does not wait.
  vault: { rateBudget: { reservePercent: 10, maxPaceMs: 5 } },
});

const emuRequests = async () => (await harness().emu.control.requests()).length;

async function mcpCall(apiKey: string, name: string): Promise<CallToolResult> {
  const client = new Client({ name: 'budget-test', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL('/mcp', harness().url), {
      requestInit: { headers: { authorization: `Bearer ${apiKey}` } },
    }),
  );
  try {
    return (await client.callTool({ name, arguments: {} })) as CallToolResult;
  } finally {
    await client.close();
  }
}

describe('the rate budget gate', () => {
  it('refuses reads on every surface before Atlassian answers 429; writes still pass', async () => {
    const h = harness();
    const ws = await newWorkspace(h);
    const connection = await connect(h, ws.workspaceId);
    const hub = apiClient(h, { apiKey: ws.memberKey });

    let served = 0;
    let refused: TRPCClientError<AppRouter> | undefined;
    while (refused === undefined && served < 200) {
      try {
        await hub.confluence.getSpaces.query({});
        served++;
      } catch (error) {
        if (!(error instanceof TRPCClientError)) throw error;
        refused = error as TRPCClientError<AppRouter>;
      }
    }
    expect(served).toBeGreaterThan(3);
    expect(refused?.data).toMatchObject({ code: 'TOO_MANY_REQUESTS', kind: 'RATE_LIMITED', retryable: true });
    const retryAfterMs = refused?.data?.retryAfterMs ?? 0;
    expect(retryAfterMs).toBeGreaterThan(0);
    expect(retryAfterMs).toBeLessThanOrEqual(3600_000);
    expect(refused?.message).toMatch(
      /keeps the last 10% for writes until it resets at .*Retry reads in \d+ (s|min)\./,
    );
    // The Hub stopped first: Atlassian never had to refuse, and points are left.
    const log = await h.emu.control.requests();
    expect(log.filter((r) => r.status === 429)).toEqual([]);
    const [app] = (await h.emu.control.rateLimit()).apps;
    expect(app?.remaining).toBeGreaterThan(0);

    // The same refusal through tools.invoke and /mcp, with nothing sent to Confluence.
    const before = await emuRequests();
    const invoked = await hub.tools.invoke.mutate({ name: 'get_confluence_spaces', input: {} });
    expect(invoked).toMatchObject({ ok: false, error: { kind: 'RATE_LIMITED', retryable: true } });
    expect(invoked.ok ? 0 : invoked.error.retryAfterMs).toBeGreaterThan(0);
    const viaMcp = await mcpCall(ws.memberKey, 'get_confluence_spaces');
    expect(viaMcp.isError).toBe(true);
    expect(viaMcp._meta?.['integrations-hub/error']).toMatchObject({ kind: 'RATE_LIMITED' });
    const tested = await hub.integrations.test.mutate({});
    expect(tested).toMatchObject({ ok: false, error: { kind: 'RATE_LIMITED' } });
    expect(await emuRequests()).toBe(before);

    // A write is not the budget's to refuse: the reserve is there for it.
    const created = await hub.confluence.createPage.mutate({
      spaceKey: 'ENG',
      title: 'Within the reserve',
      body: 'x',
    });
    expect(created.title).toBe('Within the reserve');
    const posts = (await h.emu.control.requests()).filter(
      (r) => r.method === 'POST' && r.path.endsWith('/pages'),
    );
    expect(posts.map((r) => r.status)).toEqual([200]);

    // The panel's connection list shows the site's budget.
    await h.services.vault.rateBudget.flush();
    const [listed] = await hub.integrations.list.query();
    expect(listed?.rateBudget).toMatchObject({ limit: QUOTA, state: 'reserve', nearLimit: true });
    expect(listed?.rateBudget?.remaining).toBeLessThanOrEqual(QUOTA * 0.1);
    expect(Date.parse(listed?.rateBudget?.readsRefusedUntil ?? '')).toBeGreaterThan(Date.now());

    // The shared row: header facts and times, never a token.
    expect(Object.keys(getTableColumns(rateBudgets)).sort()).toEqual(
      ['blockedUntil', 'cloudId', 'limit', 'nearLimit', 'remaining', 'resetAt', 'updatedAt'].sort(),
    );
    const rows = JSON.stringify(await t.db.select().from(rateBudgets));
    const stored = await storedConnection(t.db, h.cipher, connection.id);
    for (const secret of [stored.accessToken, stored.refreshToken, connection.accessToken]) {
      expect(secret).toBeTruthy();
      expect(rows).not.toContain(secret);
    }
  });

  it('two vaults on one database: a 429 the one saw holds the other one’s reads back', async () => {
    const h = harness();
    await h.emu.control.setRateLimit({ quota: 1_000_000, enforce: false, resetUsage: true });
    const ws = await newWorkspace(h, 'Sandbox team');
    const { id } = await connectEmulatorAccount(t.db, h.cipher, h.emu, {
      workspaceId: ws.workspaceId,
      cloudId: SANDBOX_CLOUD_ID,
      siteName: 'Sandbox',
    });
    const one = createTestVault(t.db, h.cipher, h.emu);
    const other = createTestVault(t.db, h.cipher, h.emu);
    const { client, connection } = await one.clientFor(ws.workspaceId, id);
    await other.admitRead(connection);
    await h.emu.control.addFault({
      method: 'GET',
      path: '/ex/confluence/',
      status: 429,
      headers: { 'Retry-After': '90' },
    });
    await expect(client.listSpaces()).rejects.toMatchObject({ kind: 'RATE_LIMITED', retryAfterMs: 90_000 });
    await one.rateBudget.flush();
    const before = await emuRequests();
    await expect
      .poll(() => other.rateBudget.decision(SANDBOX_CLOUD_ID).then((d) => d.kind), { timeout: 5000 })
      .toBe('refuse');
    const refusal = await other.admitRead(connection).then(
      () => undefined,
      (e: unknown) => e as { kind: string; retryAfterMs: number },
    );
    expect(refusal?.kind).toBe('RATE_LIMITED');
    expect(refusal?.retryAfterMs).toBeGreaterThan(80_000);
    expect(refusal?.retryAfterMs).toBeLessThanOrEqual(90_000);
    expect(await emuRequests()).toBe(before);
  });
});
