/**
 * For tests whose guarantee only a PostgreSQL server can show: several API processes on one database, row locks
 * that block, connections killed or refused. PGlite serves one process and never blocks.
 *
 * With DATABASE_URL set they run. Without it they are skipped with a loud warning on a developer's machine; in
 * CI (CI=true) a missing server is a failure, unless the run says it is the PGlite pass on purpose
 * (HUB_TEST_DATABASE=pglite, as .ci/run's second API pass does), because a skipped guarantee is an untested one.
 */
export const POSTGRES_URL: string | undefined =
  process.env.DATABASE_URL !== undefined && process.env.DATABASE_URL !== ''
    ? process.env.DATABASE_URL
    : undefined;

export function postgresSkipReason(what: string): string | null {
  if (POSTGRES_URL !== undefined) return null;
  if (process.env.CI === 'true' && process.env.HUB_TEST_DATABASE !== 'pglite') {
    throw new Error(
      `${what} needs PostgreSQL and CI must run it: set DATABASE_URL (or HUB_TEST_DATABASE=pglite for a ` +
        'deliberate PGlite-only pass).',
    );
  }
  const reason = `SKIPPED without PostgreSQL: ${what}. Set DATABASE_URL=postgres://… to run it.`;
  console.warn(`\n⚠ ${reason}\n`);
  return reason;
}
