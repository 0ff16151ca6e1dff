import { mkdirSync } from 'node:fs';
import path from 'node:path';

import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzleNodePg, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite, type PgliteDatabase } from 'drizzle-orm/pglite';
import pg from 'pg';

import { lockPgliteDir } from './pglite-lock.js';
import * as schema from './schema/index.js';

export type Schema = typeof schema;

/**
 * What callers use, whichever driver is underneath. Both drivers' databases are PgDatabase subclasses that differ
 * only in their raw result type, so queries, transactions and `.for('update')` are written once.
 */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

interface DatabaseBase {
  db: Db;
  close: () => Promise<void>;
}

export interface PgliteHandle extends DatabaseBase {
  kind: 'pglite';
  client: PGlite;
  /** The driver-specific view, for the migrator. */
  driverDb: PgliteDatabase<Schema>;
}

export interface PostgresHandle extends DatabaseBase {
  kind: 'postgres';
  pool: pg.Pool;
  driverDb: NodePgDatabase<Schema>;
}

export type Database = PgliteHandle | PostgresHandle;

export interface CreateDatabaseOptions {
  /** DATABASE_URL. When set, a node-postgres pool is used and dataDir is ignored. */
  url?: string;
  /** Directory for the embedded PGlite database (created if missing). Neither url nor dataDir: in memory. */
  dataDir?: string;
  /** Pool size per API process; PostgreSQL's own max_connections bounds the sum over processes. */
  poolMax?: number;
  /** How long getting a pooled connection may take before the query fails; default 5 s. */
  connectTimeoutMs?: number;
  /** Idle pooled clients can fail (server restart); without a listener that error would crash the process. */
  onPoolError?: (error: Error) => void;
}

/** PGlite files live in a subdirectory so DATA_DIR can also hold the demo key file and other state. */
export function pgliteDir(dataDir: string): string {
  return path.join(dataDir, 'pglite');
}

export async function createDatabase(options: CreateDatabaseOptions = {}): Promise<Database> {
  if (options.url !== undefined) {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolMax ?? 10,
      application_name: 'hub-api',
      // A database that accepts connections and never answers must not hold callers (and every pool slot) until
      // the OS gives up on the socket, hours later: give up on a connect after 5 s (→ 503 UNAVAILABLE), and let
      // TCP keep-alive find dead sockets of idle pooled clients.
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
      keepAlive: true,
    });
    pool.on('error', options.onPoolError ?? (() => undefined));
    return wrapPool(pool);
  }
  let client: PGlite;
  if (options.dataDir === undefined) {
    client = await PGlite.create();
  } else {
    const dir = pgliteDir(options.dataDir);
    mkdirSync(dir, { recursive: true });
    const unlock = lockPgliteDir(dir);
    try {
      client = await PGlite.create({ dataDir: dir });
    } catch (error) {
      unlock();
      throw error;
    }
    return wrapPglite(client, unlock);
  }
  return wrapPglite(client);
}

export function wrapPglite(client: PGlite, onClose: () => void = () => undefined): PgliteHandle {
  const driverDb = drizzlePglite({ client, schema });
  return {
    kind: 'pglite',
    db: driverDb,
    client,
    driverDb,
    close: async () => {
      if (!client.closed) await client.close();
      onClose();
    },
  };
}

export function wrapPool(pool: pg.Pool): PostgresHandle {
  const driverDb = drizzleNodePg({ client: pool, schema });
  let closed = false;
  return {
    kind: 'postgres',
    db: driverDb,
    pool,
    driverDb,
    close: async () => {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
