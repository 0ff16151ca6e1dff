import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import type { Database } from '../../db/client.js';

/** Raw SQL on either driver (no parameters: identifiers below come from the catalog and are quoted). */
async function query<T>(database: Database, text: string): Promise<T[]> {
  if (database.kind === 'pglite') return (await database.client.query<T>(text)).rows;
  return (await database.pool.query<T & Record<string, unknown>>(text)).rows;
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Every row of every table outside the system schemas, one JSON text per row, labelled by table. */
export async function dumpRows(database: Database): Promise<{ tables: string[]; text: string }> {
  const tables = await query<{ table_schema: string; table_name: string }>(
    database,
    `select table_schema, table_name from information_schema.tables
     where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')
     order by table_schema, table_name`,
  );
  const parts: string[] = [];
  for (const { table_schema: schema, table_name: table } of tables) {
    const rows = await query<{ row: string }>(
      database,
      `select row_to_json(t)::text as row from ${quoteIdent(schema)}.${quoteIdent(table)} t`,
    );
    for (const { row } of rows) parts.push(`${schema}.${table}: ${row}`);
  }
  return { tables: tables.map((r) => `${r.table_schema}.${r.table_name}`), text: parts.join('\n') };
}

/**
 * `pg_dump` of a PostgreSQL database (schema and data, as a backup would hold it). Null, with the reason, when
 * pg_dump is not on PATH or cannot dump this server (a version older than the server's).
 */
export async function pgDump(url: string): Promise<{ text: string } | { skipped: string }> {
  try {
    const { stdout } = await promisify(execFile)('pg_dump', ['--no-owner', '--no-privileges', url], {
      maxBuffer: 256 * 1024 * 1024,
    });
    return { text: stdout };
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') return { skipped: 'pg_dump is not on PATH' };
    if (e.stderr?.includes('server version mismatch') === true) return { skipped: e.stderr.trim() };
    throw error;
  }
}

/** Labels of the secrets found in `haystack` (as written, or percent-encoded as in a URL or form). */
export function leaksIn(haystack: string | Buffer, secrets: ReadonlyMap<string, string>): string[] {
  const found: string[] = [];
  for (const [label, secret] of secrets) {
    const forms = new Set([secret, encodeURIComponent(secret)]);
    if ([...forms].some((form) => haystack.includes(form))) found.push(label);
  }
  return found;
}
