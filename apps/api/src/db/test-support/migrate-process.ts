/**
 * A stand-in API start-up for client.test.ts: connects to every database of MIGRATE_DATABASE_URLS (comma
 * separated), prints "ready", then for each line "go <index>" on stdin runs migrate() on that database and prints
 * one JSON line `{ index, error }` (error null when it succeeded). The parent writes "go" to all its children at
 * once, so they migrate the same fresh database together.
 *
 * Run: node --conditions=@hub/source --import tsx migrate-process.ts (env: MIGRATE_DATABASE_URLS).
 */
import { createInterface } from 'node:readline';

import { sql } from 'drizzle-orm';

import { createDatabase } from '../client.js';
import { migrate } from '../migrate.js';

const urls = (process.env.MIGRATE_DATABASE_URLS ?? '').split(',').filter((url) => url !== '');
if (urls.length === 0) throw new Error('MIGRATE_DATABASE_URLS is required');

const databases = await Promise.all(urls.map((url) => createDatabase({ url, poolMax: 1 })));
// Connected before "go": the children then race on the migration, not on connecting.
await Promise.all(databases.map((database) => database.db.execute(sql`select 1`)));
process.stdout.write('ready\n');

let remaining = databases.length;
const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  const index = Number(/^go (\d+)$/.exec(line.trim())?.[1] ?? Number.NaN);
  const database = databases[index];
  if (database === undefined) continue;
  let error: string | null = null;
  try {
    await migrate(database);
  } catch (caught) {
    error = String(caught);
  }
  process.stdout.write(`${JSON.stringify({ index, error })}\n`);
  remaining -= 1;
  if (remaining === 0) break;
}
lines.close();
await Promise.all(databases.map((database) => database.close()));
