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
 * `pg_dump` of a PostgreSQL database (schema and data, as a backup would hold it). `PG_DUMP` names the binary
 * (default: `pg_dump` on PATH). A PostgreSQL run must be able to dump: anything that stops it fails the test.
 */
export async function pgDump(url: string): Promise<string> {
  const binary = process.env.PG_DUMP ?? 'pg_dump';
  try {
    const { stdout } = await promisify(execFile)(binary, ['--no-owner', '--no-privileges', url], {
      maxBuffer: 256 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    const why = e.code === 'ENOENT' ? `${binary} not found` : (e.stderr?.trim() ?? String(error));
    throw new Error(
      `pg_dump must run on PostgreSQL runs (install a pg_dump at least as new as the server, or set PG_DUMP): ${why}`,
      { cause: error },
    );
  }
}

/** pg_dump's text without the data of one table (`schema.table`), to check what else holds a value. */
export function withoutTableData(dump: string, table: string): string {
  const start = dump.indexOf(`COPY ${table} (`);
  if (start === -1) return dump;
  const end = dump.indexOf('\n\\.\n', start);
  if (end === -1) throw new Error(`pg_dump: the data of ${table} does not end`);
  return dump.slice(0, start) + dump.slice(end + 4);
}

export const SECRET_FORMS = ['exact', 'percent-encoded', 'base64', 'base64url', 'hex', 'prefix'] as const;
export type SecretForm = (typeof SECRET_FORMS)[number];
/** How many leading characters count as a secret's distinctive prefix (a truncated token in a log line). */
export const PREFIX_LENGTH = 16;

/**
 * The characters of `secret`'s base64 that do not depend on what surrounds it, for each of the three byte
 * alignments it can have inside a longer encoded text (a token in an encoded header or JSON blob).
 */
function embeddedBase64(secret: string, encoding: 'base64' | 'base64url'): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  return [0, 1, 2].map((shift) => {
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString(encoding);
    // Character i covers bits [6i, 6i + 6): keep those that fall entirely within the secret's bytes.
    return encoded.slice(Math.ceil((8 * shift) / 6), Math.floor((8 * (shift + bytes.length)) / 6));
  });
}

/** Every form of `secret` the scans look for. */
export function secretForms(secret: string): Record<SecretForm, string[]> {
  const hex = Buffer.from(secret, 'utf8').toString('hex');
  return {
    exact: [secret],
    'percent-encoded': [encodeURIComponent(secret)],
    base64: embeddedBase64(secret, 'base64'),
    base64url: embeddedBase64(secret, 'base64url'),
    hex: [hex, hex.toUpperCase()],
    prefix: secret.length > PREFIX_LENGTH ? [secret.slice(0, PREFIX_LENGTH)] : [],
  };
}

/**
 * The secrets found in `haystack`, as "label (form)": as written, percent-encoded (a URL or form), base64 or
 * base64url (at any alignment), hex, or only their first PREFIX_LENGTH characters. `forms` narrows the search.
 */
export function leaksIn(
  haystack: string | Buffer,
  secrets: ReadonlyMap<string, string>,
  forms: readonly SecretForm[] = SECRET_FORMS,
): string[] {
  const found: string[] = [];
  for (const [label, secret] of secrets) {
    const all = secretForms(secret);
    for (const form of forms) {
      if (all[form].some((encoded) => haystack.includes(encoded))) found.push(`${label} (${form})`);
    }
  }
  return found;
}
