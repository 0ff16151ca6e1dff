import type { Db } from '../db/client.js';
import { AUTH_BASE_PATH } from '../auth/auth.js';
import { createAuthService, type AuthService, type AuthServiceOptions } from '../auth/service.js';

export const TEST_BASE_URL = 'http://localhost:3000';

export function createTestAuthService(db: Db, options: Partial<AuthServiceOptions> = {}): AuthService {
  return createAuthService({
    db,
    secret: 'test-secret-0123456789-0123456789-abcdef',
    baseURL: TEST_BASE_URL,
    ...options,
  });
}

/**
 * A request straight into better-auth's handler (no Express). `ip` becomes the x-forwarded-for that better-auth
 * counts sign-ins by: in the app, authRoutes sets that header from the socket (or a trusted proxy), so here it
 * stands for the client's real address, never a spoofed one.
 */
export function authRequest(
  service: AuthService,
  path: string,
  init: { body?: unknown; cookie?: string; ip?: string; method?: string } = {},
): Promise<Response> {
  const headers = new Headers({ origin: TEST_BASE_URL, 'x-forwarded-for': init.ip ?? '203.0.113.7' });
  if (init.body !== undefined) headers.set('content-type', 'application/json');
  if (init.cookie !== undefined) headers.set('cookie', init.cookie);
  return service.auth.handler(
    new Request(`${TEST_BASE_URL}${AUTH_BASE_PATH}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers,
      body: init.body === undefined ? null : JSON.stringify(init.body),
    }),
  );
}

/** Signs in through HTTP and returns the `Cookie` header value a browser would send next. */
export async function signIn(
  service: AuthService,
  email: string,
  password: string,
  ip?: string,
): Promise<string> {
  const response = await authRequest(service, '/sign-in/email', {
    body: { email, password },
    ...(ip ? { ip } : {}),
  });
  if (response.status !== 200)
    throw new Error(`sign-in failed with ${response.status}: ${await response.text()}`);
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ');
}
