/**
 * One API process of the refresh storm: the token vault and its background refresher wired as server.ts wires them
 * (the same pool, cipher, vault and refresher; no HTTP API, which the storm does not use), on the PostgreSQL
 * database the parent seeded, against the emulator in another process. Refreshes every FLEET_INTERVAL_MS. Serves
 * `GET /status`: what its vault logged (refreshes, pass tallies, warnings).
 */
import { createServer } from 'node:http';

import {
  ConnectionVault,
  createDatabase,
  parseKeyring,
  startBackgroundRefresher,
  TokenCipher,
} from '@hub/api/testing';
import { DEMO_CLIENT } from '@hub/confluence-emulator';

import { refreshLog } from '../fleet-log.js';
import { listenLocal, serveChild } from './child.js';

serveChild(async () => {
  const emulatorUrl = process.env.EMULATOR_URL ?? '';
  const log = refreshLog(`refresher ${process.pid}`);
  const database = await createDatabase({
    url: process.env.DATABASE_URL ?? '',
    onPoolError: (error) => log.logger.warn({ error: error.message }, 'idle database connection failed'),
  });
  const deps = {
    db: database.db,
    cipher: new TokenCipher(parseKeyring(process.env.TOKEN_ENCRYPTION_KEYS ?? '')),
    logger: log.logger,
    oauth: {
      clientId: DEMO_CLIENT.clientId,
      clientSecret: DEMO_CLIENT.clientSecret,
      authBaseUrl: emulatorUrl,
      apiBaseUrl: emulatorUrl,
    },
  };
  const refresher = startBackgroundRefresher(new ConnectionVault(deps), deps, {
    intervalMs: Number(process.env.FLEET_INTERVAL_MS ?? 1000),
  });
  const server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(log.totals()));
  });
  const { url, stop } = await listenLocal(server);
  return {
    url,
    close: async () => {
      await refresher.stop();
      await stop();
      await database.close();
    },
  };
});
