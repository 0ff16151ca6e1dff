import { ConfigError, ConfigErrors } from './config-error.js';
import { emulatorPort } from './demo.js';
import { loadEnv } from './env.js';
import { logSafeError } from './http/log-safe-error.js';
import { createLogger } from './logger.js';
import { startServer } from './server.js';

/**
 * `pnpm --filter @hub/api start`: configuration, database + migrations, token keys, auth, bootstrap admin, vault
 * and background refresher, HTTP. Without ATLASSIAN_CLIENT_ID it is the demo: the Confluence emulator runs
 * in-process and a banner says how to sign in. SIGINT/SIGTERM shut down gracefully.
 */
let env;
try {
  env = loadEnv();
} catch (error) {
  if (!(error instanceof ConfigErrors || error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}

const logger = createLogger({
  level: env.logLevel,
  // Readable lines for a person at a terminal trying the demo; JSON lines for everything that collects logs.
  pretty:
    env.logFormat === undefined
      ? env.atlassian.mode === 'demo' && process.stdout.isTTY
      : env.logFormat === 'pretty',
});
// `pnpm start` (scripts/start.mjs) says when it began, so the time to ready includes the panel check.
const launchedAt = Number(process.env.HUB_LAUNCHED_AT);
try {
  const server = await startServer(env, {
    logger,
    emulatorPort: env.atlassian.mode === 'demo' ? emulatorPort() : 0,
    ...(Number.isFinite(launchedAt) && launchedAt <= Date.now() ? { launchedAt } : {}),
  });
  let signals = 0;
  const shutdown = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      logger.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    logger.info({ signal }, 'shutting down');
    server.close().then(
      () => {
        logger.info('shut down cleanly');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ error: logSafeError(error) }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
} catch (error) {
  if (error instanceof ConfigErrors || error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    logger.fatal({ error: logSafeError(error) }, 'failed to start');
  }
  process.exit(1);
}
