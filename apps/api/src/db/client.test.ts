import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';

import { insertWorkspace } from '../test-support/fixtures.js';
import { adminQuery, databaseUrl, dropDatabase, randomDatabaseName } from '../test-support/template.js';
import { createDatabase } from './client.js';
import { migrate } from './migrate.js';
import { organization } from './schema/index.js';

const baseUrl = process.env.DATABASE_URL;

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

  it.runIf(baseUrl)('lets several processes migrate one PostgreSQL database at once', async () => {
    const url = baseUrl ?? '';
    const name = randomDatabaseName('hub_test_migrate');
    await adminQuery(url, `create database ${name}`);
    try {
      const handles = await Promise.all([1, 2, 3].map(() => createDatabase({ url: databaseUrl(url, name) })));
      expect(handles.every((h) => h.kind === 'postgres')).toBe(true);
      await Promise.all(handles.map((h) => migrate(h)));
      const [first] = handles;
      if (first === undefined) throw new Error('no handle');
      await insertWorkspace(first.db);
      await Promise.all(handles.map((h) => h.close()));
    } finally {
      await dropDatabase(url, name);
    }
  });
});
