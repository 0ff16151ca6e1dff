import { readFile } from 'node:fs/promises';

import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';

import { wrapPglite, wrapPool, type Database, type Db } from '../db/client.js';
import {
  adminQuery,
  buildPgliteTemplate,
  databaseUrl,
  dropDatabase,
  randomDatabaseName,
} from './template.js';

/**
 * A fresh, migrated database for one test file: PGlite by default, a throw-away database on the PostgreSQL server
 * of DATABASE_URL when that is set (as in CI). Either way it is a clone of a template migrated once per run.
 */
export async function createTestDatabase(): Promise<Database> {
  const baseUrl = process.env.DATABASE_URL;
  return baseUrl !== undefined && baseUrl !== '' ? createPostgresClone(baseUrl) : createPgliteClone();
}

export interface TestDatabaseHandle {
  /** The drizzle database; throws when read outside a test (before beforeAll ran). */
  readonly db: Db;
  readonly database: Database;
}

/**
 * Registers beforeAll/afterAll hooks for one database shared by the tests of a file.
 * Usage: `const t = useTestDatabase();` at the top of a test file, then `t.db` inside tests.
 */
export function useTestDatabase(): TestDatabaseHandle {
  let current: Database | undefined;
  beforeAll(async () => {
    current = await createTestDatabase();
  });
  afterAll(async () => {
    await current?.close();
  });
  const get = (): Database => {
    if (current === undefined) throw new Error('useTestDatabase(): the database exists only inside tests');
    return current;
  };
  return {
    get db() {
      return get().db;
    },
    get database() {
      return get();
    },
  };
}

let localPgliteTemplate: Promise<Blob> | undefined;

async function createPgliteClone(): Promise<Database> {
  const templatePath = inject('pgliteTemplatePath');
  // Without the global setup (a single file run by another config), build the template in this worker.
  const template =
    templatePath === undefined
      ? await (localPgliteTemplate ??= buildPgliteTemplate())
      : new Blob([await readFile(templatePath)]);
  return wrapPglite(await PGlite.create({ loadDataDir: template }));
}

async function createPostgresClone(baseUrl: string): Promise<Database> {
  const template = inject('postgresTemplate');
  if (template === undefined) {
    // A template built here would outlive the run: only the global setup knows when the run ends.
    throw new Error(
      'DATABASE_URL is set but no template database was provided: run tests through vitest.config.ts',
    );
  }
  const name = randomDatabaseName('hub_test');
  await adminQuery(baseUrl, `create database ${name} template ${template}`);
  const database = wrapPool(new pg.Pool({ connectionString: databaseUrl(baseUrl, name), max: 5 }));
  const close = database.close;
  database.close = async () => {
    await close();
    await dropDatabase(baseUrl, name);
  };
  return database;
}
