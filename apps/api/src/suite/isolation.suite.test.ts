import { ACME_CLOUD_ID } from '@hub/confluence-emulator';
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { appRouter } from '../trpc/root.js';
import { useTestDatabase } from '../test-support/database.js';
import {
  apiClient,
  connect,
  consentOverHttp,
  followCallback,
  newUser,
  newWorkspace,
  signInOverHttp,
  useApiHarness,
  type TestWorkspace,
} from '../test-support/api-harness.js';
import { reportSummary } from '../test-support/suite-summary.js';

/**
 * Isolation: every procedure (taken from the router) × every kind of caller that is not workspace A's —
 * workspace B's admin session, admin key, member session and member key, a revoked key of A, no credentials —
 * aimed at A's resources (A's connection, key, pending site choice, pages). Each call is refused, or answers
 * with the caller's own data only: nothing of A (its ids, names, emails, keys) appears in any answer, and A's
 * state is the same afterwards.
 */

const t = useTestDatabase();
const harness = useApiHarness(t);

type Client = ReturnType<typeof apiClient>;
type Probe = (c: Client) => Promise<unknown>;

interface Victim {
  ws: TestWorkspace;
  connectionId: string;
  memberKeyId: string;
  pendingId: string;
  revokedKey: string;
  pageId: string;
  pageVersion: number;
}
let a: Victim;
const callers: { name: string; client: () => Client }[] = [];

/** One call per procedure, each aimed at A. A procedure without a probe fails the suite (see the first test). */
const PROBES: Record<string, Probe> = {
  'confluence.getSpaces': (c) => c.confluence.getSpaces.query({ connectionId: a.connectionId }),
  'confluence.getSpacePages': (c) =>
    c.confluence.getSpacePages.query({ spaceKey: 'ENG', connectionId: a.connectionId }),
  'confluence.getPage': (c) => c.confluence.getPage.query({ pageId: a.pageId, connectionId: a.connectionId }),
  'confluence.searchPages': (c) =>
    c.confluence.searchPages.query({ text: 'deploy', connectionId: a.connectionId }),
  'confluence.createPage': (c) =>
    c.confluence.createPage.mutate({
      spaceKey: 'ENG',
      title: 'Planted',
      body: 'x',
      connectionId: a.connectionId,
    }),
  'confluence.updatePage': (c) =>
    c.confluence.updatePage.mutate({
      pageId: a.pageId,
      version: 1,
      body: 'defaced',
      connectionId: a.connectionId,
    }),
  'confluence.addComment': (c) =>
    c.confluence.addComment.mutate({ pageId: a.pageId, body: 'spam', connectionId: a.connectionId }),
  'confluence.addLabels': (c) =>
    c.confluence.addLabels.mutate({ pageId: a.pageId, labels: ['planted'], connectionId: a.connectionId }),
  'confluence.removeLabel': (c) =>
    c.confluence.removeLabel.mutate({ pageId: a.pageId, label: 'planted', connectionId: a.connectionId }),
  'confluence.getAttachments': (c) =>
    c.confluence.getAttachments.query({ pageId: a.pageId, connectionId: a.connectionId }),
  'confluence.getAttachment': (c) =>
    c.confluence.getAttachment.query({ attachmentId: 'att1', connectionId: a.connectionId }),
  'confluence.uploadAttachment': (c) =>
    c.confluence.uploadAttachment.mutate({
      pageId: a.pageId,
      fileName: 'planted.txt',
      content: 'planted',
      connectionId: a.connectionId,
    }),
  'confluence.getPageVersions': (c) =>
    c.confluence.getPageVersions.query({ pageId: a.pageId, connectionId: a.connectionId }),
  'confluence.getPageVersion': (c) =>
    c.confluence.getPageVersion.query({ pageId: a.pageId, version: 1, connectionId: a.connectionId }),
  'confluence.diffPageVersions': (c) =>
    c.confluence.diffPageVersions.query({ pageId: a.pageId, from: 1, connectionId: a.connectionId }),
  'confluence.restorePageVersion': (c) =>
    c.confluence.restorePageVersion.mutate({
      pageId: a.pageId,
      version: 1,
      currentVersion: a.pageVersion,
      connectionId: a.connectionId,
    }),
  'confluence.getPageChildren': (c) =>
    c.confluence.getPageChildren.query({ pageId: a.pageId, connectionId: a.connectionId }),
  'confluence.movePage': (c) =>
    c.confluence.movePage.mutate({ pageId: a.pageId, spaceKey: 'HR', connectionId: a.connectionId }),
  'confluence.copyPage': (c) =>
    c.confluence.copyPage.mutate({ pageId: a.pageId, spaceKey: 'HR', connectionId: a.connectionId }),
  'confluence.archivePage': (c) =>
    c.confluence.archivePage.mutate({ pageId: a.pageId, connectionId: a.connectionId }),
  'confluence.deletePage': (c) =>
    c.confluence.deletePage.mutate({ pageId: a.pageId, connectionId: a.connectionId }),
  'confluence.getComments': (c) =>
    c.confluence.getComments.query({ pageId: a.pageId, connectionId: a.connectionId }),
  'confluence.addInlineComment': (c) =>
    c.confluence.addInlineComment.mutate({
      pageId: a.pageId,
      selection: 'a',
      body: 'spam',
      connectionId: a.connectionId,
    }),
  'confluence.resolveComment': (c) =>
    c.confluence.resolveComment.mutate({ commentId: a.pageId, connectionId: a.connectionId }),
  'confluence.searchUsers': (c) =>
    c.confluence.searchUsers.query({ query: 'ada', connectionId: a.connectionId }),
  'tools.list': (c) => c.tools.list.query(),
  'tools.catalog': (c) => c.tools.catalog.query(),
  'tools.invoke': (c) =>
    c.tools.invoke.mutate({
      name: 'get_confluence_page',
      input: { pageId: a.pageId },
      connectionId: a.connectionId,
    }),
  'integrations.list': (c) => c.integrations.list.query(),
  'integrations.get': (c) => c.integrations.get.query({ connectionId: a.connectionId }),
  'integrations.setDefault': (c) => c.integrations.setDefault.mutate({ connectionId: a.connectionId }),
  'integrations.disconnect': (c) => c.integrations.disconnect.mutate({ connectionId: a.connectionId }),
  'integrations.test': (c) => c.integrations.test.mutate({ connectionId: a.connectionId }),
  'integrations.pendingSiteChoice': (c) => c.integrations.pendingSiteChoice.query({ pendingId: a.pendingId }),
  'integrations.chooseSites': (c) =>
    c.integrations.chooseSites.mutate({ pendingId: a.pendingId, cloudIds: [ACME_CLOUD_ID] }),
  'apiKeys.list': (c) => c.apiKeys.list.query(),
  'apiKeys.create': (c) => c.apiKeys.create.mutate({ name: 'intruder' }),
  'apiKeys.revoke': (c) => c.apiKeys.revoke.mutate({ id: a.memberKeyId }),
  'apiKeys.setPolicy': (c) => c.apiKeys.setPolicy.mutate({ id: a.memberKeyId, tools: [] }),
  'integrations.setPolicy': (c) =>
    c.integrations.setPolicy.mutate({ connectionId: a.connectionId, capabilities: ['read'] }),
  'activity.list': (c) => c.activity.list.query({ connectionId: a.connectionId }),
  'activity.stats': (c) => c.activity.stats.query({ connectionId: a.connectionId }),
  'activity.policyChanges': (c) => c.activity.policyChanges.query({}),
  'session.me': (c) => c.session.me.query(),
};

/** Refusals an outsider may get; anything else thrown is a failure of the suite. */
const REFUSALS = new Set(['UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'PRECONDITION_FAILED', 'BAD_REQUEST']);

/** What only workspace A knows: none of it may appear in an answer to anyone else. */
let secretsOfA: string[] = [];

beforeAll(async () => {
  const ws = await newWorkspace(harness(), 'Victim A');
  const connection = await connect(harness(), ws.workspaceId);
  const admin = apiClient(harness(), { apiKey: ws.adminKey });
  // Activity of A, a revoked key of A, and a real pending site choice of A (a consent that reached two sites).
  const { results } = await admin.confluence.searchPages.query({
    title: 'System Overview',
    spaceKeys: ['ENG'],
  });
  const pageId = results[0]?.id ?? '';
  const pageVersion = (await admin.confluence.getPage.query({ pageId })).version.number;
  const revoked = await admin.apiKeys.create.mutate({ name: 'retired-bot' });
  await admin.apiKeys.revoke.mutate({ id: revoked.apiKey.id });
  // A's policy log holds a change naming A's key: another workspace's log must not show it.
  await admin.apiKeys.setPolicy.mutate({ id: revoked.apiKey.id, kind: 'agent' });
  const cookie = await signInOverHttp(harness(), ws.admin.email, ws.admin.password);
  const pendingId =
    (await followCallback(harness(), await consentOverHttp(harness(), cookie), cookie)).choose ?? '';
  expect(pendingId).not.toBe('');
  await harness().activity.flush();

  a = {
    ws,
    connectionId: connection.id,
    memberKeyId: ws.memberKeyPrincipal.id,
    pendingId,
    revokedKey: revoked.key,
    pageId,
    pageVersion,
  };
  const keys = await admin.apiKeys.list.query();
  const [view] = await admin.integrations.list.query();
  secretsOfA = [
    // A's connection as the panel shows it: B has no connection, so none of this is B's to see.
    view?.createdAt ?? 'missing',
    view?.account.email ?? 'missing',
    view?.accessTokenExpiresAt ?? 'missing',
    ws.workspaceId,
    ws.admin.email,
    ws.adminKey,
    ws.memberKey,
    revoked.key,
    connection.accessToken,
    connection.refreshToken,
    ...keys.flatMap((k) => [k.id, k.start ?? '', k.name]).filter((s) => s.length >= 6),
  ];

  const b = await newWorkspace(harness(), 'Outsider B');
  const bMember = await newUser(harness(), b.workspaceId, 'member');
  const bAdminCookie = await signInOverHttp(harness(), b.admin.email, b.admin.password);
  const bMemberCookie = await signInOverHttp(harness(), bMember.email, bMember.password);
  callers.push(
    { name: "B's admin session", client: () => apiClient(harness(), { cookie: bAdminCookie }) },
    { name: "B's admin key", client: () => apiClient(harness(), { apiKey: b.adminKey }) },
    { name: "B's member session", client: () => apiClient(harness(), { cookie: bMemberCookie }) },
    { name: "B's member key", client: () => apiClient(harness(), { apiKey: b.memberKey }) },
    { name: "A's revoked key", client: () => apiClient(harness(), { apiKey: a.revokedKey }) },
    { name: 'no credentials', client: () => apiClient(harness(), { cookie: '' }) },
  );
});

const tally = { cases: 0, refused: 0, ownData: 0, leaked: 0 };
afterAll(() => {
  reportSummary(
    'isolation',
    `${tally.cases} procedure×principal cases, ${tally.refused} refused, ${tally.ownData} answered with ` +
      `the caller's own data, ${tally.leaked} leaked`,
  );
});

/** The text of an answer without what the caller itself sent (an id echoed in "not found" is no leak). */
function leaksIn(answer: string, sent: string): string[] {
  return secretsOfA.filter((secret) => answer.includes(secret) && !sent.includes(secret));
}

describe('isolation between workspaces', () => {
  it('has a probe for every procedure of the router', () => {
    const procedures = Object.keys(appRouter._def.procedures).sort();
    expect(Object.keys(PROBES).sort()).toEqual(procedures);
  });

  it('refuses every outsider on every procedure, and leaks nothing of A', { timeout: 300_000 }, async () => {
    const failures: string[] = [];
    for (const [procedure, probe] of Object.entries(PROBES)) {
      for (const caller of callers) {
        tally.cases += 1;
        const sent = JSON.stringify(a);
        let answer: string;
        try {
          answer = JSON.stringify(await probe(caller.client()));
          // Answered: it may only be the caller's own (empty lists, its own session, the tool manifests).
          tally.ownData += 1;
          if (procedure === 'tools.invoke' && (JSON.parse(answer) as { ok: boolean }).ok) {
            failures.push(`${procedure} as ${caller.name}: ran against A's connection`);
          }
        } catch (error) {
          if (!(error instanceof TRPCClientError)) throw error;
          const code = (error.data as { code?: string } | undefined)?.code ?? '';
          if (!REFUSALS.has(code)) failures.push(`${procedure} as ${caller.name}: ${code} ${error.message}`);
          tally.refused += 1;
          answer = JSON.stringify({ message: error.message, data: error.data as unknown });
        }
        const leaked = leaksIn(answer, sent);
        if (leaked.length > 0) {
          tally.leaked += 1;
          failures.push(`${procedure} as ${caller.name}: answer holds ${leaked.length} of A's values`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(tally.refused).toBeGreaterThan(tally.cases / 2);
  });

  it("leaves A as it was: connection, keys, default, pending choice, and A's pages", async () => {
    const admin = apiClient(harness(), { apiKey: a.ws.adminKey });
    const [connection] = await admin.integrations.list.query();
    expect(connection).toMatchObject({ id: a.connectionId, status: 'active', isDefault: true });
    const keys = await admin.apiKeys.list.query();
    expect(keys.find((k) => k.id === a.memberKeyId)?.revokedAt).toBeNull();
    expect(keys.map((k) => k.name)).not.toContain('intruder');
    const page = await admin.confluence.getPage.query({ pageId: a.pageId });
    expect(page.version.number).toBe(a.pageVersion);
    expect(page.body.value).not.toContain('defaced');
    const planted = await admin.confluence.searchPages.query({ title: 'Planted', spaceKeys: ['ENG'] });
    expect(planted.results).toEqual([]);
  });
});
