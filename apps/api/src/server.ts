import { once } from 'node:events';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

import { closeConversionPool, type OAuthConfig } from '@hub/confluence';
import { DEMO_CLIENT, startEmulator, type Emulator } from '@hub/confluence-emulator';

import { ActivityRecorder } from './activity/recorder.js';
import { createApp } from './app.js';
import { resolveAuthSecret } from './auth/secret.js';
import { createAuthService } from './auth/service.js';
import { startBackgroundRefresher } from './connections/background-refresher.js';
import { loadKeyring } from './connections/key-source.js';
import { TokenCipher } from './connections/token-cipher.js';
import { ConnectionVault } from './connections/vault.js';
import { createDatabase } from './db/client.js';
import { migrate } from './db/migrate.js';
import { DEMO_ADMIN_EMAIL, demoAdminPassword, demoBanner } from './demo.js';
import type { Env } from './env.js';
import { DEFAULT_WEB_DIST } from './http/web-panel.js';
import { logSafeError } from './http/log-safe-error.js';
import type { Logger } from './logger.js';
import { CALLBACK_PATH } from './oauth/index.js';
import type { ApiServices } from './trpc/context.js';
import { deleteExpiredKeys } from './trpc/idempotency.js';
import { deleteExpired } from './oauth/state-store.js';

const STATE_SWEEP_MS = 5 * 60_000;

export interface StartOptions {
  logger: Logger;
  /** Demo mode: the in-process emulator's port (0 = any). */
  emulatorPort: number;
  webDist?: string | null;
  /** Where the demo banner goes; default stdout. */
  print?: (text: string) => void;
  /** How long shutdown waits for in-flight requests before cutting connections. Default 10 s. */
  shutdownGraceMs?: number;
  /** When the launch began (epoch ms), for the time to ready; default this process's start. */
  launchedAt?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  emulator: Emulator | null;
  /** What the server runs on, for hosts that embed it (the benchmark seeds keys and connections through these). */
  services: ApiServices;
  /** Stop accepting, finish in-flight requests, flush activity, stop the refresher, close emulator and database. */
  close(): Promise<void>;
}

/** Everything main.ts starts, in order; on a failure half-way, what was started is closed again. */
export async function startServer(env: Env, options: StartOptions): Promise<RunningServer> {
  const { logger } = options;
  const closers: { name: string; close: () => Promise<void> }[] = [];
  const closeAll = async () => {
    for (const { name, close } of closers.splice(0).reverse()) {
      await close().catch((error: unknown) =>
        logger.error({ error: logSafeError(error) }, `closing ${name} failed`),
      );
    }
  };
  try {
    const database = await createDatabase(
      env.databaseUrl === undefined
        ? { dataDir: env.dataDir }
        : {
            url: env.databaseUrl,
            onPoolError: (error) =>
              logger.warn({ error: logSafeError(error) }, 'idle database connection failed'),
          },
    );
    closers.push({ name: 'database', close: () => database.close() });
    await migrate(database);
    const { db } = database;

    const keyring = await loadKeyring(env, logger);
    const cipher = new TokenCipher(keyring);
    const auth = createAuthService({
      db,
      secret: resolveAuthSecret(env.authSecret, keyring),
      baseURL: env.publicUrl,
      logger,
    });

    let emulator: Emulator | null = null;
    let oauth: OAuthConfig;
    if (env.atlassian.mode === 'atlassian') {
      const { clientId, clientSecret, authUrl, apiUrl } = env.atlassian;
      oauth = { clientId, clientSecret, authBaseUrl: authUrl, apiBaseUrl: apiUrl };
    } else if (env.atlassian.authUrl !== undefined || env.atlassian.apiUrl !== undefined) {
      // Demo against an emulator someone already runs (ATLASSIAN_AUTH_URL / _API_URL set without a client id).
      const external = env.atlassian.authUrl ?? env.atlassian.apiUrl ?? '';
      oauth = {
        clientId: DEMO_CLIENT.clientId,
        clientSecret: DEMO_CLIENT.clientSecret,
        authBaseUrl: env.atlassian.authUrl ?? external,
        apiBaseUrl: env.atlassian.apiUrl ?? external,
      };
    } else {
      emulator = await startEmulator({
        port: options.emulatorPort,
        clients: [{ ...DEMO_CLIENT, redirectUris: [`${env.publicUrl}${CALLBACK_PATH}`] }],
        // The demo's sites live at the emulator's URL, so the panel's site and page links open its page views.
        serveSites: true,
      });
      const started = emulator;
      closers.push({ name: 'emulator', close: () => started.close() });
      oauth = {
        clientId: DEMO_CLIENT.clientId,
        clientSecret: DEMO_CLIENT.clientSecret,
        authBaseUrl: emulator.url,
        apiBaseUrl: emulator.url,
      };
    }

    const admin = await bootstrapAdmin(env, auth, logger);

    const vaultDeps = {
      db,
      cipher,
      logger,
      oauth,
      ...(env.confluenceTimeoutMs === undefined ? {} : { confluenceTimeoutMs: env.confluenceTimeoutMs }),
      ...(env.attachmentMaxBytes === undefined ? {} : { attachmentMaxBytes: env.attachmentMaxBytes }),
      ...(env.rateBudget === undefined ? {} : { rateBudget: env.rateBudget }),
    };
    const vault = new ConnectionVault(vaultDeps);
    const refresher = startBackgroundRefresher(vault, vaultDeps, {
      ...(env.backgroundRefreshIntervalMs === undefined
        ? {}
        : { intervalMs: env.backgroundRefreshIntervalMs }),
      ...(env.refreshAheadWindowMs === undefined ? {} : { refreshAheadWindowMs: env.refreshAheadWindowMs }),
    });
    closers.push({ name: 'background refresher', close: () => refresher.stop() });
    // After the HTTP server (closers run in reverse): the last second of rate-limit observations is not lost.
    closers.push({ name: 'rate budget', close: () => vault.rateBudget.flush() });
    // Abandoned consents hold encrypted tokens (a pending site choice): do not keep them past their 10 minutes.
    // Idempotency keys past their 24 hours go on the same sweep.
    const sweep = setInterval(() => {
      deleteExpired(db, new Date()).catch((error: unknown) =>
        logger.warn({ error: logSafeError(error) }, 'deleting expired OAuth states failed'),
      );
      deleteExpiredKeys(db, new Date()).catch((error: unknown) =>
        logger.warn({ error: logSafeError(error) }, 'deleting expired idempotency keys failed'),
      );
    }, STATE_SWEEP_MS).unref();
    closers.push({ name: 'expiry sweep', close: () => Promise.resolve(clearInterval(sweep)) });
    const activity = new ActivityRecorder({ db, logger });
    closers.push({ name: 'activity recorder', close: () => activity.close() });

    const webDist = options.webDist === undefined ? DEFAULT_WEB_DIST : options.webDist;
    const services: ApiServices = {
      db,
      cipher,
      logger,
      auth,
      vault,
      activity,
      oauth,
      publicUrl: env.publicUrl,
    };
    const app = createApp({
      ...services,
      webDist,
      trustProxy: env.trustProxy,
      imageOrigins: emulator === null ? [] : [emulator.url],
    });
    // Closed after the HTTP server (closers run in reverse), once the requests that convert have finished.
    closers.push({ name: 'conversion pool', close: () => closeConversionPool() });
    const server = app.listen(env.port);
    await Promise.race([
      once(server, 'listening'),
      once(server, 'error').then(([error]) => Promise.reject(error as Error)),
    ]);
    closers.push({
      name: 'HTTP server',
      close: () => closeServer(server, options.shutdownGraceMs ?? 10_000),
    });
    const port = (server.address() as AddressInfo).port;
    const readyMs = Math.round(Date.now() - (options.launchedAt ?? performance.timeOrigin));
    logger.info(
      { port, publicUrl: env.publicUrl, database: database.kind, mode: env.atlassian.mode, readyMs },
      'Integrations Hub API listening',
    );

    if (env.atlassian.mode === 'demo') {
      const panelBuilt = webDist !== null && existsSync(path.join(webDist, 'index.html'));
      (options.print ?? ((text) => process.stdout.write(text)))(
        demoBanner({
          panelUrl: env.publicUrl,
          panelBuilt,
          ...admin,
          emulatorUrl: emulator?.url ?? null,
          readyMs,
        }),
      );
    }

    let closing: Promise<void> | undefined;
    return {
      url: `http://127.0.0.1:${port}`,
      port,
      emulator,
      services,
      close: () => (closing ??= closeAll()),
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/** ADMIN_EMAIL/ADMIN_PASSWORD when set; in demo mode without them, admin@demo.local with a kept password. */
async function bootstrapAdmin(
  env: Env,
  auth: ReturnType<typeof createAuthService>,
  logger: Logger,
): Promise<{ email: string; password: string | null; warning?: string }> {
  if (env.admin !== null) {
    await auth.bootstrapAdmin({ email: env.admin.email, password: env.admin.password });
    return { email: env.admin.email, password: null };
  }
  if (env.atlassian.mode !== 'demo') {
    logger.warn('No ADMIN_EMAIL/ADMIN_PASSWORD: create the first admin with the CLI to sign in');
    return { email: '', password: null };
  }
  const { password, file, created } = await demoAdminPassword(env.dataDir);
  const result = await auth.bootstrapAdmin({
    email: DEMO_ADMIN_EMAIL,
    password,
    workspaceName: 'Demo workspace',
  });
  if (created && !result.createdUser) {
    return {
      email: DEMO_ADMIN_EMAIL,
      password: null,
      warning: `${DEMO_ADMIN_EMAIL} already existed with another password (${file} was missing). Delete DATA_DIR to start over.`,
    };
  }
  return { email: DEMO_ADMIN_EMAIL, password };
}

/** Stops accepting, lets in-flight requests finish (idle keep-alive sockets close at once), then cuts the rest. */
async function closeServer(server: Server, graceMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), graceMs).unref();
  await closed;
  clearTimeout(timer);
}
