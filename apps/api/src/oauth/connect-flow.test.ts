import { CONFLUENCE_SCOPES } from '@hub/confluence';
import { ACME_CLOUD_ID, SANDBOX_CLOUD_ID } from '@hub/confluence-emulator';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';

import { readTokens } from '../connections/store.js';
import { confluenceConnections, oauthStates } from '../db/schema/index.js';
import { useTestDatabase } from '../test-support/database.js';
import {
  callback,
  consentAt,
  connectFlow,
  newAdmin,
  startConsent,
  useOAuthHarness,
  type OAuthHarness,
} from '../test-support/oauth-flow.js';
import { completeSiteChoice, getPendingSiteChoice } from './site-choice.js';

const t = useTestDatabase();
const harness = useOAuthHarness(t);

async function connectionRow(id: string) {
  const [row] = await t.db.select().from(confluenceConnections).where(eq(confluenceConnections.id, id));
  if (row === undefined) throw new Error(`no connection ${id}`);
  return row;
}

/** No row of either table, in any column, holds a token the emulator issued. */
async function expectNoClearTokens(h: OAuthHarness): Promise<void> {
  expect(h.issuedTokens.length).toBeGreaterThan(0);
  const dump = JSON.stringify([
    await t.db.select().from(oauthStates),
    await t.db.select().from(confluenceConnections),
  ]);
  for (const token of h.issuedTokens) expect(dump).not.toContain(token);
}

describe('connect with one site', () => {
  it('start → Atlassian consent → callback stores an encrypted connection with account and scopes', async () => {
    const h = harness();
    const admin = await newAdmin(h);
    const authorize = new URL(await startConsent(h, admin));
    expect(authorize.origin + authorize.pathname).toBe(`${h.emu.url}/authorize`);
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${h.apiUrl}/oauth/confluence/callback`);
    expect(authorize.searchParams.get('scope')?.split(' ')).toEqual([...CONFLUENCE_SCOPES]);
    const state = authorize.searchParams.get('state') ?? '';
    expect(Buffer.from(state, 'base64url').length).toBeGreaterThanOrEqual(32);
    // Only the hash is stored, bound to this user, workspace and session.
    const [stored] = await t.db.select().from(oauthStates).where(eq(oauthStates.userId, admin.userId));
    expect(stored).toMatchObject({
      workspaceId: admin.workspaceId,
      sessionId: admin.principal.sessionId,
      returnPath: '/integrations',
      usedAt: null,
    });
    expect(JSON.stringify(stored)).not.toContain(state);

    const landed = await callback(h, await consentAt(authorize.toString(), { account: 'acc-bob' }), admin);
    expect(landed.pathname).toBe('/integrations');
    const id = landed.searchParams.get('connected') ?? '';
    expect(id).not.toBe('');
    expect(h.forgotten).toContain(id);

    const row = await connectionRow(id);
    expect(row).toMatchObject({
      workspaceId: admin.workspaceId,
      cloudId: ACME_CLOUD_ID,
      siteName: 'Acme',
      siteUrl: 'https://acme.atlassian.net',
      accountId: 'acc-bob',
      accountName: 'Bob Builder',
      accountEmail: 'bob@example.com',
      status: 'active',
      isDefault: true,
      createdBy: admin.userId,
    });
    expect(row.scopes).toEqual(expect.arrayContaining([...CONFLUENCE_SCOPES]));
    expect(row.accessTokenEnc).toMatch(/^v1\.k1\./);
    expect(row.accessTokenExpiresAt?.getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
    const tokens = await readTokens(t.db, h.deps.cipher, admin.workspaceId, id);
    expect(h.issuedTokens).toEqual(expect.arrayContaining([tokens.accessToken, tokens.refreshToken]));
    await expectNoClearTokens(h);
  });

  it('comes back to the returnTo path it was given, with the result added to its query', async () => {
    const h = harness();
    const admin = await newAdmin(h);
    const landed = await connectFlow(
      h,
      admin,
      { account: 'acc-bob' },
      '/integrations/confluence?tab=sites#top',
    );
    expect(landed.pathname).toBe('/integrations/confluence');
    expect(landed.searchParams.get('tab')).toBe('sites');
    expect(landed.searchParams.get('connected')).toEqual(expect.any(String));
    expect(landed.hash).toBe('#top');
  });

  it('reconnecting the same site keeps the connection id and replaces its tokens', async () => {
    const h = harness();
    const admin = await newAdmin(h);
    const first = (await connectFlow(h, admin, { account: 'acc-bob' })).searchParams.get('connected') ?? '';
    const before = await readTokens(t.db, h.deps.cipher, admin.workspaceId, first);
    const again = (await connectFlow(h, admin, { account: 'acc-bob' })).searchParams.get('connected');
    expect(again).toBe(first);
    const after = await readTokens(t.db, h.deps.cipher, admin.workspaceId, first);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(h.forgotten.filter((id) => id === first)).toHaveLength(2);
    const all = await t.db
      .select()
      .from(confluenceConnections)
      .where(eq(confluenceConnections.workspaceId, admin.workspaceId));
    expect(all).toHaveLength(1);
  });
});

describe('a consent that reaches several sites', () => {
  it('redirects to a choice, lists the sites without tokens, connects the one chosen, and works once', async () => {
    const h = harness();
    const admin = await newAdmin(h);
    const landed = await connectFlow(h, admin, { account: 'acc-ada' });
    expect(landed.pathname).toBe('/integrations');
    expect(landed.searchParams.get('connected')).toBeNull();
    const pendingId = landed.searchParams.get('choose') ?? '';
    expect(pendingId).not.toBe('');
    expect(
      await t.db
        .select()
        .from(confluenceConnections)
        .where(eq(confluenceConnections.workspaceId, admin.workspaceId)),
    ).toHaveLength(0);

    const choice = await getPendingSiteChoice(h.deps, admin.principal, pendingId);
    expect(choice).toMatchObject({
      id: pendingId,
      account: { name: 'Ada Admin', email: 'ada@example.com' },
      sites: [
        { cloudId: ACME_CLOUD_ID, name: 'Acme', url: 'https://acme.atlassian.net', alreadyConnected: false },
        { cloudId: SANDBOX_CLOUD_ID, name: 'Acme Sandbox', alreadyConnected: false },
      ],
    });
    expect(choice.expiresAt.getTime()).toBeGreaterThan(Date.now() + 9 * 60_000);
    const shown = JSON.stringify(choice);
    for (const token of h.issuedTokens) expect(shown).not.toContain(token);
    await expectNoClearTokens(h);

    const { connectionIds } = await completeSiteChoice(h.deps, admin.principal, pendingId, [
      SANDBOX_CLOUD_ID,
    ]);
    expect(connectionIds).toHaveLength(1);
    const id = connectionIds[0] ?? '';
    expect(await connectionRow(id)).toMatchObject({
      cloudId: SANDBOX_CLOUD_ID,
      siteName: 'Acme Sandbox',
      accountId: 'acc-ada',
      accountEmail: 'ada@example.com',
      workspaceId: admin.workspaceId,
    });
    expect(h.forgotten).toContain(id);
    const tokens = await readTokens(t.db, h.deps.cipher, admin.workspaceId, id);
    expect(h.issuedTokens).toContain(tokens.refreshToken);

    // Single-use: the choice is gone, whether read or completed again.
    await expect(
      completeSiteChoice(h.deps, admin.principal, pendingId, [ACME_CLOUD_ID]),
    ).rejects.toMatchObject({
      kind: 'NOT_FOUND',
    });
    await expect(getPendingSiteChoice(h.deps, admin.principal, pendingId)).rejects.toMatchObject({
      kind: 'NOT_FOUND',
    });
    await expectNoClearTokens(h);

    // The other site takes a consent of its own; the choice then marks the connected one.
    const next = (await connectFlow(h, admin, { account: 'acc-ada' })).searchParams.get('choose') ?? '';
    const second = await getPendingSiteChoice(h.deps, admin.principal, next);
    expect(second.sites.map((s) => [s.cloudId, s.alreadyConnected])).toEqual([
      [ACME_CLOUD_ID, false],
      [SANDBOX_CLOUD_ID, true],
    ]);
    const acme = await completeSiteChoice(h.deps, admin.principal, next, [ACME_CLOUD_ID]);
    const acmeTokens = await readTokens(t.db, h.deps.cipher, admin.workspaceId, acme.connectionIds[0] ?? '');
    // Two consents, two independent refresh token families.
    expect(acmeTokens.refreshToken).not.toBe(tokens.refreshToken);
  });

  it('a consent narrowed to one site on the Atlassian page connects it directly', async () => {
    const h = harness();
    const admin = await newAdmin(h);
    const landed = await connectFlow(h, admin, { account: 'acc-ada', sites: [SANDBOX_CLOUD_ID] });
    const row = await connectionRow(landed.searchParams.get('connected') ?? '');
    expect(row.cloudId).toBe(SANDBOX_CLOUD_ID);
  });
});

describe('consents that do not connect', () => {
  it('a denial on the consent page comes back as access_denied and spends the state', async () => {
    const h = harness();
    const admin = await newAdmin(h);
    const back = await consentAt(await startConsent(h, admin), { decision: 'deny' });
    const grants = async () => (await h.emu.control.stats()).token.authorization_code;
    const before = await grants();
    const landed = await callback(h, back, admin);
    expect(landed.searchParams.get('error')).toBe('access_denied');
    expect(landed.searchParams.get('message')).toMatch(/declined/);
    const replay = await callback(h, back, admin);
    expect(replay.searchParams.get('error')).toBe('invalid_state');
    expect(await grants()).toBe(before);
    expect(
      await t.db
        .select()
        .from(confluenceConnections)
        .where(eq(confluenceConnections.workspaceId, admin.workspaceId)),
    ).toEqual([]);
  });

  it('a token that reaches no Confluence site is no_sites', async () => {
    const h = harness();
    const admin = await newAdmin(h);
    const jiraOnly = [
      { id: 'jira-1', name: 'Jira', url: 'https://jira.example', scopes: ['read:jira-work'] },
    ];
    await h.emu.control.addFault({ path: '/oauth/token/accessible-resources', status: 200, body: jiraOnly });
    const landed = await connectFlow(h, admin, { account: 'acc-bob' });
    expect(landed.searchParams.get('error')).toBe('no_sites');
    expect(landed.searchParams.get('message')).toMatch(/no Confluence site/);
  });

  it('a failed code exchange says what to check and never repeats the secret or the code', async () => {
    const h = harness();
    const admin = await newAdmin(h);
    const good = h.deps.oauth;
    h.deps.oauth = { ...good, clientSecret: 'wrong-secret-0123456789' };
    let back: string;
    let landed: URL;
    try {
      back = await consentAt(await startConsent(h, admin), { account: 'acc-bob' });
      landed = await callback(h, back, admin);
    } finally {
      h.deps.oauth = good;
    }
    expect(landed.searchParams.get('error')).toBe('exchange_failed');
    const message = landed.searchParams.get('message') ?? '';
    expect(message).toMatch(/ATLASSIAN_CLIENT_ID and ATLASSIAN_CLIENT_SECRET/);
    const code = new URL(back).searchParams.get('code') ?? '';
    for (const secret of ['wrong-secret-0123456789', good.clientSecret, code]) {
      expect(landed.toString()).not.toContain(secret);
      expect(h.logLines.join('\n')).not.toContain(secret);
    }
  });
});

describe('logs', () => {
  it('carry no token, code or state from any of the flows above', () => {
    const h = harness();
    const logs = h.logLines.join('\n');
    expect(logs).toContain('Confluence site connected');
    expect(h.codesAndStates.length).toBeGreaterThan(5);
    for (const secret of [...h.issuedTokens, ...h.codesAndStates]) expect(logs).not.toContain(secret);
  });
});
