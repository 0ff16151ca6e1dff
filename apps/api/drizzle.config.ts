import { defineConfig } from 'drizzle-kit';

// `generate` only diffs the TypeScript schema against the snapshots in ./drizzle; it needs no database.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema/index.ts',
  out: './drizzle',
  strict: true,
  verbose: true,
});
