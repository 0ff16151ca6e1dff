/** The SQLSTATE of a database error (23505 unique violation, 23514 check violation…), through drizzle's wrapping. */
export function sqlState(error: unknown): string | undefined {
  for (let current = error; current instanceof Error; current = current.cause) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}
