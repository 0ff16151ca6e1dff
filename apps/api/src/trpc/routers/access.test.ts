import { beforeAll, describe, expect, it } from 'vitest';

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

const t = useTestDatabase();
const harness = useApiHarness(t, { seed: 'empty' });

let ws: TestWorkspace;
let member: Principal;

beforeAll(async () => {
  ws = await newWorkspace(harness());
  member = (await newUser(harness(), ws.workspaceId, 'member')).principal;
});

/** Every admin-only procedure, called with harmless input. */
const adminCalls = {
  'integrations.setDefault': (c: ReturnType<typeof callerFor>) =>
    c.integrations.setDefault({ connectionId: 'x' }),
  'integrations.disconnect': (c: ReturnType<typeof callerFor>) =>
    c.integrations.disconnect({ connectionId: 'x' }),
  'integrations.pendingSiteChoice': (c: ReturnType<typeof callerFor>) =>
    c.integrations.pendingSiteChoice({ pendingId: 'x' }),
  'integrations.chooseSites': (c: ReturnType<typeof callerFor>) =>
    c.integrations.chooseSites({ pendingId: 'x', cloudIds: ['y'] }),
  'apiKeys.list': (c: ReturnType<typeof callerFor>) => c.apiKeys.list(),
  'apiKeys.create': (c: ReturnType<typeof callerFor>) => c.apiKeys.create({ name: 'nope' }),
  'apiKeys.revoke': (c: ReturnType<typeof callerFor>) => c.apiKeys.revoke({ id: 'x' }),
};

describe('admin-only procedures', () => {
  it.each(Object.entries(adminCalls))('%s refuses members and member API keys', async (_name, call) => {
    await expect(call(callerFor(harness(), member))).rejects.toThrow(/admin rights .* you are a member/);
    await expect(call(callerFor(harness(), member))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(call(callerFor(harness(), ws.memberKeyPrincipal))).rejects.toThrow(
      /"reader" has the member role/,
    );
    await expect(call(callerFor(harness(), ws.memberKeyPrincipal))).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(call(callerFor(harness(), null))).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
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
