import path from 'node:path';

import { ConfigError } from '../config-error.js';
import { createDatabase, pgliteDir, type Database } from '../db/client.js';
import { DatabaseBusyError } from '../db/pglite-lock.js';
import { defaultDataDir } from '../env.js';
import { CliError, describeUrl } from './errors.js';

export type DatabaseTarget = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };

/**
 * The server's database: DATABASE_URL, else PGlite in DATA_DIR (default `.data` at the monorepo root). Reads only
 * these two variables, like `db:migrate`, so `hub migrate` runs with no token keys or OAuth settings.
 */
export function databaseTarget(env: NodeJS.ProcessEnv, cwd: string): DatabaseTarget {
  const url = env.DATABASE_URL;
  if (url !== undefined && url !== '') {
    if (!/^postgres(ql)?:\/\//.test(url)) {
      throw new ConfigError('DATABASE_URL', 'must be a postgres:// or postgresql:// connection URL');
    }
    return { kind: 'postgres', url };
  }
  const dataDir = env.DATA_DIR;
  return {
    kind: 'pglite',
    dataDir: dataDir === undefined || dataDir === '' ? defaultDataDir(cwd) : path.resolve(cwd, dataDir),
  };
}

export function describeTarget(target: DatabaseTarget): string {
  return target.kind === 'postgres'
    ? `PostgreSQL at ${describeUrl(target.url)}`
    : `PGlite in ${pgliteDir(target.dataDir)}`;
}

/** The database; PGlite in a directory another process holds is refused by createDatabase's lock. */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === 'postgres') return createDatabase({ url: target.url, poolMax: 2 });
  try {
    return await createDatabase({ dataDir: target.dataDir });
  } catch (error) {
    if (error instanceof DatabaseBusyError) throw new CliError(error.message);
    const reason = error instanceof Error ? error.message.split('\n', 1)[0] : String(error);
    throw new CliError(`Cannot open the PGlite database in ${pgliteDir(target.dataDir)} (${reason}).`);
  }
}
