import { sqlState } from '../db/errors.js';

/**
 * What to log of an unexpected error: name, SQLSTATE and the innermost message — but never a drizzle
 * "Failed query" message, which lists the statement's parameters (session tokens, token envelopes).
 */
export function logSafeError(error: unknown): {
  name: string;
  sqlState?: string;
  message?: string;
  stack?: string;
} {
  let innermost: unknown = error;
  while (innermost instanceof Error && innermost.cause instanceof Error) innermost = innermost.cause;
  const message = innermost instanceof Error ? innermost.message : String(innermost);
  const safe: { name: string; sqlState?: string; message?: string; stack?: string } = {
    name: error instanceof Error ? error.name : typeof error,
  };
  const state = sqlState(error);
  if (state !== undefined) safe.sqlState = state;
  if (!/failed query/i.test(message)) {
    safe.message = message.slice(0, 500);
    // A stack names code locations only; kept for errors whose message is safe too.
    if (innermost instanceof Error && innermost.stack !== undefined) safe.stack = innermost.stack;
  }
  return safe;
}
