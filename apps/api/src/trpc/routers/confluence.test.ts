import { confluenceTools, written } from '@hub/confluence';
import { eq } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { confluenceConnections, toolActivity } from '../../db/schema/index.js';
import { useTestDatabase } from '../../test-support/database.js';
import {
  apiClient,
  connect,
  newWorkspace,
  rejection,
  useApiHarness,
  type TestWorkspace,
} from '../../test-support/api-harness.js';
import { appRouter } from '../root.js';
import { TOOL_PROCEDURES } from './confluence.js';

const t = useTestDatabase();
/** An upstream answer held back longer than a test may run (vitest's testTimeout): the emulator's maximum. */
const UPSTREAM_DELAY_MS = 120_000;
// A 429 injected below would (rightly) hold every later read of the site back for its Retry-After: the budget is
// off here, where the subject is how answers map; connections/rate-budget*.test.ts cover the budget.
const harness = useApiHarness(t, { vault: { rateBudget: { enabled: false } } });

let acme: TestWorkspace;
let connection: { id: string; accessToken: string; refreshToken: string };

beforeAll(async () => {
  acme = await newWorkspace(harness());
  connection = await connect(harness(), acme.workspaceId);
});
beforeEach(() => harness().emu.control.clearFaults());

describe('confluence.* over HTTP with an API key (@trpc/client, httpBatchLink)', () => {
  it('exposes every registry tool: reads as queries, writes as mutations', () => {
    const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>;
    for (const tool of confluenceTools) {
      const procedure = procedures[`confluence.${TOOL_PROCEDURES[tool.name]}`];
      expect(procedure?._def.type, tool.name).toBe(tool.readOnly ? 'query' : 'mutation');
    }
  });

  it('runs every tool end to end against the emulator', async () => {
    const hub = apiClient(harness(), { apiKey: acme.memberKey });

    const { spaces } = await hub.confluence.getSpaces.query({ limit: 10 });
    expect(spaces.map((s) => s.key)).toEqual(expect.arrayContaining(['ENG', 'HR']));

    const pages = await hub.confluence.getSpacePages.query({ spaceKey: 'ENG', limit: 25 });
    expect(pages.pages).toHaveLength(25);
    expect(pages.nextCursor).toEqual(expect.any(String));
    const next = await hub.confluence.getSpacePages.query({
      spaceKey: 'ENG',
      limit: 25,
      cursor: pages.nextCursor ?? '',
    });
    expect(next.pages[0]?.id).not.toBe(pages.pages[0]?.id);

    const found = await hub.confluence.searchPages.query({ title: 'System Overview', spaceKeys: ['ENG'] });
    const hit = found.results.find((r) => r.title === 'System Overview');
    expect(hit).toBeDefined();

    const page = await hub.confluence.getPage.query({ pageId: hit?.id ?? '' });
    expect(page).toMatchObject({ id: hit?.id, title: 'System Overview', spaceKey: 'ENG' });
    expect(page.body.format).toBe('markdown');
    expect(page.version.number).toBeGreaterThanOrEqual(1);

    const created = written(
      await hub.confluence.createPage.mutate({
        spaceKey: 'ENG',
        title: `Hub tRPC test ${Date.now()}`,
        body: '# Hello\n\nFrom **tRPC**.',
      }),
    );
    expect(created).toMatchObject({ version: 1, status: 'current' });

    const updated = written(
      await hub.confluence.updatePage.mutate({
        pageId: created.id,
        version: created.version,
        body: 'Second version',
        versionMessage: 'edited through the hub',
      }),
    );
    expect(updated).toMatchObject({ id: created.id, version: 2, previousVersion: 1 });

    const comment = written(
      await hub.confluence.addComment.mutate({ pageId: created.id, body: 'Looks good' }),
    );
    expect(comment).toMatchObject({ pageId: created.id, parentCommentId: null });
    const reply = written(
      await hub.confluence.addComment.mutate({ parentCommentId: comment.id, body: 'Thanks' }),
    );
    expect(reply.parentCommentId).toBe(comment.id);

    expect(await hub.confluence.addLabels.mutate({ pageId: created.id, labels: ['Hub', 'trpc'] })).toEqual({
      pageId: created.id,
      labels: ['hub', 'trpc'],
    });
    expect(await hub.confluence.removeLabel.mutate({ pageId: created.id, label: 'hub' })).toEqual({
      pageId: created.id,
      labels: ['trpc'],
    });
  });

  it('answers VERSION_CONFLICT as CONFLICT (409) with the current version', async () => {
    const hub = apiClient(harness(), { apiKey: acme.memberKey });
    const created = written(
      await hub.confluence.createPage.mutate({
        spaceKey: 'ENG',
        title: `Conflict ${Date.now()}`,
        body: 'v1',
      }),
    );
    await hub.confluence.updatePage.mutate({ pageId: created.id, version: 1, body: 'v2' });
    const error = await rejection(
      hub.confluence.updatePage.mutate({ pageId: created.id, version: 1, body: 'stale' }),
    );
    expect(error.data).toMatchObject({
      code: 'CONFLICT',
      httpStatus: 409,
      kind: 'VERSION_CONFLICT',
      currentVersion: 2,
    });
    expect(error.message).toContain('version 2');
  });

  it('refuses bad input with BAD_REQUEST (400) and field errors, before any upstream call', async () => {
    const hub = apiClient(harness(), { apiKey: acme.memberKey });
    await harness().emu.control.clearRequests();
    const error = await rejection(hub.confluence.getPage.query({ pageId: 'not-a-number' }));
    expect(error.data).toMatchObject({ code: 'BAD_REQUEST', httpStatus: 400, kind: 'BAD_REQUEST' });
    expect(error.data?.zodError?.fieldErrors.pageId?.[0]).toContain('numeric id');
    expect(error.message).toContain('pageId');

    // A refinement across fields (create needs exactly one of spaceKey / spaceId).
    const both = await rejection(
      hub.confluence.createPage.mutate({ spaceKey: 'ENG', spaceId: '65538', title: 'x', body: 'x' }),
    );
    expect(both.data).toMatchObject({ code: 'BAD_REQUEST', httpStatus: 400 });
    expect(both.data?.zodError?.fieldErrors.spaceKey).toEqual(['Give exactly one of spaceKey or spaceId.']);
    expect(await harness().emu.control.requests()).toEqual([]);

    // Raw HTTP: wrong types, no input at all, a body that is not JSON. Never a 500.
    const url = `${harness().url}/trpc`;
    const headers = { authorization: `Bearer ${acme.memberKey}`, 'content-type': 'application/json' };
    const wrongType = await fetch(
      `${url}/confluence.getSpaces?input=${encodeURIComponent('{"limit":"many"}')}`,
      {
        headers,
      },
    );
    expect(wrongType.status).toBe(400);
    const missing = await fetch(`${url}/confluence.updatePage`, { method: 'POST', headers, body: '' });
    expect(missing.status).toBe(400);
    const notJson = await fetch(`${url}/confluence.updatePage`, {
      method: 'POST',
      headers,
      body: '{"pageId":',
    });
    expect(notJson.status).toBe(400);
    for (const response of [wrongType, missing, notJson])
      expect(await response.text()).not.toMatch(/stack|at \//);
  });

  it('maps a 429 to TOO_MANY_REQUESTS with retryAfterMs', async () => {
    await harness().emu.control.addFault({
      method: 'GET',
      path: '^/ex/confluence/[^/]+/wiki/api/v2/spaces$',
      status: 429,
      headers: { 'Retry-After': '120' },
    });
    const error = await rejection(
      apiClient(harness(), { apiKey: acme.memberKey }).confluence.getSpaces.query({}),
    );
    expect(error.data).toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      httpStatus: 429,
      kind: 'RATE_LIMITED',
      retryAfterMs: 120_000,
      retryable: true,
    });
  });

  it('maps Confluence being down to SERVICE_UNAVAILABLE, not an internal error', async () => {
    await harness().emu.control.addFault({
      method: 'GET',
      path: '^/ex/confluence/.*/pages/',
      status: 503,
      headers: { 'Retry-After': '0' },
      times: 10,
    });
    const error = await rejection(
      apiClient(harness(), { apiKey: acme.memberKey }).confluence.getPage.query({ pageId: '2490369' }),
    );
    expect(error.data).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      httpStatus: 503,
      kind: 'UPSTREAM_UNAVAILABLE',
    });
  });

  it('maps a missing page to NOT_FOUND', async () => {
    const error = await rejection(
      apiClient(harness(), { apiKey: acme.memberKey }).confluence.getPage.query({ pageId: '999999999' }),
    );
    expect(error.data).toMatchObject({ code: 'NOT_FOUND', httpStatus: 404, kind: 'NOT_FOUND' });
  });
});

describe('connection choice', () => {
  it('NOT_CONNECTED: tells the caller to connect Confluence in Integrations first', async () => {
    const empty = await newWorkspace(harness(), 'No connection yet');
    const error = await rejection(
      apiClient(harness(), { apiKey: empty.memberKey }).confluence.getSpaces.query({}),
    );
    expect(error.data).toMatchObject({ code: 'PRECONDITION_FAILED', httpStatus: 412, kind: 'NOT_CONNECTED' });
    expect(error.message).toContain('Connect Confluence in Integrations first');
  });

  it('NEEDS_REAUTH: a revoked refresh token asks an admin to reconnect', async () => {
    const ws = await newWorkspace(harness(), 'Revoked');
    await connect(harness(), ws.workspaceId, {
      accountId: 'acc-bob',
      expiresAt: new Date(Date.now() - 1000),
    });
    await harness().emu.control.revoke('acc-bob');
    const hub = apiClient(harness(), { apiKey: ws.memberKey });
    const error = await rejection(hub.confluence.getSpaces.query({}));
    expect(error.data).toMatchObject({ code: 'PRECONDITION_FAILED', kind: 'NEEDS_REAUTH' });
    expect(error.message).toContain('reconnect Confluence in Integrations');
    // The status sticks: the next call fails the same way without asking Atlassian again.
    const [status] = await harness()
      .services.db.select({ status: confluenceConnections.status })
      .from(confluenceConnections)
      .where(eq(confluenceConnections.workspaceId, ws.workspaceId));
    expect(status?.status).toBe('needs_reauth');
    expect((await rejection(hub.confluence.getSpaces.query({}))).data?.kind).toBe('NEEDS_REAUTH');
  });

  it('CONNECTION_AMBIGUOUS: several connections and no default list them; connectionId picks one', async () => {
    const ws = await newWorkspace(harness(), 'Two sites');
    const first = await connect(harness(), ws.workspaceId);
    const second = await connect(harness(), ws.workspaceId, {
      cloudId: '22222222-2222-4222-8222-222222222222',
      siteName: 'Acme Sandbox',
    });
    await harness()
      .services.db.update(confluenceConnections)
      .set({ isDefault: false })
      .where(eq(confluenceConnections.workspaceId, ws.workspaceId));
    const hub = apiClient(harness(), { apiKey: ws.memberKey });
    const error = await rejection(hub.confluence.getSpaces.query({}));
    expect(error.data).toMatchObject({ code: 'BAD_REQUEST', kind: 'CONNECTION_AMBIGUOUS' });
    expect(error.data?.connections?.map((c) => c.id).sort()).toEqual([first.id, second.id].sort());

    const sandbox = await hub.confluence.getSpaces.query({ connectionId: second.id });
    expect(sandbox.spaces.map((s) => s.key)).toEqual(['SBX']);
  });

  it("isolates workspaces: another workspace's connection answers NOT_FOUND and is never used", async () => {
    const other = await newWorkspace(harness(), 'Other team');
    await connect(harness(), other.workspaceId, { accountId: 'acc-ada' });
    const hub = apiClient(harness(), { apiKey: other.adminKey });
    await harness().emu.control.clearRequests();
    const error = await rejection(hub.confluence.getSpaces.query({ connectionId: connection.id }));
    expect(error.data).toMatchObject({ code: 'NOT_FOUND', kind: 'NOT_FOUND' });
    expect(await harness().emu.control.requests()).toEqual([]);

    const got = await rejection(hub.integrations.get.query({ connectionId: connection.id }));
    expect(got.data?.code).toBe('NOT_FOUND');
    expect((await hub.integrations.list.query()).map((c) => c.id)).not.toContain(connection.id);
    const test = await rejection(hub.integrations.test.mutate({ connectionId: connection.id }));
    expect(test.data?.code).toBe('NOT_FOUND');
  });
});

describe('activity', () => {
  it('records every call (also refused ones) with its outcome kind, and never a token', async () => {
    const ws = await newWorkspace(harness(), 'Audited');
    const conn = await connect(harness(), ws.workspaceId);
    const hub = apiClient(harness(), { apiKey: ws.memberKey });
    await hub.confluence.getSpaces.query({ limit: 1 });
    await rejection(hub.confluence.getPage.query({ pageId: '999999999' }));
    await rejection(hub.confluence.getPage.query({ pageId: 'bad' }));
    expect(harness().activity.pending).toBeGreaterThanOrEqual(3);
    await harness().activity.flush();

    const rows = await harness()
      .services.db.select()
      .from(toolActivity)
      .where(eq(toolActivity.workspaceId, ws.workspaceId));
    expect(rows.map((r) => [r.tool, r.outcomeKind, r.connectionId]).sort()).toEqual(
      [
        ['get_confluence_spaces', 'OK', conn.id],
        ['get_confluence_page', 'NOT_FOUND', conn.id],
        ['get_confluence_page', 'BAD_REQUEST', null],
      ].sort(),
    );
    for (const row of rows) {
      expect(row).toMatchObject({ principalKind: 'apiKey', principalId: ws.memberKeyPrincipal.id });
      expect(row.durationMs).toBeGreaterThanOrEqual(0);
    }
    const everything = JSON.stringify(rows) + harness().logLines.join('');
    for (const secret of [conn.accessToken, conn.refreshToken, ws.memberKey, connection.accessToken]) {
      expect(everything).not.toContain(secret);
    }
  });

  it('ties the upstream call to the request: a client that hangs up cancels it (recorded as ABORTED)', async () => {
    const ws = await newWorkspace(harness(), 'Impatient');
    await connect(harness(), ws.workspaceId);
    // Longer than the test may run: only the abort can end this call in time.
    await harness().emu.control.addFault({
      method: 'GET',
      path: '^/ex/confluence/[^/]+/wiki/api/v2/spaces$',
      delayMs: UPSTREAM_DELAY_MS,
    });
    const arrived = async () => (await harness().emu.control.stats()).requests;
    const before = await arrived();
    const controller = new AbortController();
    const call = apiClient(harness(), { apiKey: ws.memberKey }).confluence.getSpaces.query(
      {},
      { signal: controller.signal },
    );
    const settled = call.then(
      () => 'answered',
      () => 'rejected',
    );
    // Hang up once the upstream request is in flight (the emulator counts it on arrival, before the delay).
    await expect.poll(arrived, { interval: 10, timeout: 30_000 }).toBe(before + 1);
    controller.abort();
    expect(await settled).toBe('rejected');

    // The procedure ended (ABORTED) while the upstream answer was still being held back: it stopped waiting for it.
    await expect
      .poll(
        async () => {
          await harness().activity.flush();
          return harness()
            .services.db.select({
              outcomeKind: toolActivity.outcomeKind,
              durationMs: toolActivity.durationMs,
            })
            .from(toolActivity)
            .where(eq(toolActivity.workspaceId, ws.workspaceId));
        },
        { interval: 20, timeout: 30_000 },
      )
      .toEqual([{ outcomeKind: 'ABORTED', durationMs: expect.any(Number) as number }]);
    // One upstream request and no retry after the hang-up.
    expect(await arrived()).toBe(before + 1);
  });
});
