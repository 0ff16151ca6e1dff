import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { ConfigErrors } from './config-error.js';
import { defaultDataDir, loadEnv } from './env.js';

const key = `k1:${randomBytes(32).toString('base64')}`;

function problemsOf(source: NodeJS.ProcessEnv): string[] {
  try {
    loadEnv(source, '/srv/app');
  } catch (error) {
    if (error instanceof ConfigErrors) return error.problems.map((p) => p.message);
    throw error;
  }
  throw new Error('expected configuration errors');
}

describe('loadEnv', () => {
  it('starts in demo mode with defaults when nothing is set', () => {
    const env = loadEnv({}, '/srv/app');
    expect(env).toMatchObject({
      nodeEnv: 'development',
      logLevel: 'info',
      port: 3000,
      publicUrl: 'http://localhost:3000',
      dataDir: '/srv/app/.data',
      tokenKeys: null,
      production: false,
      atlassian: { mode: 'demo' },
      admin: null,
    });
    expect(env.databaseUrl).toBeUndefined();
  });

  it('reads LOG_FORMAT (json or pretty), leaving the choice to the start-up when unset', () => {
    expect(loadEnv({}, '/srv/app').logFormat).toBeUndefined();
    expect(loadEnv({ LOG_FORMAT: 'pretty' }, '/srv/app').logFormat).toBe('pretty');
    expect(loadEnv({ LOG_FORMAT: 'json' }, '/srv/app').logFormat).toBe('json');
    expect(problemsOf({ LOG_FORMAT: 'yaml' }).join('\n')).toMatch(/LOG_FORMAT/);
  });

  it('reads TRUST_PROXY as Express wants it, trusting no proxy by default', () => {
    expect(loadEnv({}, '/srv/app').trustProxy).toBe(false);
    expect(loadEnv({ TRUST_PROXY: 'false' }, '/srv/app').trustProxy).toBe(false);
    expect(loadEnv({ TRUST_PROXY: '1' }, '/srv/app').trustProxy).toBe(1);
    expect(loadEnv({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }, '/srv/app').trustProxy).toBe(
      'loopback, 10.0.0.0/8',
    );
    expect(problemsOf({ TRUST_PROXY: 'x;y' })[0]).toContain('TRUST_PROXY');
  });

  it('reads a production configuration, treating empty values as unset', () => {
    const env = loadEnv(
      {
        PORT: '8080',
        PUBLIC_URL: 'https://hub.example.com/',
        DATABASE_URL: 'postgres://hub@db:5432/hub',
        DATA_DIR: 'state',
        TOKEN_ENCRYPTION_KEYS: key,
        ATLASSIAN_CLIENT_ID: 'client-id',
        ATLASSIAN_CLIENT_SECRET: 'client-secret',
        ATLASSIAN_AUTH_URL: '',
        ADMIN_EMAIL: 'ops@example.com',
        ADMIN_PASSWORD: 'long enough',
        LOG_LEVEL: 'warn',
      },
      '/srv/app',
    );
    expect(env).toMatchObject({
      port: 8080,
      publicUrl: 'https://hub.example.com',
      databaseUrl: 'postgres://hub@db:5432/hub',
      dataDir: '/srv/app/state',
      production: true,
      atlassian: {
        mode: 'atlassian',
        clientId: 'client-id',
        authUrl: 'https://auth.atlassian.com',
        apiUrl: 'https://api.atlassian.com',
      },
      admin: { email: 'ops@example.com' },
    });
    expect(env.tokenKeys?.activeKid).toBe('k1');
  });

  it('lists every problem at once, naming each variable and what to do, without echoing secrets', () => {
    const problems = problemsOf({
      ATLASSIAN_CLIENT_ID: 'client-id',
      PORT: 'eighty',
      ADMIN_PASSWORD: 'hunter2-but-long',
      DATABASE_URL: 'mysql://root:topsecret@db/hub',
    });
    expect(problems.join('\n')).toMatch(/^PORT: /m);
    expect(problems.join('\n')).toMatch(/^DATABASE_URL: must be a postgres:\/\//m);
    expect(problems.join('\n')).not.toContain('topsecret');

    const semantic = problemsOf({ ATLASSIAN_CLIENT_ID: 'client-id', ADMIN_PASSWORD: 'hunter2-but-long' });
    expect(semantic).toEqual([
      expect.stringMatching(/^TOKEN_ENCRYPTION_KEYS: is required in production mode/),
      expect.stringMatching(/^ATLASSIAN_CLIENT_SECRET: is required when ATLASSIAN_CLIENT_ID is set/),
      expect.stringMatching(/^PUBLIC_URL: is required when ATLASSIAN_CLIENT_ID is set/),
      expect.stringMatching(/^ADMIN_EMAIL: must be set together/),
    ]);
    expect(semantic.join('\n')).not.toContain('hunter2');
  });

  it('requires a key in production and reports a bad key without its value', () => {
    expect(problemsOf({ NODE_ENV: 'production' })[0]).toMatch(/^TOKEN_ENCRYPTION_KEYS: is required/);
    const short = randomBytes(31).toString('base64');
    const [problem] = problemsOf({ TOKEN_ENCRYPTION_KEYS: `k1:${short}` });
    expect(problem).toContain('decodes to 31 bytes');
    expect(problem).not.toContain(short);
  });

  it('refuses demo mode under NODE_ENV=production unless DEMO_MODE=true asks for it', () => {
    const key = `k1:${randomBytes(32).toString('base64')}`;
    const problems = problemsOf({ NODE_ENV: 'production', TOKEN_ENCRYPTION_KEYS: key });
    expect(problems).toEqual([
      expect.stringMatching(/^ATLASSIAN_CLIENT_ID: is required with NODE_ENV=production.*DEMO_MODE=true/),
    ]);
    const env = loadEnv(
      { NODE_ENV: 'production', TOKEN_ENCRYPTION_KEYS: key, DEMO_MODE: 'true' },
      '/srv/app',
    );
    expect(env.atlassian.mode).toBe('demo');
    expect(problemsOf({ DEMO_MODE: 'yes' })).toEqual([
      expect.stringMatching(/^DEMO_MODE: must be true or false/),
    ]);
  });

  it('reads the refresh-ahead window in milliseconds: 0 (never ahead) up to 30 days', () => {
    expect(loadEnv({ REFRESH_AHEAD_WINDOW_MS: '0' }, '/srv/app').refreshAheadWindowMs).toBe(0);
    expect(loadEnv({ REFRESH_AHEAD_WINDOW_MS: '7200000' }, '/srv/app').refreshAheadWindowMs).toBe(7_200_000);
    expect(loadEnv({}, '/srv/app').refreshAheadWindowMs).toBeUndefined();
    expect(problemsOf({ REFRESH_AHEAD_WINDOW_MS: '-1' }).join('\n')).toMatch(/REFRESH_AHEAD_WINDOW_MS/);
  });

  it('reads the Confluence timeout and the refresh interval in milliseconds, within bounds', () => {
    const env = loadEnv(
      { CONFLUENCE_TIMEOUT_MS: '4000', BACKGROUND_REFRESH_INTERVAL_MS: '1000' },
      '/srv/app',
    );
    expect(env).toMatchObject({ confluenceTimeoutMs: 4000, backgroundRefreshIntervalMs: 1000 });
    expect(problemsOf({ CONFLUENCE_TIMEOUT_MS: '50', BACKGROUND_REFRESH_INTERVAL_MS: 'soon' })).toEqual([
      'CONFLUENCE_TIMEOUT_MS: must be at least 100 ms',
      'BACKGROUND_REFRESH_INTERVAL_MS: must be a number of milliseconds',
    ]);
  });

  it('reads the rate budget settings: reserve percent (0-50), pacing and sync interval in milliseconds', () => {
    expect(loadEnv({}, '/srv/app').rateBudget).toBeUndefined();
    const env = loadEnv(
      {
        RATE_BUDGET_RESERVE_PERCENT: '2.5',
        RATE_BUDGET_MAX_PACE_MS: '0',
        RATE_BUDGET_SYNC_INTERVAL_MS: '500',
      },
      '/srv/app',
    );
    expect(env.rateBudget).toEqual({ reservePercent: 2.5, maxPaceMs: 0, syncIntervalMs: 500 });
    expect(problemsOf({ RATE_BUDGET_RESERVE_PERCENT: '80', RATE_BUDGET_SYNC_INTERVAL_MS: '10' })).toEqual([
      'RATE_BUDGET_RESERVE_PERCENT: must be at most 50 (percent of the limit kept for writes)',
      'RATE_BUDGET_SYNC_INTERVAL_MS: must be at least 100 ms',
    ]);
  });

  it('puts the default data directory at the monorepo root when run inside it', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'hub-root-'));
    writeFileSync(path.join(root, 'pnpm-workspace.yaml'), 'packages: []\n');
    mkdirSync(path.join(root, 'apps', 'api'), { recursive: true });
    expect(defaultDataDir(path.join(root, 'apps', 'api'))).toBe(path.join(root, '.data'));
    expect(defaultDataDir('/')).toBe('/.data');
  });
});
