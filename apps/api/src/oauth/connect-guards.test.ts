import { ACME_CLOUD_ID, SANDBOX_CLOUD_ID } from '@hub/confluence-emulator';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';

import { confluenceConnections, oauthStates } from '../db/schema/index.js';
import { useTestDatabase } from '../test-support/database.js';
import {
  browserGet,
  callback,
  consentAt,
  connectFlow,
  newAdmin,
  newMember,
  signInAgain,
  startConsent,
  startPath,
  useOAuthHarness,
} from '../test-support/oauth-flow.js';
import { CALLBACK_PATH } from './deps.js';
import { completeSiteChoice, getPendingSiteChoice } from './site-choice.js';

const t = useTestDatabase();
const harness = useOAuthHarness(t);

const exchanges = async () => (await harness().emu.control.stats()).token.authorization_code;
/** The emulator's request log so far; `requestsSince(mark)` is what reached it afterwards. */
const requestMark = async () => (await harness().emu.control.requests()).length;
const requestsSince = async (mark: number) => (await harness().emu.control.requests()).slice(mark);
const workspaceConnections = (workspaceId: string) =>
  t.db
    .select({
      id: confluenceConnections.id,
      accountId: confluenceConnections.accountId,
      status: confluenceConnections.status,
    })
    .from(confluenceConnections)
    .where(eq(confluenceConnections.workspaceId, workspaceId));

describe('start', () => {
  it('sends a visitor without a session to sign in, and a member back with error=forbidden', async () => {
    const h = harness();
    const anonymous = await browserGet(h, startPath());
    expect(anonymous.status).toBe(302);
    expect(new URL(anonymous.headers.get('location') ?? '', h.apiUrl).toString()).toBe(
      `${h.apiUrl}/?next=%2Fintegrations`,
    );

    const admin = await newAdmin(h);
    const member = await newMember(h, admin.workspaceId, 'member');
    const res = await browserGet(h, startPath(), member.cookie);
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location') ?? '', h.apiUrl);
    expect(location.pathname).toBe('/integrations');
    expect(location.searchParams.get('error')).toBe('forbidden');
    expect(location.searchParams.get('message')).toMatch(/Only workspace admins/);
    expect(await t.db.select().from(oauthStates).where(eq(oauthStates.userId, member.userId))).toHaveLength(
      0,
    );
  });

  it.each([
    '//evil.example/integrations',
    'https://evil.example/',
    '/\\evil.example',
    '\\\\evil.example',
    '/\t/evil.example',
    '/%2F/evil.example',
    '/%5Cevil.example',
    'javascript:alert(1)',
    'integrations',
  ])('refuses returnTo %j without starting a consent', async (returnTo) => {
    const h = harness();
    const admin = await newAdmin(h);
    const res = await browserGet(h, startPath(returnTo), admin.cookie);
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toMatch(/returnTo must be a path on this site/);
    expect(await t.db.select().from(oauthStates).where(eq(oauthStates.userId, admin.userId))).toHaveLength(0);
  });

  it('deletes expired states and site choices as new consents start', async () => {
    const h = harness();
    const admin = await newAdmin(h);
    await startConsent(h, admin);
    const pending = (await connectFlow(h, admin, { account: 'acc-ada' })).searchParams.get('choose');
    expect(pending).not.toBeNull();
    const mine = () => t.db.select().from(oauthStates).where(eq(oauthStates.userId, admin.userId));
    expect(await mine()).toHaveLength(2);
    await t.db
      .update(oauthStates)
      .set({ expiresAt: sql`now() - interval '1 minute'` })
      .where(eq(oauthStates.userId, admin.userId));
    await startConsent(h, admin);
    expect(await mine()).toHaveLength(1);
  });
});

describe('callback refuses a bad state', () => {
  it('missing', async () => {
    const h = harness();
    const admin = await newAdmin(h);
    const landed = await callback(h, `${CALLBACK_PATH}?code=abc`, admin);
    expect(landed.pathname).toBe('/integrations');
    expect(landed.searchParams.get('error')).toBe('invalid_state');
    expect(landed.searchParams.get('message')).toMatch(/no state/);
  });

  it('unknown', async () => {
    const h = harness();
    const admin = await newAdmin(h);
    const before = await exchanges();
    const landed = await callback(h, `${CALLBACK_PATH}?code=abc&state=${'A'.repeat(43)}`, admin);
    expect(landed.searchParams.get('error')).toBe('invalid_state');
    expect(await exchanges()).toBe(before);
  });

  it('expired (the consent took more than ten minutes): refused before the code is exchanged', async () => {
    const h = harness();
    const admin = await newAdmin(h);
    const back = await consentAt(await startConsent(h, admin), { account: 'acc-bob' });
    const before = await exchanges();
    const mark = await requestMark();
    h.advanceClock(10 * 60_000 + 1000);
    try {
      const landed = await callback(h, back, admin);
      expect(landed.searchParams.get('error')).toBe('expired_state');
      expect(landed.searchParams.get('message')).toMatch(/10 minutes/);
      expect(landed.searchParams.get('connected')).toBeNull();
    } finally {
      h.advanceClock(-(10 * 60_000 + 1000));
    }
    // The callback never reached Atlassian: no token request, no code grant, no connection.
    expect(await requestsSince(mark)).toEqual([]);
    expect(await exchanges()).toBe(before);
    expect(await workspaceConnections(admin.workspaceId)).toEqual([]);
  });

  it('reused: of two concurrent callbacks with one state, one connects and the other is refused before exchanging', async () => {
    const h = harness();
    const admin = await newAdmin(h);
    const back = await consentAt(await startConsent(h, admin), { account: 'acc-bob' });
    const before = await exchanges();
    const mark = await requestMark();
    const landed = await Promise.all([callback(h, back, admin), callback(h, back, admin)]);
    const winners = landed.filter((u) => u.searchParams.get('connected') !== null);
    const losers = landed.filter((u) => u.searchParams.get('connected') === null);
    expect(winners).toHaveLength(1);
    expect(losers.map((u) => u.searchParams.get('error'))).toEqual(['invalid_state']);
    expect(losers[0]?.searchParams.get('message')).toMatch(/already used/);
    // The winner's connection is the workspace's only one, with bob's tokens from the one exchange.
    const connectionId = winners[0]?.searchParams.get('connected');
    expect(await workspaceConnections(admin.workspaceId)).toEqual([
      { id: connectionId, accountId: 'acc-bob', status: 'active' },
    ]);
    expect(await exchanges()).toBe(before + 1);
    expect((await requestsSince(mark)).filter((r) => r.path === '/oauth/token')).toHaveLength(1);

    const third = await callback(h, back, admin);
    expect(third.searchParams.get('error')).toBe('invalid_state');
    expect(third.searchParams.get('message')).toMatch(/already used/);
    expect(await exchanges()).toBe(before + 1);
  });

  it('of another session of the same user, without burning it for the session that started it', async () => {
    const h = harness();
    const admin = await newAdmin(h);
    const otherBrowser = await signInAgain(h, admin);
    const back = await consentAt(await startConsent(h, admin), { account: 'acc-bob' });
    const stolen = await callback(h, back, otherBrowser);
    expect(stolen.searchParams.get('error')).toBe('invalid_state');
    expect(stolen.searchParams.get('message')).toMatch(/another browser session/);
    const rightful = await callback(h, back, admin);
    expect(rightful.searchParams.get('connected')).toEqual(expect.any(String));
  });

  it('of another user (an admin of the same workspace), and with no session at all', async () => {
    const h = harness();
    const admin = await newAdmin(h);
    const colleague = await newMember(h, admin.workspaceId, 'admin');
    const back = await consentAt(await startConsent(h, admin), { account: 'acc-bob' });
    const before = await exchanges();
    expect((await callback(h, back, colleague)).searchParams.get('error')).toBe('invalid_state');
    const signedOut = await callback(h, back);
    expect(signedOut.searchParams.get('error')).toBe('invalid_state');
    expect(signedOut.searchParams.get('message')).toMatch(/signed out/);
    expect(await exchanges()).toBe(before);
    expect(
      await t.db
        .select()
        .from(confluenceConnections)
        .where(eq(confluenceConnections.workspaceId, admin.workspaceId)),
    ).toHaveLength(0);
  });

  it('the callback of a member is forbidden', async () => {
    const h = harness();
    const admin = await newAdmin(h);
    const member = await newMember(h, admin.workspaceId, 'member');
    const back = await consentAt(await startConsent(h, admin), { account: 'acc-bob' });
    expect((await callback(h, back, member)).searchParams.get('error')).toBe('forbidden');
  });
});

describe('site choice guards', () => {
  async function pendingChoice() {
    const h = harness();
    const admin = await newAdmin(h);
    const pendingId = (await connectFlow(h, admin, { account: 'acc-ada' })).searchParams.get('choose') ?? '';
    return { h, admin, pendingId };
  }

  it('belongs to the session that consented: another session, user or a member finds nothing', async () => {
    const { h, admin, pendingId } = await pendingChoice();
    const otherBrowser = await signInAgain(h, admin);
    const colleague = await newMember(h, admin.workspaceId, 'admin');
    const member = await newMember(h, admin.workspaceId, 'member');
    for (const stranger of [otherBrowser, colleague]) {
      await expect(getPendingSiteChoice(h.deps, stranger.principal, pendingId)).rejects.toMatchObject({
        kind: 'NOT_FOUND',
      });
      await expect(
        completeSiteChoice(h.deps, stranger.principal, pendingId, [ACME_CLOUD_ID]),
      ).rejects.toMatchObject({ kind: 'NOT_FOUND' });
    }
    await expect(getPendingSiteChoice(h.deps, member.principal, pendingId)).rejects.toMatchObject({
      kind: 'FORBIDDEN',
    });
    // Still there for its owner.
    expect((await getPendingSiteChoice(h.deps, admin.principal, pendingId)).sites).toHaveLength(2);
  });

  it('takes exactly one listed site, and a wrong pick leaves the choice open', async () => {
    const { h, admin, pendingId } = await pendingChoice();
    const complete = (ids: string[]) => completeSiteChoice(h.deps, admin.principal, pendingId, ids);
    await expect(complete([ACME_CLOUD_ID, SANDBOX_CLOUD_ID])).rejects.toMatchObject({
      kind: 'BAD_REQUEST',
      message: expect.stringMatching(/Choose one site/) as unknown,
    });
    await expect(complete([])).rejects.toMatchObject({ kind: 'BAD_REQUEST' });
    await expect(complete(['33333333-3333-4333-8333-333333333333'])).rejects.toMatchObject({
      kind: 'BAD_REQUEST',
    });
    expect((await complete([ACME_CLOUD_ID, ACME_CLOUD_ID])).connectionIds).toHaveLength(1);
  });

  it('expires ten minutes after the callback', async () => {
    const { h, admin, pendingId } = await pendingChoice();
    h.advanceClock(10 * 60_000 + 1000);
    try {
      await expect(getPendingSiteChoice(h.deps, admin.principal, pendingId)).rejects.toMatchObject({
        kind: 'NOT_FOUND',
        message: expect.stringMatching(/expired or was already used/) as unknown,
      });
    } finally {
      h.advanceClock(-(10 * 60_000 + 1000));
    }
  });

  it('two concurrent completions: one connects, the other finds the choice gone', async () => {
    const { h, admin, pendingId } = await pendingChoice();
    const results = await Promise.allSettled([
      completeSiteChoice(h.deps, admin.principal, pendingId, [ACME_CLOUD_ID]),
      completeSiteChoice(h.deps, admin.principal, pendingId, [SANDBOX_CLOUD_ID]),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    expect(
      await t.db
        .select()
        .from(confluenceConnections)
        .where(eq(confluenceConnections.workspaceId, admin.workspaceId)),
    ).toHaveLength(1);
  });
});
