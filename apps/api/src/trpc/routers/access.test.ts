import { TRPCError } from '@trpc/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';

import type { Principal } from '../../auth/principal.js';
import { useTestDatabase } from '../../test-support/database.js';
import {
  apiClient,
  callerFor,
  newUser,
  newWorkspace,
  rejection,
  useApiHarness,
  type TestWorkspace,
} from '../../test-support/api-harness.js';
import { appRouter } from '../root.js';

const t = useTestDatabase();
const harness = useApiHarness(t, { seed: 'empty' });

let ws: TestWorkspace;
let member: Principal;

beforeAll(async () => {
  ws = await newWorkspace(harness());
  member = (await newUser(harness(), ws.workspaceId, 'member')).principal;
});

/**
 * Input that passes each procedure's validation (nothing in it exists: calls that get past the role check fail
 * on missing rows or connections, harmlessly). Every procedure of the router needs one, so a new procedure cannot
 * go unclassified.
 */
const VALID_INPUT: Record<string, unknown> = {
  'confluence.getSpaces': {},
  'confluence.getSpacePages': { spaceKey: 'ENG' },
  'confluence.getPage': { pageId: '1' },
  'confluence.searchPages': { text: 'deploy' },
  'confluence.createPage': { spaceKey: 'ENG', title: 'Access probe', body: 'x' },
  'confluence.updatePage': { pageId: '1', version: 1, body: 'x' },
  'confluence.addComment': { pageId: '1', body: 'x' },
  'confluence.addLabels': { pageId: '1', labels: ['x'] },
  'confluence.removeLabel': { pageId: '1', label: 'x' },
  'confluence.getAttachments': { pageId: '1' },
  'confluence.getAttachment': { attachmentId: 'att1' },
  'confluence.uploadAttachment': { pageId: '1', fileName: 'x.txt', content: 'x' },
  'confluence.getPageVersions': { pageId: '1' },
  'confluence.getPageVersion': { pageId: '1', version: 1 },
  'confluence.diffPageVersions': { pageId: '1', from: 1 },
  'confluence.restorePageVersion': { pageId: '1', version: 1, currentVersion: 2 },
  'confluence.getPageChildren': { pageId: '1' },
  'confluence.movePage': { pageId: '1', targetPageId: '2' },
  'confluence.copyPage': { pageId: '1', parentId: '2' },
  'confluence.archivePage': { pageId: '1' },
  'confluence.deletePage': { pageId: '1' },
  'confluence.getComments': { pageId: '1' },
  'confluence.addInlineComment': { pageId: '1', selection: 'x', body: 'x' },
  'confluence.resolveComment': { commentId: '1' },
  'confluence.searchUsers': { query: 'ada' },
  'tools.list': undefined,
  'tools.catalog': undefined,
  'tools.invoke': { name: 'get_confluence_page', input: { pageId: '1' } },
  'integrations.list': undefined,
  'integrations.get': { connectionId: 'x' },
  'integrations.setDefault': { connectionId: 'x' },
  'integrations.disconnect': { connectionId: 'x' },
  'integrations.test': { connectionId: 'x' },
  'integrations.pendingSiteChoice': { pendingId: 'x' },
  'integrations.chooseSites': { pendingId: 'x', cloudIds: ['y'] },
  'integrations.setPolicy': { connectionId: 'x', capabilities: ['read'] },
  'apiKeys.list': undefined,
  'apiKeys.create': { name: 'nope' },
  'apiKeys.revoke': { id: 'x' },
  'apiKeys.setPolicy': { id: 'x', tools: [] },
  'activity.list': {},
  'activity.stats': {},
  'activity.policyChanges': {},
  'session.me': undefined,
};

/** What members may not call. Derived below from how the router answers a member, and checked against this. */
const ADMIN_ONLY = [
  'activity.policyChanges',
  'apiKeys.create',
  'apiKeys.list',
  'apiKeys.revoke',
  'apiKeys.setPolicy',
  'integrations.chooseSites',
  'integrations.disconnect',
  'integrations.pendingSiteChoice',
  'integrations.setDefault',
  'integrations.setPolicy',
];

const PROCEDURES = Object.keys(appRouter._def.procedures).sort();
const ADMIN_REFUSAL = /needs admin rights/;

/** Calls `path` (e.g. "apiKeys.list") through the caller with `input`; resolves with its error, or null. */
async function outcomeOf(caller: ReturnType<typeof callerFor>, path: string, input: unknown) {
  const procedure = path
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (
    input: unknown,
  ) => Promise<unknown>;
  try {
    await procedure(input);
    return null;
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    return error;
  }
}

const call = (principal: Principal | null, path: string) =>
  outcomeOf(callerFor(harness(), principal), path, VALID_INPUT[path]);

describe('admin-only procedures', () => {
  it('are exactly the expected ones, derived from how every procedure of the router answers a member', async () => {
    expect(Object.keys(VALID_INPUT).sort()).toEqual(PROCEDURES);
    const adminOnly: string[] = [];
    const unclassified: string[] = [];
    for (const path of PROCEDURES) {
      const error = await call(member, path);
      if (error?.code === 'FORBIDDEN' && ADMIN_REFUSAL.test(error.message)) adminOnly.push(path);
      // Input that failed validation would leave a role check behind validation unseen.
      else if (error?.code === 'BAD_REQUEST' && error.cause instanceof ZodError)
        unclassified.push(`${path}: its VALID_INPUT does not pass validation`);
    }
    expect(unclassified).toEqual([]);
    expect(adminOnly.sort()).toEqual(ADMIN_ONLY);
  });

  it.each(ADMIN_ONLY)('%s refuses members and member API keys', async (path) => {
    const asMember = await call(member, path);
    expect(asMember?.message).toMatch(/admin rights .* you are a member/);
    expect(asMember?.code).toBe('FORBIDDEN');
    const asMemberKey = await call(ws.memberKeyPrincipal, path);
    expect(asMemberKey?.message).toMatch(/"reader" has the member role/);
    expect(asMemberKey?.code).toBe('FORBIDDEN');
    expect((await call(null, path))?.code).toBe('UNAUTHORIZED');
    // Refused before the input is even validated.
    expect(await outcomeOf(callerFor(harness(), member), path, 42)).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('lets admins in (users and admin keys); site choice only for a signed-in admin', async () => {
    const admin = callerFor(harness(), ws.adminPrincipal);
    const adminKey = callerFor(harness(), ws.adminKeyPrincipal);
    expect((await admin.apiKeys.list()).length).toBeGreaterThanOrEqual(2);
    expect((await adminKey.apiKeys.list()).length).toBeGreaterThanOrEqual(2);
    await expect(admin.integrations.setDefault({ connectionId: 'missing' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const pending = admin.integrations.pendingSiteChoice({ pendingId: 'missing' });
    await expect(pending).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(pending).rejects.toThrow('expired or was already used');
    const viaKey = adminKey.integrations.pendingSiteChoice({ pendingId: 'missing' });
    await expect(viaKey).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(viaKey).rejects.toThrow('in the panel');
  });

  it('answers FORBIDDEN (403) with data.kind over HTTP', async () => {
    const error = await rejection(apiClient(harness(), { apiKey: ws.memberKey }).apiKeys.list.query());
    expect(error.data).toMatchObject({ code: 'FORBIDDEN', httpStatus: 403, kind: 'FORBIDDEN' });
  });
});

describe('apiKeys', () => {
  it('creates a key shown once, lists it without the secret, and revokes it at once', async () => {
    const admin = apiClient(harness(), { apiKey: ws.adminKey });
    const created = await admin.apiKeys.create.mutate({
      name: 'deploy bot',
      role: 'member',
      expiresInDays: 30,
    });
    expect(created.key).toMatch(/^hub_[A-Za-z]{64}$/);
    expect(created.apiKey).toMatchObject({ name: 'deploy bot', role: 'member', revokedAt: null });
    expect(created.key.startsWith(created.apiKey.start ?? '-')).toBe(true);

    const listed = await admin.apiKeys.list.query();
    expect(listed.map((k) => k.name)).toEqual(
      expect.arrayContaining(['deploy bot', 'admin service', 'reader']),
    );
    expect(JSON.stringify(listed)).not.toContain(created.key);

    const bot = apiClient(harness(), { apiKey: created.key });
    expect(await bot.session.me.query()).toMatchObject({ principal: { kind: 'apiKey', name: 'deploy bot' } });
    await admin.apiKeys.revoke.mutate({ id: created.apiKey.id });
    expect((await rejection(bot.session.me.query())).data).toMatchObject({
      code: 'UNAUTHORIZED',
      httpStatus: 401,
    });
    const after = (await admin.apiKeys.list.query()).find((k) => k.id === created.apiKey.id);
    expect(after?.revokedAt).toEqual(expect.any(String));
    expect(harness().logLines.join('')).not.toContain(created.key);
  });

  it("cannot revoke another workspace's key", async () => {
    const other = await newWorkspace(harness(), 'Other');
    const error = await rejection(
      apiClient(harness(), { apiKey: other.adminKey }).apiKeys.revoke.mutate({
        id: ws.memberKeyPrincipal.id,
      }),
    );
    expect(error.data?.code).toBe('NOT_FOUND');
    expect(await apiClient(harness(), { apiKey: ws.memberKey }).session.me.query()).toBeDefined();
  });

  it('rejects bad input as BAD_REQUEST with field errors', async () => {
    const error = await rejection(
      apiClient(harness(), { apiKey: ws.adminKey }).apiKeys.create.mutate({
        name: '',
        role: 'owner' as 'admin',
      }),
    );
    expect(error.data?.httpStatus).toBe(400);
    expect(Object.keys(error.data?.zodError?.fieldErrors ?? {}).sort()).toEqual(['name', 'role']);
  });
});

describe('session.me', () => {
  it('says who is calling, in which workspace, with which role', async () => {
    const viaKey = await apiClient(harness(), { apiKey: ws.memberKey }).session.me.query();
    expect(viaKey).toEqual({
      principal: { kind: 'apiKey', id: ws.memberKeyPrincipal.id, name: 'reader', email: null },
      workspace: { id: ws.workspaceId, name: 'Acme team' },
      role: 'member',
    });
    const viaUser = await callerFor(harness(), ws.adminPrincipal).session.me();
    expect(viaUser).toMatchObject({ principal: { kind: 'user', email: ws.admin.email }, role: 'admin' });
  });
});
