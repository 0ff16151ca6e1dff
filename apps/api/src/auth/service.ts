import type { Db } from '../db/client.js';
import type { Logger } from '../logger.js';
import { addMember, createUser, createWorkspace, type CreateUserInput } from './accounts.js';
import { AccountLockout, type AccountLockoutPolicy } from './account-lockout.js';
import { ApiKeyCache } from './api-key-cache.js';
import {
  createServiceKey,
  listServiceKeys,
  revokeServiceKey,
  type CreateServiceKeyInput,
  type ServiceKeySummary,
} from './api-keys.js';
import { createAuth, type Auth } from './auth.js';
import { bootstrapAdmin, type BootstrapAdminInput, type BootstrapAdminResult } from './bootstrap.js';
import type { ApiKeyPrincipal, UserPrincipal } from './principal.js';
import type { WorkspaceRole } from './roles.js';
import { resolveApiKey } from './resolve-api-key.js';
import { resolveSession } from './session.js';

export interface AuthServiceOptions {
  db: Db;
  secret: string;
  baseURL: string;
  logger?: Logger;
  /** See ApiKeyCache: how late other API processes notice a revoked key. */
  apiKeyCacheTtlMs?: number;
  /** The key cache's and the sign-in lockout's clock (tests move it instead of sleeping). */
  now?: () => number;
  rateLimitStorage?: 'database' | 'memory';
  /** Failed sign-ins per account before it is locked for a while; default DEFAULT_ACCOUNT_LOCKOUT. */
  accountLockout?: AccountLockoutPolicy;
}

/** What the HTTP and tRPC layers need from auth, with the database, better-auth and the key cache bound in. */
export interface AuthService {
  /** better-auth itself: mount `auth.handler` under AUTH_BASE_PATH for sign-in, sign-out and session routes. */
  auth: Auth;
  /** Per-account sign-in failure limit, checked by the /api/auth routes. */
  lockout: AccountLockout;
  resolveSession(headers: Headers): Promise<UserPrincipal | null>;
  resolveApiKey(key: string): Promise<ApiKeyPrincipal | null>;
  createApiKey(input: CreateServiceKeyInput): Promise<{ key: string; summary: ServiceKeySummary }>;
  listApiKeys(workspaceId: string): Promise<ServiceKeySummary[]>;
  revokeApiKey(workspaceId: string, keyId: string): Promise<void>;
  createUser(input: CreateUserInput & { workspaceId: string; role: WorkspaceRole }): Promise<string>;
  createWorkspace(input: { name: string; ownerUserId: string }): Promise<string>;
  bootstrapAdmin(input: BootstrapAdminInput): Promise<BootstrapAdminResult>;
}

export function createAuthService(options: AuthServiceOptions): AuthService {
  const { db, logger } = options;
  // better-auth swallows the cause of a failed session lookup but logs it first: remember when that was a
  // database outage, so the lookup can answer UNAVAILABLE even if the database is back by the time we ask it.
  const databaseHealth = { lastUnavailableAt: Number.NEGATIVE_INFINITY };
  const auth = createAuth({
    ...options,
    onDatabaseUnavailable: () => (databaseHealth.lastUnavailableAt = Date.now()),
  });
  const cache = new ApiKeyCache({
    ...(options.apiKeyCacheTtlMs === undefined ? {} : { ttlMs: options.apiKeyCacheTtlMs }),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  return {
    auth,
    lockout: new AccountLockout(db, options.accountLockout, options.now),
    resolveSession: (headers) => resolveSession(auth, db, headers, databaseHealth),
    resolveApiKey: (key) => resolveApiKey(db, cache, key, logger),
    createApiKey: (input) => createServiceKey(auth, db, input),
    listApiKeys: (workspaceId) => listServiceKeys(db, workspaceId),
    revokeApiKey: (workspaceId, keyId) => revokeServiceKey(db, cache, workspaceId, keyId),
    createUser: async ({ workspaceId, role, ...input }) => {
      const userId = await createUser(auth, db, input);
      await addMember(auth, { workspaceId, userId, role });
      return userId;
    },
    createWorkspace: (input) => createWorkspace(auth, input),
    bootstrapAdmin: (input) => bootstrapAdmin(auth, db, input, logger),
  };
}
