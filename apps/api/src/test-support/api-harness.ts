import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { startEmulator, type Emulator, type EmulatorOptions, type SeedName } from '@hub/confluence-emulator';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll } from 'vitest';

import { ActivityRecorder } from '../activity/recorder.js';
import { createApp, type AppDeps } from '../app.js';
import type { Principal } from '../auth/principal.js';
import type { AuthService, AuthServiceOptions } from '../auth/service.js';
import {
  connectEmulatorAccount,
  oauthFor,
  type ConnectOptions,
} from '../connections/test-support/vault-kit.js';
import { TokenCipher } from '../connections/token-cipher.js';
import { ConnectionVault, type VaultDeps } from '../connections/vault.js';
import { createLogger } from '../logger.js';
import { createTestAuthService } from './auth.js';
import { consentAt, type ConsentChoice } from './oauth-flow.js';
import type { TestDatabaseHandle } from './database.js';
import { testKeyring } from './fixtures.js';
import { createContextInner, type ApiServices } from '../trpc/context.js';
import { createCaller, type AppRouter } from '../trpc/root.js';

/**
 * The whole API on a real HTTP server (port 0): createApp with the real vault, better-auth and activity
 * recorder, against a real emulator. Collects log lines so tests can check that no token was logged.
 */
export interface ApiHarness {
  emu: Emulator;
  /** Origin of the API (also its PUBLIC_URL). */
  url: string;
  services: ApiServices;
  auth: AuthService;
  activity: ActivityRecorder;
  cipher: TokenCipher;
  logLines: string[];
}

export interface HarnessOptions {
  seed?: SeedName;
  /** Emulator settings besides port and seed, e.g. an enforced `rateLimit`. */
  emulator?: Omit<EmulatorOptions, 'port' | 'seed'>;
  app?: Partial<AppDeps>;
  /** Vault settings besides its services, e.g. `confluenceTimeoutMs`. */
  vault?: Partial<Omit<VaultDeps, 'db' | 'cipher' | 'logger' | 'oauth'>>;
  /** Auth settings besides its services, e.g. `accountLockout`. */
  auth?: Partial<AuthServiceOptions>;
}

export function useApiHarness(t: TestDatabaseHandle, options: HarnessOptions = {}): () => ApiHarness {
  let harness: ApiHarness | undefined;
  let server: Server | undefined;
  beforeAll(async () => {
    const emu = await startEmulator({ ...options.emulator, port: 0, seed: options.seed ?? 'demo' });
    server = createServer();
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const logLines: string[] = [];
    const logger = createLogger({
      level: 'debug',
      destination: { write: (line: string) => logLines.push(line) },
    });
    const cipher = new TokenCipher(testKeyring('k1'));
    const auth = createTestAuthService(t.db, { baseURL: url, logger, ...options.auth });
    const oauth = oauthFor(emu);
    const vault = new ConnectionVault({ db: t.db, cipher, logger, oauth, ...options.vault });
    // A long interval: tests flush explicitly, so what they see does not depend on timing.
    const activity = new ActivityRecorder({ db: t.db, logger, flushIntervalMs: 60_000 });
    const services: ApiServices = { db: t.db, cipher, logger, auth, vault, activity, oauth, publicUrl: url };
    server.on('request', createApp({ ...services, webDist: null, ...options.app }));
    harness = { emu, url, services, auth, activity, cipher, logLines };
  });
  afterAll(async () => {
    await harness?.activity.close();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await harness?.emu.close();
  });
  return () => {
    if (harness === undefined) throw new Error('useApiHarness(): available inside tests only');
    return harness;
  };
}

export interface TestWorkspace {
  workspaceId: string;
  admin: { userId: string; email: string; password: string };
  /** API keys with the admin and the member role. */
  adminKey: string;
  memberKey: string;
  adminKeyPrincipal: Principal;
  memberKeyPrincipal: Principal;
  /** The owner as a principal for createCaller (no real session behind it). */
  adminPrincipal: Principal;
}

/** A member (or second admin) user of a workspace, as a principal for createCaller. */
export async function newUser(h: ApiHarness, workspaceId: string, role: 'admin' | 'member') {
  const email = `${role}-${randomUUID().slice(0, 8)}@example.com`;
  const password = 'user-password-1';
  const id = await h.auth.createUser({ email, password, name: `A ${role}`, workspaceId, role });
  const principal: Principal = {
    kind: 'user',
    id,
    email,
    name: `A ${role}`,
    sessionId: 'test',
    workspaceId,
    role,
  };
  return { id, email, password, principal };
}

/** A workspace with its owner (an admin user) and two service keys. */
export async function newWorkspace(h: ApiHarness, name = 'Acme team'): Promise<TestWorkspace> {
  const email = `admin-${randomUUID().slice(0, 8)}@example.com`;
  const password = 'admin-password-1';
  const { userId, workspaceId } = await h.auth.bootstrapAdmin({ email, password, workspaceName: name });
  const system = { kind: 'system' as const };
  const adminKey = await h.auth.createApiKey({
    workspaceId,
    name: 'admin service',
    role: 'admin',
    createdBy: system,
  });
  const memberKey = await h.auth.createApiKey({
    workspaceId,
    name: 'reader',
    role: 'member',
    createdBy: system,
  });
  const principal = async (key: string) => {
    const resolved = await h.auth.resolveApiKey(key);
    if (resolved === null) throw new Error('a key just created does not resolve');
    return resolved;
  };
  return {
    workspaceId,
    admin: { userId, email, password },
    adminKey: adminKey.key,
    memberKey: memberKey.key,
    adminKeyPrincipal: await principal(adminKey.key),
    adminPrincipal: {
      kind: 'user',
      id: userId,
      email,
      name: email,
      sessionId: 'test',
      workspaceId,
      role: 'admin',
    },
    memberKeyPrincipal: await principal(memberKey.key),
  };
}

/** Stores a connection with real emulator tokens, as the OAuth callback would. */
export function connect(h: ApiHarness, workspaceId: string, opts: Omit<ConnectOptions, 'workspaceId'> = {}) {
  return connectEmulatorAccount(h.services.db, h.cipher, h.emu, { workspaceId, ...opts });
}

/** A typed client over HTTP, as a service (API key) or the panel (session cookie) would use it. */
export function apiClient(h: ApiHarness, credentials: { apiKey: string } | { cookie: string }) {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${h.url}/trpc`,
        headers: () =>
          'apiKey' in credentials
            ? { authorization: `Bearer ${credentials.apiKey}` }
            : { cookie: credentials.cookie },
      }),
    ],
  });
}

/** The same procedures without HTTP. */
export function callerFor(h: ApiHarness, principal: Principal | null) {
  return createCaller(createContextInner({ ...h.services, principal }));
}

/**
 * Signs in through the app's /api/auth route, as a browser on this machine would (no forwarded address: sign-ins
 * count against 127.0.0.1, 5 a minute per test file's database); returns the Cookie header it would send next.
 */
export async function signInOverHttp(h: ApiHarness, email: string, password: string): Promise<string> {
  const response = await fetch(`${h.url}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: h.url },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ');
}

/** start (signed in with `cookie`) → the emulator's consent page, accepted → the callback URL, not yet followed. */
export async function consentOverHttp(
  h: ApiHarness,
  cookie: string,
  choice: ConsentChoice = {},
): Promise<string> {
  const start = await fetch(`${h.url}/oauth/confluence/start`, { headers: { cookie }, redirect: 'manual' });
  if (start.status !== 302) throw new Error(`start answered ${start.status}`);
  return consentAt(start.headers.get('location') ?? '', { account: 'acc-ada', ...choice });
}

/** Follows a callback URL as the browser with `cookie` (or none); the outcome the API redirected to. */
export async function followCallback(
  h: ApiHarness,
  callbackUrl: string,
  cookie?: string,
): Promise<{ connected: string | null; choose: string | null; error: string | null }> {
  const response = await fetch(new URL(callbackUrl, h.url), {
    headers: cookie === undefined ? {} : { cookie },
    redirect: 'manual',
  });
  const location = response.headers.get('location') ?? '';
  if (!location.startsWith('/') || location.startsWith('//'))
    throw new Error(`off-site redirect: ${location}`);
  const { searchParams } = new URL(location, h.url);
  return {
    connected: searchParams.get('connected'),
    choose: searchParams.get('choose'),
    error: searchParams.get('error'),
  };
}

/** The TRPCClientError a call rejected with (fails the test if it resolved). */
export async function rejection(promise: Promise<unknown>): Promise<TRPCClientError<AppRouter>> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCClientError) return error as TRPCClientError<AppRouter>;
    throw error;
  }
  throw new Error('expected the call to fail');
}
