import { isDatabaseUnavailable } from '../db/errors.js';
import { databaseUnavailable } from '../errors.js';

export type AuthErrorKind = 'NOT_FOUND' | 'FORBIDDEN' | 'BAD_REQUEST' | 'CONFLICT';

/** A domain error the tRPC layer maps by `kind`. Messages are safe to show: no key material, no passwords. */
export class AuthError extends Error {
  readonly kind: AuthErrorKind;

  constructor(kind: AuthErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AuthError';
    this.kind = kind;
  }
}

/**
 * Maps a better-auth APIError (status 400/401/403/404/422…) onto our kinds, keeping its message, which better-auth
 * writes for users. Anything else — a database error above all, whose message quotes the statement and its
 * parameters (key hashes, ids) — keeps no message of its own: an unreachable database becomes UNAVAILABLE, the
 * rest is returned as is for the caller's generic "internal error" path, which logs it safely.
 */
export function toAuthError(error: unknown, context: string): Error {
  if (error instanceof AuthError) return error;
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof statusCode !== 'number') {
    if (isDatabaseUnavailable(error)) return databaseUnavailable(error);
    return error instanceof Error ? error : new Error(`${context}: unexpected failure`);
  }
  const message = `${context}: ${error instanceof Error ? error.message : String(error)}`;
  switch (statusCode) {
    case 401:
    case 403:
      return new AuthError('FORBIDDEN', message, { cause: error });
    case 404:
      return new AuthError('NOT_FOUND', message, { cause: error });
    case 409:
      return new AuthError('CONFLICT', message, { cause: error });
    default:
      return new AuthError('BAD_REQUEST', message, { cause: error });
  }
}
