import { isDatabaseUnavailable, sqlState } from '../db/errors.js';
import { logSafeError } from '../http/log-safe-error.js';
import type { Logger } from '../logger.js';

type Level = 'debug' | 'info' | 'warn' | 'error';

/**
 * better-auth's logger, bridged to pino with what it must not say removed. Its arguments are errors (whose
 * messages quote a failed statement's parameters: session tokens), strings, and query descriptors whose `where`
 * values are ids and session tokens: errors are reduced to logSafeError, descriptors to the fields they name.
 *
 * A database that cannot be reached is expected from time to time (callers get 503 UNAVAILABLE): its failures are
 * warnings, one line each, and `onDatabaseUnavailable` is told, because better-auth rethrows them as a bare 500.
 * Its "Failed to query …" lines come before the error that explains them, which is judged on its own.
 */
export function betterAuthLogger(logger: Logger | undefined, onDatabaseUnavailable?: () => void) {
  return {
    level: 'warn' as const,
    log: (level: Level, message: string, ...args: unknown[]) => {
      if (logger === undefined) return;
      const errors = args.filter((arg): arg is Error => arg instanceof Error);
      if (errors.length > 0 && errors.every((error) => isDatabaseUnavailable(error))) {
        onDatabaseUnavailable?.();
        logger.warn(
          { component: 'better-auth', sqlState: sqlState(errors[0]) },
          `${message} (database unreachable)`,
        );
        return;
      }
      const effective: Level = level === 'error' && /^Failed to query\b/.test(message) ? 'warn' : level;
      logger[effective]({ component: 'better-auth', args: args.map(safeArg) }, message);
    },
  };
}

function safeArg(arg: unknown): unknown {
  if (arg instanceof Error) return logSafeError(arg);
  if (typeof arg === 'string') return arg.length > 200 ? `${arg.slice(0, 200)}…` : arg;
  if (typeof arg !== 'object' || arg === null) return arg;
  const where = (arg as { where?: unknown }).where;
  const fields = Array.isArray(where)
    ? where
        .map((clause: unknown) => (clause as { field?: unknown } | null)?.field)
        .filter((f) => typeof f === 'string')
    : [];
  return { omitted: 'query descriptor', ...(fields.length > 0 ? { whereFields: fields } : {}) };
}
