import { randomBytes } from 'node:crypto';

import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

import { wrapPglite, wrapPool } from '../db/client.js';
import { migrate } from '../db/migrate.js';

/**
 * Migrated "template" databases, built once per test run (global-setup.ts) and cloned per test file
 * (database.ts): migrating costs seconds, cloning a fraction of that.
 */

/** Same server, another database: admin statements run against the URL's own database. */
export function databaseUrl(baseUrl: string, database: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export function randomDatabaseName(prefix: string): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

/** A PGlite data directory dump (tar), ready for `new PGlite({ loadDataDir })`. */
export async function buildPgliteTemplate(): Promise<Blob> {
  const client = await PGlite.create();
  const database = wrapPglite(client);
  try {
    await migrate(database);
    return await client.dumpDataDir('none');
  } finally {
    await database.close();
  }
}

/** Creates and migrates `hub_test_tpl_<random>` on the server of `baseUrl`; returns its name. */
export async function buildPostgresTemplate(baseUrl: string): Promise<string> {
  const name = randomDatabaseName('hub_test_tpl');
  await adminQuery(baseUrl, `create database ${name}`);
  const database = wrapPool(new pg.Pool({ connectionString: databaseUrl(baseUrl, name), max: 1 }));
  try {
    await migrate(database);
  } finally {
    // CREATE DATABASE … TEMPLATE refuses a template that still has connections.
    await database.close();
  }
  return name;
}

/**
 * pg's Pool.end() resolves before its sockets have closed, and DROP … WITH (FORCE) would kill those connections
 * mid-goodbye (an uncaught "terminating connection" error in the test process). So wait for them to go first,
 * and force only connections that linger.
 */
export async function dropDatabase(baseUrl: string, name: string): Promise<void> {
  for (let attempt = 0; attempt < 40; attempt += 1) {
    try {
      await adminQuery(baseUrl, `drop database if exists ${name}`);
      return;
    } catch (error) {
      if ((error as { code?: unknown }).code !== '55006') throw error; // object_in_use
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  await adminQuery(baseUrl, `drop database if exists ${name} with (force)`);
}

/** One short-lived connection per statement: CREATE/DROP DATABASE cannot run inside a pooled transaction. */
export async function adminQuery(baseUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
