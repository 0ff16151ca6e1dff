import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { TestProject } from 'vitest/node';

import { buildPgliteTemplate, buildPostgresTemplate, dropDatabase } from './template.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Path of a PGlite dump of the migrated schema (PGlite runs). */
    pgliteTemplatePath?: string;
    /** Name of a migrated template database on DATABASE_URL's server (PostgreSQL runs). */
    postgresTemplate?: string;
  }
}

/** Vitest global setup: migrate once per run, before any test file starts. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const baseUrl = process.env.DATABASE_URL;
  if (baseUrl !== undefined && baseUrl !== '') {
    const template = await buildPostgresTemplate(baseUrl);
    project.provide('postgresTemplate', template);
    return () => dropDatabase(baseUrl, template);
  }
  console.warn(
    '\n⚠ DATABASE_URL is not set: the API suite runs on embedded PGlite, and the tests that need a PostgreSQL\n' +
      '  server (several API processes, row locks, database outages) are SKIPPED — each says so below.\n' +
      '  Set DATABASE_URL=postgres://user@host:5432/db to run them (CI does).\n',
  );
  const dir = await mkdtemp(path.join(tmpdir(), 'hub-api-test-'));
  const file = path.join(dir, 'template.tar');
  const dump = await buildPgliteTemplate();
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplatePath', file);
  return () => rm(dir, { recursive: true, force: true });
}
