import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from 'vite';
import type { TestProject } from 'vitest/node';

import { CHROMIUM_PATH, chromiumAvailable, type HubInfo } from './browser';

const webRoot = fileURLToPath(new URL('..', import.meta.url));
const apiRoot = path.resolve(webRoot, '../api');

function warnLoudly(message: string): void {
  const rule = '!'.repeat(78);
  process.stderr.write(`\n${rule}\n!! ${message.split('\n').join('\n!! ')}\n${rule}\n\n`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Environment of the API child: demo mode on fresh ports with an empty PGlite, whatever the caller's shell has. */
function childEnv(port: number, emulatorPort: number, dataDir: string): NodeJS.ProcessEnv {
  const dropped = /^(ATLASSIAN_|ADMIN_|DATABASE_URL$|PUBLIC_URL$|TOKEN_ENCRYPTION_KEYS$|AUTH_SECRET$|VITEST)/;
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !dropped.test(name)));
  return {
    ...env,
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    PORT: String(port),
    EMULATOR_PORT: String(emulatorPort),
    DATA_DIR: dataDir,
  };
}

/** Starts `src/main.ts` of the API as `pnpm start` does, and reads the demo banner for the sign-in. */
async function startApi(logFile: string): Promise<{ child: ChildProcess; info: HubInfo; dataDir: string }> {
  const [port, emulatorPort] = [await freePort(), await freePort()];
  const dataDir = mkdtempSync(path.join(tmpdir(), 'hub-web-e2e-'));
  const tsx = createRequire(import.meta.url).resolve('tsx/cli');
  const child = spawn(process.execPath, [tsx, '--conditions=@hub/source', 'src/main.ts'], {
    cwd: apiRoot,
    env: childEnv(port, emulatorPort, dataDir),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    writeFileSync(logFile, output);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);

  const info = await new Promise<HubInfo>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`The API did not start within 90 s. Its output:\n${output}`)),
      90_000,
    );
    const check = () => {
      const password = /Password\s+(\S+)/.exec(output)?.[1];
      const emulatorUrl = /Emulator\s+(http\S+)/.exec(output)?.[1];
      if (password === undefined || emulatorUrl === undefined) return;
      clearTimeout(timer);
      resolve({
        baseUrl: `http://localhost:${port}`,
        emulatorUrl,
        email: 'admin@demo.local',
        password,
        logFile,
      });
    };
    child.stdout.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The API exited with code ${code} before it was ready. Its output:\n${output}`));
    });
  });
  return { child, info, dataDir };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  project.provide('hub', null);
  project.provide('browserSkip', null);
  if (!chromiumAvailable()) {
    const message = `Chromium not found at ${CHROMIUM_PATH}: the browser tests of the panel did NOT run.\nInstall it with: apt-get update && apt-get install -y chromium`;
    if (process.env.CI === 'true') throw new Error(`${message}\n(CI=true: a missing browser fails the run.)`);
    warnLoudly(`${message}\nSkipping them (outside CI only).`);
    project.provide('browserSkip', message);
    return undefined;
  }

  // The API serves the built panel from apps/web/dist, exactly as `pnpm start` does: a production build (vitest
  // sets NODE_ENV=test, which would make Vite bundle React's development build, and the bundle budget fail).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ root: webRoot, configFile: path.join(webRoot, 'vite.config.ts'), logLevel: 'warn' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }

  const resultsDir = path.join(webRoot, 'test-results');
  mkdirSync(resultsDir, { recursive: true });
  const { child, info, dataDir } = await startApi(path.join(resultsDir, 'api.log'));
  project.provide('hub', info);
  return async () => {
    await stop(child);
    rmSync(dataDir, { recursive: true, force: true });
  };
}
