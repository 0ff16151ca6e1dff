import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEMO_PASSWORD_FILE } from './demo.js';
import { loadEnv, type Env } from './env.js';
import { createLogger } from './logger.js';
import { startServer } from './server.js';

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'hub-demo-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

/** Demo mode (no ATLASSIAN_CLIENT_ID) on free ports with a throw-away DATA_DIR, always on embedded PGlite. */
function demoEnv(): Env {
  return { ...loadEnv({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), port: 0 };
}

async function startDemo() {
  let banner = '';
  const server = await startServer(demoEnv(), {
    logger: createLogger({ level: 'silent' }),
    emulatorPort: 0,
    webDist: null,
    print: (text) => (banner += text),
  });
  return { server, banner };
}

describe('startServer in demo mode', () => {
  it('starts the emulator, creates the demo admin, prints how to sign in, and keeps the password', async () => {
    const first = await startDemo();
    try {
      expect(first.banner).toContain('demo mode: talking to the local Confluence emulator');
      expect(first.banner).toContain('admin@demo.local');
      expect(first.banner).toContain(first.server.emulator?.url ?? 'no emulator');
      const password = /Password {3}(\S+)/.exec(first.banner)?.[1] ?? '';
      expect(password.length).toBeGreaterThanOrEqual(12);
      expect((await stat(path.join(dataDir, DEMO_PASSWORD_FILE))).mode & 0o777).toBe(0o600);

      expect(await (await fetch(`${first.server.url}/healthz`)).json()).toEqual({ status: 'ok' });
      expect((await fetch(`${first.server.url}/readyz`)).status).toBe(200);
      const signIn = await fetch(`${first.server.url}/api/auth/sign-in/email`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: demoEnv().publicUrl },
        body: JSON.stringify({ email: 'admin@demo.local', password }),
      });
      expect(signIn.status).toBe(200);
      // The emulator is the configured Atlassian: connecting sends the admin to its consent page.
      const cookie = signIn.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      const start = await fetch(`${first.server.url}/oauth/confluence/start`, {
        headers: { cookie },
        redirect: 'manual',
      });
      expect(start.headers.get('location')).toMatch(
        new RegExp(`^${first.server.emulator?.url ?? '-'}/authorize\\?`),
      );
      await first.server.close();

      const second = await startDemo();
      try {
        expect(second.banner).toContain(`Password   ${password}`);
      } finally {
        await second.server.close();
      }
      await expect(fetch(`${first.server.url}/healthz`)).rejects.toThrow();
    } finally {
      await first.server.close();
    }
  }, 120_000);
});
