import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createDatabase, type Database } from '../db/client.js';
import { createTestAuthService, signIn } from '../test-support/auth.js';
import { pnpmCommand } from '../testing.js';

/**
 * The real thing: `pnpm run hub …` (the package script, i.e. tsx on src/cli/main.ts) in child processes, on a
 * throw-away PGlite DATA_DIR. Always PGlite, also when the suite runs with DATABASE_URL: the children get a clean
 * environment, so they never touch the runner's database.
 */
const API_DIR = fileURLToPath(new URL('../..', import.meta.url));
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'hub-cli-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
  lastLine: string;
}

function hub(args: string[], extraEnv: Record<string, string> = {}): Promise<Result> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATA_DIR: dataDir,
    NODE_ENV: 'development',
    ...extraEnv,
  };
  const [command, ...prefix] = pnpmCommand();
  const child = spawn(command ?? 'npx', [...prefix, '--reporter', 'silent', 'run', 'hub', ...args], {
    cwd: API_DIR,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout, stderr, lastLine: stdout.trimEnd().split('\n').at(-1) ?? '' });
    });
  });
}

describe('the hub script, end to end', () => {
  it('migrates, creates a workspace, a user and an API key that the API accepts', async () => {
    const migrated = await hub(['migrate']);
    expect(migrated.stdout).toBe(`Migrations applied to PGlite in ${path.join(dataDir, 'pglite')}.\n`);
    expect(migrated.code).toBe(0);

    const workspace = await hub(
      ['workspace', 'create', '--name', 'Acme', '--owner', 'ada@acme.com', '--create-owner'],
      { HUB_USER_PASSWORD: 'ada-lovelace-1815' },
    );
    expect(workspace.code).toBe(0);
    const workspaceId = workspace.lastLine;
    expect(workspaceId).toMatch(/^\S{16,}$/);

    const user = await hub(
      [
        'user',
        'create',
        '--workspace',
        'Acme',
        '--email',
        'bob@acme.com',
        '--name',
        'Bob',
        '--role',
        'member',
      ],
      { HUB_USER_PASSWORD: 'bob-the-builder' },
    );
    expect(user.code).toBe(0);

    const created = await hub([
      'api-key',
      'create',
      '--workspace',
      workspaceId,
      '--name',
      'ci',
      '--role',
      'admin',
    ]);
    expect(created.code).toBe(0);
    const key = created.lastLine;
    expect(key).toMatch(/^hub_[A-Za-z]{64}$/);
    for (const run of [workspace, user, created]) {
      expect(run.stdout + run.stderr).not.toMatch(/ada-lovelace-1815|bob-the-builder/);
    }

    let database: Database | undefined;
    try {
      database = await createDatabase({ dataDir });
      const auth = createTestAuthService(database.db);
      expect(await auth.resolveApiKey(key)).toMatchObject({ kind: 'apiKey', workspaceId, role: 'admin' });
      const cookie = await signIn(auth, 'bob@acme.com', 'bob-the-builder');
      expect(await auth.resolveSession(new Headers({ cookie }))).toMatchObject({
        workspaceId,
        role: 'member',
      });

      // This test process now has the PGlite directory open, as a running server would.
      const refused = await hub(['workspace', 'list']);
      expect(refused.code).toBe(1);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toContain(`is in use by process ${process.pid}`);
      expect(refused.stderr).toContain('use DATABASE_URL');
    } finally {
      await database?.close();
    }

    const listed = await hub(['workspace', 'list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(workspaceId);

    const usage = await hub(['api-key', 'create', '--workspace', workspaceId]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('error: Missing --name <name>.');
    // ≈ 20 s idle here and 36 s beside a second copy of the suite: it starts six tsx processes.
  }, 300_000);
});
