import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';

import { insertWorkspace } from '../test-support/fixtures.js';
import { POSTGRES_URL, postgresSkipReason } from '../test-support/postgres-only.js';
import { adminQuery, databaseUrl, dropDatabase, randomDatabaseName } from '../test-support/template.js';
import { createDatabase } from './client.js';
import { migrate, MIGRATIONS_FOLDER } from './migrate.js';
import { organization } from './schema/index.js';

const SKIP_REASON = postgresSkipReason(
  'several processes migrating one database (PGlite serves one process)',
);
const CHILD = path.join(import.meta.dirname, 'test-support', 'migrate-process.ts');
const API_DIR = path.resolve(import.meta.dirname, '..', '..');
const CHILDREN = 3;
const ROUNDS = 3;

interface MigrateResult {
  index: number;
  error: string | null;
}

interface MigrateChild {
  ready: Promise<void>;
  go: (index: number) => void;
  /** The child's next JSON line. */
  result: () => Promise<MigrateResult>;
  exited: Promise<number | null>;
  kill: () => void;
}

/** The `when` of every committed migration, in order: one drizzle.__drizzle_migrations row each. */
function journalMillis(): number[] {
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as {
    entries: { when: number }[];
  };
  return journal.entries.map((e) => e.when);
}

/** A real process (node + tsx, like an API start-up) that migrates each of `urls` when told to. */
function startMigrateChild(urls: string[]): MigrateChild {
  const child = spawn(process.execPath, ['--conditions=@hub/source', '--import', 'tsx', CHILD], {
    cwd: API_DIR,
    env: { ...process.env, MIGRATE_DATABASE_URLS: urls.join(',') },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<string> => {
    const line = await Promise.race([
      lines.next(),
      exited.then((code) => {
        throw new Error(`migrate process exited (${String(code)}): ${stderr}`);
      }),
    ]);
    if (line.done === true) throw new Error(`migrate process closed its output: ${stderr}`);
    return line.value;
  };
  return {
    ready: next().then((line) => {
      if (line !== 'ready') throw new Error(`migrate process: unexpected "${line}": ${stderr}`);
    }),
    go: (index) => child.stdin.write(`go ${index}\n`),
    result: async () => JSON.parse(await next()) as MigrateResult,
    exited,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

describe('createDatabase', () => {
  it('persists the embedded PGlite database in the data directory across restarts', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'hub-pglite-'));
    try {
      const first = await createDatabase({ dataDir });
      expect(first.kind).toBe('pglite');
      await migrate(first);
      const id = await insertWorkspace(first.db, 'Persisted');
      await first.close();

      const second = await createDatabase({ dataDir });
      await migrate(second); // nothing left to apply
      const rows = await second.db.select().from(organization).where(eq(organization.id, id));
      expect(rows.map((r) => r.name)).toEqual(['Persisted']);
      await second.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('lets several processes migrate one fresh PostgreSQL database at once', async (ctx) => {
    if (SKIP_REASON !== null || POSTGRES_URL === undefined) {
      ctx.skip(SKIP_REASON ?? 'no PostgreSQL');
      return;
    }
    const baseUrl = POSTGRES_URL;
    // Each round is a fresh database that every child migrates at the same moment: more rounds, more chances for
    // an unserialized migration to collide (two CREATE TABLE "user", two rows per migration).
    const names = Array.from({ length: ROUNDS }, () => randomDatabaseName('hub_test_migrate'));
    const children: MigrateChild[] = [];
    try {
      for (const name of names) await adminQuery(baseUrl, `create database ${name}`);
      const urls = names.map((name) => databaseUrl(baseUrl, name));
      for (let i = 0; i < CHILDREN; i += 1) children.push(startMigrateChild(urls));
      await Promise.all(children.map((c) => c.ready));

      for (const [index, url] of urls.entries()) {
        for (const c of children) c.go(index);
        const results = await Promise.all(children.map((c) => c.result()));
        expect(results).toEqual(children.map(() => ({ index, error: null })));

        const database = await createDatabase({ url, poolMax: 1 });
        try {
          if (database.kind !== 'postgres') throw new Error('expected PostgreSQL');
          // Every committed migration applied exactly once, in order, and the schema it built is usable.
          const applied = await database.pool.query<{ created_at: string }>(
            'select created_at from drizzle.__drizzle_migrations order by id',
          );
          expect(applied.rows.map((r) => Number(r.created_at))).toEqual(journalMillis());
          await insertWorkspace(database.db);
        } finally {
          await database.close();
        }
      }
      expect(await Promise.all(children.map((c) => c.exited))).toEqual(children.map(() => 0));
    } finally {
      for (const c of children) c.kill();
      await Promise.all(children.map((c) => c.exited));
      for (const name of names) await dropDatabase(baseUrl, name);
    }
  }, 90_000);
});
