import { migrate } from '../../db/migrate.js';
import { defineCommand } from '../command.js';

export const migrateCommand = defineCommand({
  name: 'migrate',
  summary: 'apply pending database migrations',
  description:
    'Applies the SQL migrations in apps/api/drizzle that the database lacks, then exits. Safe to repeat, and ' +
    'safe while other processes migrate the same PostgreSQL (they wait on an advisory lock). The API also ' +
    'migrates when it starts. Reads only DATABASE_URL and DATA_DIR.',
  options: {},
  examples: [
    'pnpm --filter @hub/api hub migrate',
    'DATABASE_URL=postgres://hub@db.internal:5432/hub pnpm --filter @hub/api hub migrate',
  ],
  async run(context) {
    const database = await context.database();
    context.note(`Migrating ${context.describeDatabase()} …`);
    await migrate(database);
    context.print(`Migrations applied to ${context.describeDatabase()}.`);
  },
});
