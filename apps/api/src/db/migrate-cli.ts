import path from 'node:path';

import { defaultDataDir } from '../env.js';
import { createLogger } from '../logger.js';
import { createDatabase, pgliteDir } from './client.js';
import { migrate } from './migrate.js';

/**
 * `pnpm db:migrate`: applies pending migrations and exits. Reads only DATABASE_URL and DATA_DIR, so a migration
 * job needs no token keys or OAuth credentials. The API also migrates at start-up; this is for deploy pipelines.
 */
const logger = createLogger({ level: process.env.LOG_LEVEL === 'silent' ? 'silent' : 'info' });
const url = process.env.DATABASE_URL === '' ? undefined : process.env.DATABASE_URL;
const dataDir =
  process.env.DATA_DIR === undefined || process.env.DATA_DIR === ''
    ? defaultDataDir()
    : path.resolve(process.env.DATA_DIR);

const database = await createDatabase(url === undefined ? { dataDir } : { url });
try {
  await migrate(database);
  logger.info(
    { database: database.kind, location: database.kind === 'pglite' ? pgliteDir(dataDir) : 'DATABASE_URL' },
    'migrations applied',
  );
} finally {
  await database.close();
}
