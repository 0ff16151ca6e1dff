import { ACME_CLOUD_ID, SANDBOX_CLOUD_ID } from '@hub/confluence-emulator';
import { eq } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { confluenceConnections } from '../../db/schema/index.js';
import { useTestDatabase } from '../../test-support/database.js';
import { consentAt } from '../../test-support/oauth-flow.js';
import {
  apiClient,
  connect,
  newWorkspace,
  rejection,
  signInOverHttp,
  useApiHarness,
  type TestWorkspace,
} from '../../test-support/api-harness.js';

const t = useTestDatabase();
const harness = useApiHarness(t);

let ws: TestWorkspace;
let acme: { id: string; accessToken: string; refreshToken: string };
let sandbox: { id: string; accessToken: string; refreshToken: string };

beforeAll(async () => {
  ws = await newWorkspace(harness());
  acme = await connect(harness(), ws.workspaceId);
  sandbox = await connect(harness(), ws.workspaceId, { cloudId: SANDBOX_CLOUD_ID, siteName: 'Acme Sandbox' });
});
beforeEach(() => harness().emu.control.clearFaults());

describe('integrations.list / get', () => {
  it('shows each connection with its health and no token field', async () => {
    const list = await apiClient(harness(), { apiKey: ws.memberKey }).integrations.list.query();
    expect(list.map((c) => c.site.name)).toEqual(['Acme', 'Acme Sandbox']);
    const [first] = list;
    expect(first).toMatchObject({
      id: acme.id,
      site: { cloudId: ACME_CLOUD_ID, url: 'https://acme.atlassian.net' },
      account: { id: 'acc-ada' },
      status: 'active',
      isDefault: true,
      lastError: null,
      missingScopes: [],
    });
    expect(Date.parse(first?.accessTokenExpiresAt ?? '')).toBeGreaterThan(Date.now());
    const json = JSON.stringify(list);
    for (const secret of [acme.accessToken, acme.refreshToken, sandbox.accessToken, 'v1.k1.']) {
      expect(json).not.toContain(secret);
    }
    expect(json).not.toMatch(/tokenEnc|accessToken"|refreshToken"/);

    const one = await apiClient(harness(), { apiKey: ws.memberKey }).integrations.get.query({
      connectionId: sandbox.id,
    });
    expect(one).toMatchObject({ id: sandbox.id, isDefault: false });
  });
});

describe('integrations.list: last refresh', () => {
  it('is null until the Hub itself refreshes: a consent is not a refresh', async () => {
    const own = await newWorkspace(harness(), 'Refresh team');
    const made = await connect(harness(), own.workspaceId);
    const hub = apiClient(harness(), { apiKey: own.memberKey });
    const [fresh] = await hub.integrations.list.query();
    expect(fresh).toMatchObject({ lastRefreshedAt: null, consentedAt: expect.any(String) as string });
    // The stored access token has run out: the next call refreshes it.
    await t.db
      .update(confluenceConnections)
      .set({ accessTokenExpiresAt: new Date(Date.now() - 60_000) })
      .where(eq(confluenceConnections.id, made.id));
    await hub.confluence.getSpaces.query({});
    const [refreshed] = await hub.integrations.list.query();
    expect(Date.parse(refreshed?.lastRefreshedAt ?? '')).toBeGreaterThan(
      Date.parse(refreshed?.consentedAt ?? ''),
    );
  });
});

describe('integrations.setDefault / disconnect / test', () => {
  it('switches the default the tools use', async () => {
    const admin = apiClient(harness(), { apiKey: ws.adminKey });
    const updated = await admin.integrations.setDefault.mutate({ connectionId: sandbox.id });
    expect(updated.isDefault).toBe(true);
    const list = await admin.integrations.list.query();
    expect(list.filter((c) => c.isDefault).map((c) => c.id)).toEqual([sandbox.id]);
    expect((await admin.confluence.getSpaces.query({})).spaces.map((s) => s.key)).toEqual(['SBX']);
    await admin.integrations.setDefault.mutate({ connectionId: acme.id });
  });

  it('disconnecting the default never moves calls to the other site; an admin sets another default', async () => {
    const two = await newWorkspace(harness(), 'Main and sandbox');
    const main = await connect(harness(), two.workspaceId);
    const sbx = await connect(harness(), two.workspaceId, {
      cloudId: SANDBOX_CLOUD_ID,
      siteName: 'Acme Sandbox',
    });
    const admin = apiClient(harness(), { apiKey: two.adminKey });
    const agent = apiClient(harness(), { apiKey: two.memberKey });
    expect((await agent.confluence.getSpaces.query({})).spaces.map((s) => s.key)).toContain('ENG');

    await admin.integrations.disconnect.mutate({ connectionId: main.id });
    const list = await admin.integrations.list.query();
    expect(list.map((c) => [c.id, c.status, c.isDefault])).toEqual([
      [main.id, 'disconnected', true],
      [sbx.id, 'active', false],
    ]);
    await harness().emu.control.clearRequests();
    const refused = await rejection(
      agent.confluence.createPage.mutate({ spaceKey: 'SBX', title: 'Must not land', body: 'x' }),
    );
    expect(refused.data).toMatchObject({ code: 'PRECONDITION_FAILED', kind: 'NOT_CONNECTED' });
    expect(refused.message).toContain('default Confluence connection, Acme, was disconnected');
    expect(await harness().emu.control.requests()).toEqual([]);

    await admin.integrations.setDefault.mutate({ connectionId: sbx.id });
    expect((await agent.confluence.getSpaces.query({})).spaces.map((s) => s.key)).toEqual(['SBX']);
  });

  it('tests a connection with a live call, reporting failures as answers', async () => {
    const hub = apiClient(harness(), { apiKey: ws.memberKey });
    const ok = await hub.integrations.test.mutate({ connectionId: acme.id });
    expect(ok).toMatchObject({ ok: true, connectionId: acme.id, siteName: 'Acme' });
    expect(ok.latencyMs).toBeGreaterThanOrEqual(0);

    await harness().emu.control.addFault({ path: '^/ex/confluence/', status: 403, times: 1 });
    const failed = await hub.integrations.test.mutate({});
    expect(failed).toMatchObject({ ok: false, connectionId: acme.id, error: { kind: 'FORBIDDEN' } });
  });

  it('disconnect deletes the tokens and the tools stop using the connection at once', async () => {
    const other = await newWorkspace(harness(), 'Disconnecting');
    const conn = await connect(harness(), other.workspaceId);
    const admin = apiClient(harness(), { apiKey: other.adminKey });
    await admin.confluence.getSpaces.query({ limit: 1 }); // the vault now caches the token
    const result = await admin.integrations.disconnect.mutate({ connectionId: conn.id });
    expect(result).toMatchObject({ id: conn.id, status: 'disconnected', isDefault: true });
    const [row] = await t.db
      .select()
      .from(confluenceConnections)
      .where(eq(confluenceConnections.id, conn.id));
    expect(row).toMatchObject({ accessTokenEnc: null, refreshTokenEnc: null, status: 'disconnected' });

    await harness().emu.control.clearRequests();
    const error = await rejection(admin.confluence.getSpaces.query({}));
    expect(error.data?.kind).toBe('NOT_CONNECTED');
    expect(await harness().emu.control.requests()).toEqual([]);
    await expect(
      apiClient(harness(), { apiKey: ws.adminKey }).integrations.disconnect.mutate({ connectionId: conn.id }),
    ).rejects.toMatchObject({ data: { code: 'NOT_FOUND' } });
  });
});

describe('the panel: session sign-in, OAuth consent reaching two sites, site choice through tRPC', () => {
  it('signs in through /api/auth, connects the chosen site and calls a tool with the session', async () => {
    const owner = await newWorkspace(harness(), 'Panel user');
    const cookie = await signInOverHttp(harness(), owner.admin.email, owner.admin.password);
    const panel = apiClient(harness(), { cookie });
    expect(await panel.session.me.query()).toMatchObject({
      principal: { kind: 'user', email: owner.admin.email },
      workspace: { id: owner.workspaceId },
      role: 'admin',
    });

    const start = await fetch(`${harness().url}/oauth/confluence/start`, {
      headers: { cookie },
      redirect: 'manual',
    });
    expect(start.status).toBe(302);
    const callbackUrl = await consentAt(start.headers.get('location') ?? '', { account: 'acc-ada' });
    const landed = await fetch(callbackUrl, { headers: { cookie }, redirect: 'manual' });
    const location = new URL(landed.headers.get('location') ?? '', harness().url);
    const pendingId = location.searchParams.get('choose') ?? '';
    expect(location.pathname).toBe('/integrations');
    expect(pendingId).not.toBe('');

    const choice = await panel.integrations.pendingSiteChoice.query({ pendingId });
    expect(choice.sites.map((s) => s.name).sort()).toEqual(['Acme', 'Acme Sandbox']);
    expect(Date.parse(choice.expiresAt)).toBeGreaterThan(Date.now());
    const { connectionIds } = await panel.integrations.chooseSites.mutate({
      pendingId,
      cloudIds: [SANDBOX_CLOUD_ID],
    });
    expect(connectionIds).toHaveLength(1);

    const list = await panel.integrations.list.query();
    expect(list).toMatchObject([{ id: connectionIds[0], site: { name: 'Acme Sandbox' }, isDefault: true }]);
    expect((await panel.confluence.getSpaces.query({})).spaces.map((s) => s.key)).toEqual(['SBX']);
    // A choice is single-use.
    const again = await rejection(
      panel.integrations.chooseSites.mutate({ pendingId, cloudIds: [ACME_CLOUD_ID] }),
    );
    expect(again.data?.code).toBe('NOT_FOUND');

    const signOut = await fetch(`${harness().url}/api/auth/sign-out`, {
      method: 'POST',
      headers: { cookie, origin: harness().url, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(signOut.status).toBe(200);
    expect((await rejection(panel.session.me.query())).data?.code).toBe('UNAUTHORIZED');
  });
});
