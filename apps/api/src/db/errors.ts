/** The SQLSTATE of a database error (23505 unique violation, 23514 check violation…), through drizzle's wrapping. */
export function sqlState(error: unknown): string | undefined {
  for (let current = error; current instanceof Error; current = current.cause) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

// Socket-level failures of node-postgres (error.code), SQLSTATEs of a server going away or refusing work, and the
// messages pg and PGlite use for a connection that is gone. Anything else is the query's own fault.
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const UNAVAILABLE_STATES = /^(08...|57P0[1-3]|53300|53400)$/;
const GONE_MESSAGES =
  /connection terminated|timeout exceeded when trying to connect|not queryable|pool after calling end|pglite is closed|connection refused/i;

/**
 * Whether a failure means the database cannot be reached right now (server down, refusing connections, a
 * connection killed), as opposed to a bad query. Callers answer 503 UNAVAILABLE for these: retrying later helps.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error; current instanceof Error; current = current.cause) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (UNREACHABLE_CODES.has(code) || UNAVAILABLE_STATES.test(code)))
      return true;
    // drizzle's own "Failed query: …" wrapper quotes parameters: judge only the driver's error beneath it.
    if (!current.message.startsWith('Failed query') && GONE_MESSAGES.test(current.message)) return true;
    // AggregateError: `connect ECONNREFUSED` for each address of localhost.
    if (current instanceof AggregateError && current.errors.some((inner) => isDatabaseUnavailable(inner)))
      return true;
  }
  return false;
}
