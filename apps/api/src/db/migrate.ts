import { fileURLToPath } from 'node:url';

import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';

import type { Database } from './client.js';

// src/db/migrate.ts and dist/db/migrate.js sit at the same depth, so one relative path serves both.
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle', import.meta.url));

// Arbitrary but fixed: every API process of a deployment contends for the same advisory lock.
const MIGRATION_LOCK_ID = 728_041_913;

/**
 * Applies the committed SQL migrations in apps/api/drizzle. Several API processes may start at once against one
 * PostgreSQL: a session advisory lock makes the others wait and then find nothing left to apply.
 */
export async function migrate(database: Database): Promise<void> {
  const config = { migrationsFolder: MIGRATIONS_FOLDER };
  if (database.kind === 'pglite') {
    await migratePglite(database.driverDb, config);
    return;
  }
  const client = await database.pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    try {
      await migrateNodePg(drizzle({ client }), config);
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]);
    }
  } finally {
    client.release();
  }
}
