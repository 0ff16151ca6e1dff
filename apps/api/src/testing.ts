/**
 * `@hub/api/testing`: the whole API on a real HTTP server for other packages' tests (e.g. @hub/client's), with a
 * throw-away migrated database and the Confluence emulator standing in for Atlassian. Not for production use.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { startEmulator, type Emulator, type SeedName } from '@hub/confluence-emulator';
import pg from 'pg';

import { ActivityRecorder } from './activity/recorder.js';
import { createApp } from './app.js';
import { createAuthService } from './auth/service.js';
import { connectEmulatorAccount, oauthFor } from './connections/test-support/vault-kit.js';
import { TokenCipher } from './connections/token-cipher.js';
import { ConnectionVault } from './connections/vault.js';
import { createDatabase, wrapPool, type Database } from './db/client.js';
import { migrate } from './db/migrate.js';
import { createLogger, type Logger } from './logger.js';
import { testKeyring } from './test-support/fixtures.js';
import { adminQuery, databaseUrl, dropDatabase, randomDatabaseName } from './test-support/template.js';

export type { Emulator } from '@hub/confluence-emulator';

/**
 * pnpm as the README runs it, without needing it on PATH: the pnpm running this suite (`npm_execpath`, set by
 * `pnpm test`; a script or pnpm 12's native binary), else `npx -y pnpm@12.4.2` like the quick start.
 */
export function pnpmCommand(): string[] {
  const execPath = process.env.npm_execpath;
  if (execPath !== undefined && /pnpm(\.c?js)?$/.test(execPath.split(/[\\/]/).at(-1) ?? '')) {
    return /\.c?js$/.test(execPath) ? [process.execPath, execPath] : [execPath];
  }
  return ['npx', '-y', 'pnpm@12.4.2'];
}

export interface TestApiOptions {
  /** The emulator's content: `'demo'` (default: spaces, pages, comments) or `'empty'`. */
  seed?: SeedName;
  /**
   * A PostgreSQL server to create the throw-away database on (`CREATE DATABASE hub_testing_<random>`, dropped by
   * `close()`; the database named in the URL is only used to issue those two statements). Default: the
   * `DATABASE_URL` environment variable; unset or empty = an in-memory PGlite database.
   */
  databaseUrl?: string;
  /** Default: nothing is logged. */
  logger?: Logger;
}

export interface TestWorkspaceKeys {
  workspaceId: string;
  /** Service API keys (`Authorization: Bearer …`) with the admin and the member role. */
  adminKey: string;
  memberKey: string;
}

export interface TestApi {
  /** Origin of the API, e.g. `http://127.0.0.1:54321`; tRPC is at `${url}/trpc`. */
  url: string;
  emulator: Emulator;
  database: 'pglite' | 'postgres';
  /** A new workspace (with an owner) and two service keys. No Confluence connection yet. */
  createWorkspace(name?: string): Promise<TestWorkspaceKeys>;
  /** Connects a workspace to an emulator site, storing tokens exactly as the OAuth callback does; returns its id. */
  connect(
    workspaceId: string,
    options?: { accountId?: 'acc-ada' | 'acc-bob'; cloudId?: string; siteName?: string },
  ): Promise<string>;
  /** Stops the server and the emulator, drops the database. */
  close(): Promise<void>;
}

/** Starts emulator, database (migrated) and the app (createApp with the real vault, auth and activity log). */
export async function startTestApi(options: TestApiOptions = {}): Promise<TestApi> {
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const closer of closers.splice(0).reverse()) await closer();
  };
  try {
    const emulator = await startEmulator({ port: 0, seed: options.seed ?? 'demo' });
    closers.push(() => emulator.close());
    const database = await throwAwayDatabase(options.databaseUrl ?? process.env.DATABASE_URL);
    closers.push(database.drop);
    const { db } = database.handle;

    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const logger = options.logger ?? createLogger({ level: 'silent' });
    const cipher = new TokenCipher(testKeyring('k1'));
    const auth = createAuthService({
      db,
      secret: randomBytes(32).toString('base64url'),
      baseURL: url,
      logger,
    });
    const oauth = oauthFor(emulator);
    const vault = new ConnectionVault({ db, cipher, logger, oauth });
    const activity = new ActivityRecorder({ db, logger });
    closers.push(() => activity.close());
    server.on(
      'request',
      createApp({ db, cipher, logger, auth, vault, activity, oauth, publicUrl: url, webDist: null }),
    );

    let workspaces = 0;
    return {
      url,
      emulator,
      database: database.handle.kind,
      async createWorkspace(name) {
        workspaces += 1;
        const { workspaceId } = await auth.bootstrapAdmin({
          email: `owner-${workspaces}-${randomBytes(4).toString('hex')}@example.com`,
          password: randomBytes(16).toString('base64url'),
          workspaceName: name ?? `Workspace ${workspaces}`,
        });
        const key = async (role: 'admin' | 'member') =>
          (await auth.createApiKey({ workspaceId, name: `${role} key`, role, createdBy: { kind: 'system' } }))
            .key;
        return { workspaceId, adminKey: await key('admin'), memberKey: await key('member') };
      },
      async connect(workspaceId, connectOptions = {}) {
        return (await connectEmulatorAccount(db, cipher, emulator, { workspaceId, ...connectOptions })).id;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

async function throwAwayDatabase(
  baseUrl: string | undefined,
): Promise<{ handle: Database; drop: () => Promise<void> }> {
  if (baseUrl === undefined || baseUrl === '') {
    const handle = await createDatabase();
    await migrate(handle);
    return { handle, drop: () => handle.close() };
  }
  const name = randomDatabaseName('hub_testing');
  await adminQuery(baseUrl, `create database ${name}`);
  const handle = wrapPool(new pg.Pool({ connectionString: databaseUrl(baseUrl, name), max: 5 }));
  const drop = async () => {
    await handle.close();
    await dropDatabase(baseUrl, name);
  };
  try {
    await migrate(handle);
  } catch (error) {
    await drop();
    throw error;
  }
  return { handle, drop };
}

/**
 * An empty PostgreSQL database on the server `baseUrl` names (`CREATE DATABASE <prefix>_<random>`), for a host that
 * runs the real server on it (the benchmark); `drop()` removes it again. Migrations are the server's own job.
 */
export async function scratchPostgresDatabase(
  baseUrl: string,
  prefix: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = randomDatabaseName(prefix);
  await adminQuery(baseUrl, `create database ${name}`);
  return { url: databaseUrl(baseUrl, name), drop: () => dropDatabase(baseUrl, name) };
}

/** Stores tokens as the OAuth callback does: how a host that embeds the server (the benchmark) seeds connections. */
export { saveConnection, type SaveConnectionInput } from './connections/store.js';
export { startServer } from './server.js';
export { loadEnv } from './env.js';
export { createLogger } from './logger.js';

/**
 * The pieces server.ts wires together (database, token cipher, vault, background refresher), for a host that runs
 * the vault alone against a database it seeded (the connection-fleet benchmark).
 */
export { createDatabase, type Database } from './db/client.js';
export { migrate } from './db/migrate.js';
export { confluenceConnections } from './db/schema/index.js';
export { insertWorkspace } from './test-support/fixtures.js';
export { generateKeyringEntry, parseKeyring } from './connections/keyring.js';
export { TokenCipher } from './connections/token-cipher.js';
export { ConnectionVault, type VaultDeps } from './connections/vault.js';
export {
  DEFAULT_REFRESH_AHEAD_WINDOW_MS,
  KEEP_ALIVE_AFTER_MS,
  startBackgroundRefresher,
  type BackgroundRefresher,
  type BackgroundRefresherOptions,
} from './connections/background-refresher.js';
export { oauthFor } from './connections/test-support/vault-kit.js';
export { freePort } from './e2e/test-support/api-process.js';
