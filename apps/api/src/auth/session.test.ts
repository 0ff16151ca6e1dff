import { describe, expect, it, vi } from 'vitest';

import { authRequest, createTestAuthService, signIn } from '../test-support/auth.js';
import { useTestDatabase } from '../test-support/database.js';
import { createUser } from './accounts.js';
import { SIGN_IN_LIMIT } from './auth.js';

const t = useTestDatabase();
const admin = { email: 'Admin@Example.com', password: 'correct horse battery' };

describe('bootstrapAdmin', () => {
  it('creates the admin and a first workspace once, then finds them on every later start', async () => {
    const service = createTestAuthService(t.db);
    const first = await service.bootstrapAdmin({ ...admin, workspaceName: 'Acme' });
    expect(first).toMatchObject({ createdUser: true, createdWorkspace: true });

    const again = await createTestAuthService(t.db).bootstrapAdmin({ ...admin, password: 'a different one' });
    expect(again).toEqual({ ...first, createdUser: false, createdWorkspace: false });

    // ADMIN_PASSWORD seeds the first boot only: the original password still signs in.
    const cookie = await signIn(service, admin.email, admin.password);
    expect(await service.resolveSession(new Headers({ cookie }))).toMatchObject({
      kind: 'user',
      id: first.userId,
      workspaceId: first.workspaceId,
      role: 'admin',
      email: 'admin@example.com',
    });
  });

  it('is safe when several processes bootstrap at once', async () => {
    const email = 'race@example.com';
    const results = await Promise.all(
      [1, 2, 3].map(() => createTestAuthService(t.db).bootstrapAdmin({ email, password: 'race-password-1' })),
    );
    expect(new Set(results.map((r) => r.userId)).size).toBe(1);
    expect(results.filter((r) => r.createdUser)).toHaveLength(1);
  });
});

describe('sessions', () => {
  it('signs in with email and password and resolves the session to a workspace principal', async () => {
    const service = createTestAuthService(t.db);
    const { workspaceId } = await service.bootstrapAdmin(admin);
    const memberId = await service.createUser({
      email: 'member@example.com',
      password: 'member-password',
      name: 'Mia Member',
      workspaceId,
      role: 'member',
    });
    const cookie = await signIn(service, 'member@example.com', 'member-password');
    const principal = await service.resolveSession(new Headers({ cookie }));
    expect(principal).toMatchObject({
      kind: 'user',
      id: memberId,
      workspaceId,
      role: 'member',
      name: 'Mia Member',
    });
    expect(principal?.sessionId).toEqual(expect.any(String));

    const signOut = await authRequest(service, '/sign-out', { body: {}, cookie });
    expect(signOut.status).toBe(200);
    expect(await service.resolveSession(new Headers({ cookie }))).toBeNull();
  });

  it('rejects a wrong password, no cookie, a forged cookie, and a user in no workspace', async () => {
    const service = createTestAuthService(t.db);
    await service.bootstrapAdmin(admin);
    const wrong = await authRequest(service, '/sign-in/email', {
      body: { email: admin.email, password: 'wrong password!' },
      ip: '198.51.100.1',
    });
    expect(wrong.status).toBe(401);
    expect(await service.resolveSession(new Headers())).toBeNull();
    expect(
      await service.resolveSession(new Headers({ cookie: 'better-auth.session_token=forged.value' })),
    ).toBeNull();

    await createUser(service.auth, t.db, { email: 'loner@example.com', password: 'loner-password' });
    const cookie = await signIn(service, 'loner@example.com', 'loner-password', '198.51.100.2');
    expect(await service.resolveSession(new Headers({ cookie }))).toBeNull();
  });

  it('has no self-service sign-up over HTTP', async () => {
    const service = createTestAuthService(t.db);
    const response = await authRequest(service, '/sign-up/email', {
      body: { email: 'intruder@example.com', password: 'intruder-password', name: 'x' },
    });
    expect(response.status).toBe(404);
  });

  // better-auth's handler alone: the address is the x-forwarded-for it is given. In the app, authRoutes sets that
  // header from the socket (or a trusted proxy), so a client cannot pick it: app.test.ts shows that over HTTP.
  it(`limits sign-in attempts to ${SIGN_IN_LIMIT.max} per ${SIGN_IN_LIMIT.window}s per client address`, async () => {
    const service = createTestAuthService(t.db);
    await service.bootstrapAdmin(admin);
    const attempt = (ip: string) =>
      authRequest(service, '/sign-in/email', { body: { email: admin.email, password: 'guess-guess' }, ip });
    // Only Date is faked: the limiter reads Date.now(), so the window can pass without waiting for it.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < SIGN_IN_LIMIT.max + 1; i += 1) statuses.push((await attempt('192.0.2.10')).status);
      expect(statuses).toEqual([...Array<number>(SIGN_IN_LIMIT.max).fill(401), 429]);
      // Even the right password is refused while the address is limited; another address is unaffected.
      const blocked = await authRequest(service, '/sign-in/email', { body: admin, ip: '192.0.2.10' });
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers.get('x-retry-after'))).toBeGreaterThan(0);
      expect(Number(blocked.headers.get('x-retry-after'))).toBeLessThanOrEqual(SIGN_IN_LIMIT.window);
      expect((await attempt('192.0.2.11')).status).toBe(401);

      // Still limited just before the window has passed since the last attempt, free again once it has.
      vi.setSystemTime(Date.now() + SIGN_IN_LIMIT.window * 1000 - 2000);
      expect((await attempt('192.0.2.10')).status).toBe(429);
      vi.setSystemTime(Date.now() + SIGN_IN_LIMIT.window * 1000);
      expect((await authRequest(service, '/sign-in/email', { body: admin, ip: '192.0.2.10' })).status).toBe(
        200,
      );
    } finally {
      vi.useRealTimers();
    }
  });
});
