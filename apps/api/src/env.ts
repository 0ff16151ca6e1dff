import { existsSync } from 'node:fs';
import path from 'node:path';

import { z } from 'zod';

import { ConfigError, ConfigErrors } from './config-error.js';
import { KEYS_VARIABLE, parseKeyring, type Keyring } from './connections/keyring.js';

export type AtlassianConfig =
  /** Demo mode: no OAuth app. URLs, when given, point at an already running emulator. */
  | { mode: 'demo'; authUrl?: string; apiUrl?: string }
  | { mode: 'atlassian'; clientId: string; clientSecret: string; authUrl: string; apiUrl: string };

export interface Env {
  nodeEnv: 'development' | 'test' | 'production';
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** LOG_FORMAT; unset = readable lines in a demo at a terminal, JSON lines otherwise. */
  logFormat?: 'json' | 'pretty';
  port: number;
  /** Origin the browser sees, without a trailing slash; OAuth callbacks and cookies derive from it. */
  publicUrl: string;
  databaseUrl?: string;
  /** Absolute. Holds the embedded PGlite database and, in demo mode, the generated token key. */
  dataDir: string;
  /** Parsed TOKEN_ENCRYPTION_KEYS, or null when unset (allowed only outside production mode). */
  tokenKeys: Keyring | null;
  /** Signs session cookies. Optional: derived from the active token key when unset (see auth/secret.ts). */
  authSecret?: string;
  /** NODE_ENV=production or a real Atlassian OAuth app configured: no generated keys, no guessing. */
  production: boolean;
  atlassian: AtlassianConfig;
  admin: { email: string; password: string } | null;
  /** Express `trust proxy`: which hops may set X-Forwarded-For (the sign-in limiter counts that address). */
  trustProxy: boolean | number | string;
  /** How long one Confluence request may take before it fails as TIMEOUT; unset = the client's 30 s. */
  confluenceTimeoutMs?: number;
  /**
   * ATTACHMENT_MAX_BYTES: the largest attachment a tool downloads or uploads; unset = 4 MiB (the client's default).
   * Uploads are also bounded by the 6 MB request body (base64 adds a third).
   */
  attachmentMaxBytes?: number;
  /** How often each process's background refresher looks for due connections; unset = every minute. */
  backgroundRefreshIntervalMs?: number;
  /** REFRESH_AHEAD_WINDOW_MS: refresh ahead only connections used within this long (background-refresher.ts). */
  refreshAheadWindowMs?: number;
  /** RATE_BUDGET_*: the per-site rate-limit budget's reserve, pacing and sync interval (connections/rate-budget.ts). */
  rateBudget?: { reservePercent?: number; maxPaceMs?: number; syncIntervalMs?: number };
}

// `FOO=` in a .env file means "unset", not "empty string".
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());
const portError = 'must be a port number between 1 and 65535';
const milliseconds = (min: number, max: number) =>
  z.coerce
    .number({ error: 'must be a number of milliseconds' })
    .int({ error: 'must be a whole number of milliseconds' })
    .min(min, { error: `must be at least ${min} ms` })
    .max(max, { error: `must be at most ${max} ms` });
const url = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

const rawSchema = z.object({
  NODE_ENV: optional(z.enum(['development', 'test', 'production'])),
  LOG_LEVEL: optional(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])),
  LOG_FORMAT: optional(z.enum(['json', 'pretty'])),
  PORT: optional(
    z.coerce
      .number({ error: portError })
      .int({ error: portError })
      .min(1, { error: portError })
      .max(65535, { error: portError }),
  ),
  PUBLIC_URL: optional(url),
  DATABASE_URL: optional(
    z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// connection URL'),
  ),
  DATA_DIR: optional(z.string()),
  TOKEN_ENCRYPTION_KEYS: optional(z.string()),
  AUTH_SECRET: optional(z.string().min(32, 'must be at least 32 characters of random text')),
  ATLASSIAN_CLIENT_ID: optional(z.string()),
  ATLASSIAN_CLIENT_SECRET: optional(z.string()),
  ATLASSIAN_AUTH_URL: optional(url),
  ATLASSIAN_API_URL: optional(url),
  ADMIN_EMAIL: optional(z.email({ error: 'must be an email address' })),
  ADMIN_PASSWORD: optional(z.string().min(8, 'must be at least 8 characters')),
  CONFLUENCE_TIMEOUT_MS: optional(milliseconds(100, 600_000)),
  // A read holds the file (and its base64) in memory: tens of MB per call at most.
  ATTACHMENT_MAX_BYTES: optional(
    z.coerce
      .number({ error: 'must be a number of bytes' })
      .int({ error: 'must be a whole number of bytes' })
      .min(1024, { error: 'must be at least 1024 bytes' })
      .max(50 * 1024 * 1024, { error: 'must be at most 52428800 bytes (50 MiB)' }),
  ),
  // A pass refreshes what expires within 5 minutes + the interval: much more than 10 minutes and, near Atlassian's
  // 1 h token lifetime, every connection would be refreshed on every pass.
  BACKGROUND_REFRESH_INTERVAL_MS: optional(milliseconds(1000, 600_000)),
  REFRESH_AHEAD_WINDOW_MS: optional(milliseconds(0, 30 * 24 * 60 * 60_000)),
  RATE_BUDGET_RESERVE_PERCENT: optional(
    z.coerce
      .number({ error: 'must be a percentage' })
      .min(0, { error: 'must be at least 0' })
      .max(50, { error: 'must be at most 50 (percent of the limit kept for writes)' }),
  ),
  RATE_BUDGET_MAX_PACE_MS: optional(milliseconds(0, 10_000)),
  RATE_BUDGET_SYNC_INTERVAL_MS: optional(milliseconds(100, 60_000)),
  DEMO_MODE: optional(z.enum(['true', 'false'], { error: 'must be true or false' })),
  TRUST_PROXY: optional(
    z
      .string()
      .regex(
        /^(true|false|\d+|[\w.:/, -]+)$/,
        'must be true, false, a hop count, or addresses/subnets such as "loopback, 10.0.0.0/8"',
      ),
  ),
});

/** `true`/`false` and hop counts become what Express expects; anything else is its list of trusted subnets. */
function trustProxyValue(raw: string | undefined): boolean | number | string {
  // Trusting nobody by default: otherwise any client on a trusted network picks its own address.
  if (raw === undefined) return false;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  return /^\d+$/.test(raw) ? Number(raw) : raw;
}

/**
 * Default DATA_DIR: `.data` at the monorepo root (the directory holding pnpm-workspace.yaml, found walking up from
 * the working directory), so `pnpm start` at the root and `pnpm --filter @hub/api …` share one database.
 * Outside a checkout (a deployed build) it is `.data` in the working directory.
 */
export function defaultDataDir(cwd: string = process.cwd()): string {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'pnpm-workspace.yaml'))) return path.join(dir, '.data');
    if (path.dirname(dir) === dir) return path.resolve(cwd, '.data');
  }
}

/** Reads and checks the whole configuration; throws ConfigErrors listing every problem at once. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): Env {
  const parsed = rawSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigErrors(
      parsed.error.issues.map((issue) => new ConfigError(String(issue.path[0] ?? 'env'), issue.message)),
    );
  }
  const raw = parsed.data;
  const problems: ConfigError[] = [];
  const production = raw.NODE_ENV === 'production' || raw.ATLASSIAN_CLIENT_ID !== undefined;
  const port = raw.PORT ?? 3000;

  let tokenKeys: Keyring | null = null;
  if (raw.TOKEN_ENCRYPTION_KEYS !== undefined) {
    try {
      tokenKeys = parseKeyring(raw.TOKEN_ENCRYPTION_KEYS);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(error);
    }
  } else if (production) {
    problems.push(
      new ConfigError(
        KEYS_VARIABLE,
        'is required in production mode (NODE_ENV=production or ATLASSIAN_CLIENT_ID set): Confluence tokens are ' +
          'stored encrypted with it. Set it to "kid:base64key" with a 32-byte key, e.g. ' +
          `"k1:$(node -e "console.log(require('node:crypto').randomBytes(32).toString('base64'))")"`,
      ),
    );
  }

  let atlassian: AtlassianConfig;
  if (raw.ATLASSIAN_CLIENT_ID !== undefined) {
    if (raw.ATLASSIAN_CLIENT_SECRET === undefined) {
      problems.push(
        new ConfigError(
          'ATLASSIAN_CLIENT_SECRET',
          'is required when ATLASSIAN_CLIENT_ID is set (copy it from your app in the Atlassian developer console)',
        ),
      );
    }
    if (raw.PUBLIC_URL === undefined) {
      problems.push(
        new ConfigError(
          'PUBLIC_URL',
          'is required when ATLASSIAN_CLIENT_ID is set: the OAuth callback URL registered with Atlassian is ' +
            'PUBLIC_URL + /oauth/confluence/callback',
        ),
      );
    }
    atlassian = {
      mode: 'atlassian',
      clientId: raw.ATLASSIAN_CLIENT_ID,
      clientSecret: raw.ATLASSIAN_CLIENT_SECRET ?? '',
      authUrl: trimSlash(raw.ATLASSIAN_AUTH_URL ?? 'https://auth.atlassian.com'),
      apiUrl: trimSlash(raw.ATLASSIAN_API_URL ?? 'https://api.atlassian.com'),
    };
  } else {
    if (raw.NODE_ENV === 'production' && raw.DEMO_MODE !== 'true') {
      problems.push(
        new ConfigError(
          'ATLASSIAN_CLIENT_ID',
          'is required with NODE_ENV=production: without it the Hub starts in demo mode (a built-in Confluence ' +
            'emulator instead of Atlassian, a demo admin whose password is printed). Set ATLASSIAN_CLIENT_ID and ' +
            'ATLASSIAN_CLIENT_SECRET, or DEMO_MODE=true to run the demo with NODE_ENV=production on purpose.',
        ),
      );
    }
    atlassian = { mode: 'demo' };
    if (raw.ATLASSIAN_AUTH_URL !== undefined) atlassian.authUrl = trimSlash(raw.ATLASSIAN_AUTH_URL);
    if (raw.ATLASSIAN_API_URL !== undefined) atlassian.apiUrl = trimSlash(raw.ATLASSIAN_API_URL);
  }

  if ((raw.ADMIN_EMAIL === undefined) !== (raw.ADMIN_PASSWORD === undefined)) {
    const missing = raw.ADMIN_EMAIL === undefined ? 'ADMIN_EMAIL' : 'ADMIN_PASSWORD';
    problems.push(
      new ConfigError(
        missing,
        'must be set together with the other of ADMIN_EMAIL / ADMIN_PASSWORD, or neither',
      ),
    );
  }
  if (problems.length > 0) throw new ConfigErrors(problems);

  const env: Env = {
    nodeEnv: raw.NODE_ENV ?? 'development',
    logLevel: raw.LOG_LEVEL ?? 'info',
    trustProxy: trustProxyValue(raw.TRUST_PROXY),
    port,
    publicUrl: trimSlash(raw.PUBLIC_URL ?? `http://localhost:${port}`),
    dataDir: raw.DATA_DIR === undefined ? defaultDataDir(cwd) : path.resolve(cwd, raw.DATA_DIR),
    tokenKeys,
    production,
    atlassian,
    admin:
      raw.ADMIN_EMAIL !== undefined && raw.ADMIN_PASSWORD !== undefined
        ? { email: raw.ADMIN_EMAIL, password: raw.ADMIN_PASSWORD }
        : null,
  };
  if (raw.DATABASE_URL !== undefined) env.databaseUrl = raw.DATABASE_URL;
  if (raw.LOG_FORMAT !== undefined) env.logFormat = raw.LOG_FORMAT;
  if (raw.AUTH_SECRET !== undefined) env.authSecret = raw.AUTH_SECRET;
  if (raw.CONFLUENCE_TIMEOUT_MS !== undefined) env.confluenceTimeoutMs = raw.CONFLUENCE_TIMEOUT_MS;
  if (raw.ATTACHMENT_MAX_BYTES !== undefined) env.attachmentMaxBytes = raw.ATTACHMENT_MAX_BYTES;
  if (raw.BACKGROUND_REFRESH_INTERVAL_MS !== undefined)
    env.backgroundRefreshIntervalMs = raw.BACKGROUND_REFRESH_INTERVAL_MS;
  if (raw.REFRESH_AHEAD_WINDOW_MS !== undefined) env.refreshAheadWindowMs = raw.REFRESH_AHEAD_WINDOW_MS;
  const rateBudget = {
    ...(raw.RATE_BUDGET_RESERVE_PERCENT === undefined
      ? {}
      : { reservePercent: raw.RATE_BUDGET_RESERVE_PERCENT }),
    ...(raw.RATE_BUDGET_MAX_PACE_MS === undefined ? {} : { maxPaceMs: raw.RATE_BUDGET_MAX_PACE_MS }),
    ...(raw.RATE_BUDGET_SYNC_INTERVAL_MS === undefined
      ? {}
      : { syncIntervalMs: raw.RATE_BUDGET_SYNC_INTERVAL_MS }),
  };
  if (Object.keys(rateBudget).length > 0) env.rateBudget = rateBudget;
  return env;
}

function trimSlash(value: string): string {
  return value.replace(/\/+$/, '');
}
