import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';

import { apikey, organization } from '../db/schema/index.js';
import { createTestAuthService } from '../test-support/auth.js';
import { useTestDatabase } from '../test-support/database.js';
import type { UserPrincipal } from './principal.js';

const t = useTestDatabase();

async function workspaceWithAdmin(email: string) {
  const service = createTestAuthService(t.db);
  const { userId, workspaceId } = await service.bootstrapAdmin({ email, password: 'admin-password-1' });
  const adminPrincipal: UserPrincipal = {
    kind: 'user',
    id: userId,
    workspaceId,
    role: 'admin',
    name: 'Admin',
    email,
    sessionId: 'test-session',
  };
  return { service, workspaceId, adminPrincipal };
}

describe('service API keys', () => {
  it('creates a workspace key shown once, verifies it, and lists it without key material', async () => {
    const { service, workspaceId, adminPrincipal } = await workspaceWithAdmin('keys-a@example.com');
    const { key, summary } = await service.createApiKey({
      workspaceId,
      name: 'reporting service',
      role: 'member',
      createdBy: adminPrincipal,
    });
    expect(key).toMatch(/^hub_[A-Za-z]{64}$/);
    expect(summary).toMatchObject({ name: 'reporting service', role: 'member', start: key.slice(0, 10) });

    expect(await service.resolveApiKey(key)).toEqual({
      kind: 'apiKey',
      id: summary.id,
      workspaceId,
      role: 'member',
      name: 'reporting service',
    });

    const listed = await service.listApiKeys(workspaceId);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ id: summary.id, start: key.slice(0, 10), revokedAt: null });
    const [stored] = await t.db.select({ hash: apikey.key }).from(apikey).where(eq(apikey.id, summary.id));
    const serialized = JSON.stringify(listed);
    expect(serialized).not.toContain(key);
    expect(serialized).not.toContain(key.slice(10));
    expect(serialized).not.toContain(stored?.hash);
    expect(stored?.hash).not.toContain(key.slice(10));
  });

  it('keeps workspaces apart: another workspace cannot list or revoke the key', async () => {
    const a = await workspaceWithAdmin('iso-a@example.com');
    const b = await workspaceWithAdmin('iso-b@example.com');
    const { key, summary } = await a.service.createApiKey({
      workspaceId: a.workspaceId,
      name: 'a-key',
      role: 'admin',
      createdBy: a.adminPrincipal,
    });
    expect(await b.service.listApiKeys(b.workspaceId)).toEqual([]);
    expect((await a.service.listApiKeys(a.workspaceId)).map((k) => k.role)).toEqual(['admin']);
    const [raw] = await t.db
      .select({ metadata: apikey.metadata })
      .from(apikey)
      .where(eq(apikey.id, summary.id));
    expect(JSON.parse(raw?.metadata ?? 'null')).toMatchObject({ role: 'admin', createdBy: { kind: 'user' } });
    await expect(b.service.revokeApiKey(b.workspaceId, summary.id)).rejects.toMatchObject({
      kind: 'NOT_FOUND',
    });
    expect(await a.service.resolveApiKey(key)).toMatchObject({ workspaceId: a.workspaceId, role: 'admin' });
  });

  it('revoking takes effect at once in this process and within the cache TTL in others', async () => {
    const { workspaceId, adminPrincipal } = await workspaceWithAdmin('revoke@example.com');
    const here = createTestAuthService(t.db);
    let clock = Date.now();
    const elsewhere = createTestAuthService(t.db, { apiKeyCacheTtlMs: 30_000, now: () => clock });
    const { key, summary } = await here.createApiKey({
      workspaceId,
      name: 'ci',
      role: 'member',
      createdBy: adminPrincipal,
    });
    expect(await here.resolveApiKey(key)).not.toBeNull();
    expect(await elsewhere.resolveApiKey(key)).not.toBeNull();

    await here.revokeApiKey(workspaceId, summary.id);
    expect(await here.resolveApiKey(key)).toBeNull();
    clock += 29_999;
    expect(await elsewhere.resolveApiKey(key)).not.toBeNull(); // still cached there, within its TTL
    clock += 1;
    expect(await elsewhere.resolveApiKey(key)).toBeNull();

    const [listed] = await here.listApiKeys(workspaceId);
    expect(listed?.revokedAt).toBeInstanceOf(Date);
    expect(listed?.role).toBe('member');
    await here.revokeApiKey(workspaceId, summary.id); // revoking twice is fine
  });

  it('serves repeated verifications from the cache and never rate-limits a busy service key', async () => {
    const { service, workspaceId, adminPrincipal } = await workspaceWithAdmin('busy@example.com');
    const { key } = await service.createApiKey({
      workspaceId,
      name: 'busy',
      role: 'member',
      createdBy: adminPrincipal,
    });
    const reads = vi.spyOn(t.db, 'select');
    for (let i = 0; i < 20; i += 1) expect(await service.resolveApiKey(key)).not.toBeNull();
    expect(reads).toHaveBeenCalledTimes(1);
    reads.mockRestore();
    // "Last used" is written off the caller's path, once per verification that reached the database.
    await vi.waitFor(async () => {
      const [listed] = await service.listApiKeys(workspaceId);
      expect(listed?.lastUsedAt).toBeInstanceOf(Date);
    });

    // No cache at all: every call verifies against the database; the plugin's default would refuse after 10.
    const uncached = createTestAuthService(t.db, { apiKeyCacheTtlMs: 0 });
    const results = await Promise.all(Array.from({ length: 25 }, () => uncached.resolveApiKey(key)));
    expect(results.every((r) => r?.workspaceId === workspaceId)).toBe(true);
  });

  it('rejects malformed, unknown and orphaned keys, and members creating keys', async () => {
    const { service, workspaceId, adminPrincipal } = await workspaceWithAdmin('reject@example.com');
    const reads = vi.spyOn(t.db, 'select');
    expect(await service.resolveApiKey('')).toBeNull();
    expect(await service.resolveApiKey('Bearer something')).toBeNull();
    expect(reads).not.toHaveBeenCalled();
    reads.mockRestore();
    expect(await service.resolveApiKey(`hub_${'a'.repeat(64)}`)).toBeNull();

    const memberId = await service.createUser({
      email: 'plain-member@example.com',
      password: 'member-password',
      workspaceId,
      role: 'member',
    });
    const asMember: UserPrincipal = { ...adminPrincipal, id: memberId, role: 'member' };
    await expect(
      service.createApiKey({ workspaceId, name: 'sneaky', role: 'admin', createdBy: asMember }),
    ).rejects.toMatchObject({ kind: 'FORBIDDEN' });

    // An admin key (or the CLI) may create keys: the workspace owner is the acting member.
    const { key: adminKey } = await service.createApiKey({
      workspaceId,
      name: 'automation',
      role: 'admin',
      createdBy: { kind: 'system' },
    });
    const keyPrincipal = await service.resolveApiKey(adminKey);
    expect(keyPrincipal?.role).toBe('admin');
    const { key: childKey } = await service.createApiKey({
      workspaceId,
      name: 'child',
      role: 'member',
      createdBy: keyPrincipal ?? { kind: 'system' },
    });

    await t.db.delete(organization).where(eq(organization.id, workspaceId));
    expect(await createTestAuthService(t.db).resolveApiKey(childKey)).toBeNull();
  });
});
