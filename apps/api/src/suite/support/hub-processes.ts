import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { DEMO_CLIENT, type Emulator } from '@hub/confluence-emulator';

import {
  freePort,
  spawnApiProcess,
  type ApiProcess,
  type LogLine,
} from '../../e2e/test-support/api-process.js';

/**
 * Real API processes (`src/main.ts`) in configured (Atlassian) mode against an emulator the test runs, all with
 * the same TOKEN_ENCRYPTION_KEYS and AUTH_SECRET, as the README's "Running several API processes" asks.
 */
export interface HubProcesses {
  processes: ApiProcess[];
  /** SIGTERM to all; resolves with their exit codes. Idempotent. */
  stop(): Promise<(number | null)[]>;
}

export interface HubProcessOptions {
  count: number;
  databaseUrl: string;
  emulator: Emulator;
  tokenKeys: string;
  authSecret: string;
  /** Extra variables, e.g. BACKGROUND_REFRESH_INTERVAL_MS. */
  env?: Record<string, string>;
  readyTimeoutMs?: number;
}

export async function startHubProcesses(options: HubProcessOptions): Promise<HubProcesses> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'hub-suite-'));
  const processes: ApiProcess[] = [];
  for (let i = 0; i < options.count; i += 1) {
    const port = String(await freePort());
    processes.push(
      spawnApiProcess({
        NODE_ENV: 'production',
        LOG_LEVEL: 'info',
        PORT: port,
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        DATABASE_URL: options.databaseUrl,
        DATA_DIR: dataDir,
        TOKEN_ENCRYPTION_KEYS: options.tokenKeys,
        AUTH_SECRET: options.authSecret,
        ATLASSIAN_CLIENT_ID: DEMO_CLIENT.clientId,
        ATLASSIAN_CLIENT_SECRET: DEMO_CLIENT.clientSecret,
        ATLASSIAN_AUTH_URL: options.emulator.url,
        ATLASSIAN_API_URL: options.emulator.url,
        ...options.env,
      }),
    );
  }
  let stopping: Promise<(number | null)[]> | undefined;
  const stop = () =>
    (stopping ??= Promise.all(processes.map((p) => p.stop())).finally(() =>
      rm(dataDir, { recursive: true, force: true }),
    ));
  try {
    await Promise.all(processes.map((p) => p.ready(options.readyTimeoutMs ?? 120_000)));
  } catch (error) {
    await stop();
    throw error;
  }
  return { processes, stop };
}

/** Error and fatal lines (pino levels 50, 60). */
export const errorLines = (p: ApiProcess): LogLine[] => p.logs.filter((l) => l.level >= 50);

export const linesWith = (p: ApiProcess, msg: string): LogLine[] => p.logs.filter((l) => l.msg === msg);
