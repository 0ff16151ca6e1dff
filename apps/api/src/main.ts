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

const logger = createLogger({ level: env.logLevel });
try {
  const server = await startServer(env, {
    logger,
    emulatorPort: env.atlassian.mode === 'demo' ? emulatorPort() : 0,
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
