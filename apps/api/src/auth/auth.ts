import { apiKey } from '@better-auth/api-key';
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { organization } from 'better-auth/plugins/organization';

import type { Db } from '../db/client.js';
import * as authSchema from '../db/schema/auth.js';
import type { Logger } from '../logger.js';
import { betterAuthLogger } from './better-auth-logger.js';
import { releasingAsyncContext } from './async-context.js';
import { accessControl, roles } from './roles.js';

export const AUTH_BASE_PATH = '/api/auth';
export const API_KEY_PREFIX = 'hub_';
export const SIGN_IN_LIMIT = { window: 60, max: 5 } as const;
/** Longer passwords are refused before hashing (scrypt of a 10 MB password costs about a second of CPU). */
export const MAX_PASSWORD_LENGTH = 256;

/**
 * Routes the HTTP handler refuses (404). Accounts are created by an admin or the CLI, not by self-service sign-up,
 * and API keys are managed through tRPC, which keeps the verified-key cache in step with revocations. The server
 * calls these endpoints directly (`auth.api.*`), which `disabledPaths` does not affect.
 */
export const DISABLED_HTTP_PATHS = [
  '/sign-up/email',
  '/api-key/create',
  '/api-key/get',
  '/api-key/update',
  '/api-key/delete',
  '/api-key/list',
  '/organization/create',
];

export interface CreateAuthOptions {
  db: Db;
  /** Signs session cookies; at least 32 characters (auth/secret.ts derives one when AUTH_SECRET is unset). */
  secret: string;
  /** PUBLIC_URL: cookies and the origin check derive from it. */
  baseURL: string;
  logger?: Logger;
  /** Called when better-auth reports a failure of the database being unreachable (it throws a bare 500). */
  onDatabaseUnavailable?: () => void;
  /**
   * Where sign-in attempt counters live. 'database' (default) makes the limit hold across several API processes;
   * 'memory' is per process.
   */
  rateLimitStorage?: 'database' | 'memory';
}

export function createAuth({
  db,
  secret,
  baseURL,
  logger,
  rateLimitStorage = 'database',
  onDatabaseUnavailable,
}: CreateAuthOptions) {
  const auth = betterAuth({
    appName: 'Integrations Hub',
    baseURL,
    basePath: AUTH_BASE_PATH,
    secret,
    database: drizzleAdapter(db, { provider: 'pg', schema: authSchema }),
    // No auto sign-in: accounts are created by trusted server code, which must not leave a session behind.
    emailAndPassword: {
      enabled: true,
      minPasswordLength: 8,
      maxPasswordLength: MAX_PASSWORD_LENGTH,
      autoSignIn: false,
    },
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
    disabledPaths: DISABLED_HTTP_PATHS,
    // better-auth enables this only when NODE_ENV=production; sign-in guessing must be limited everywhere.
    rateLimit: {
      enabled: true,
      storage: rateLimitStorage,
      window: 60,
      max: 300,
      customRules: { '/sign-in/*': SIGN_IN_LIMIT },
    },
    telemetry: { enabled: false },
    logger: betterAuthLogger(logger, onDatabaseUnavailable),
    plugins: [
      organization({
        ac: accessControl,
        roles,
        // Workspaces are created by bootstrap and the CLI, never by any signed-in user.
        allowUserToCreateOrganization: false,
      }),
      apiKey({
        references: 'organization',
        defaultPrefix: API_KEY_PREFIX,
        // The visible part in listings: the prefix plus 6 random characters, never enough to guess the rest.
        startingCharactersConfig: { shouldStore: true, charactersLength: API_KEY_PREFIX.length + 6 },
        enableMetadata: true,
        // The plugin's default is 10 verifications per key per day: far too few for a service calling tools.
        rateLimit: { enabled: false },
        maximumNameLength: 64,
      }),
    ],
  });
  return releasingAsyncContext(auth);
}

export type Auth = ReturnType<typeof createAuth>;
