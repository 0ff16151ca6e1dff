import { AuthError } from '../auth/errors.js';
import { ConfigError, ConfigErrors } from '../config-error.js';
import { sqlState } from '../db/errors.js';
import { HubError } from '../errors.js';
import { logSafeError } from '../http/log-safe-error.js';

/** A failure the operator can act on; the message says what to do next. Exit code 1 unless said otherwise. */
export class CliError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** Bad command line: unknown command or option, missing or invalid value. Exit code 2. */
export class UsageError extends CliError {
  /** The command whose help to point at, e.g. `api-key create`; empty for the top level. */
  readonly command: string;

  constructor(message: string, command = '') {
    super(message, 2);
    this.name = 'UsageError';
    this.command = command;
  }
}

export interface DescribedError {
  message: string;
  exitCode: number;
  /** Unexpected: worth logging with details (at debug level, to stderr). */
  unexpected: boolean;
}

/**
 * What to tell the operator about a failure: one line (ConfigErrors: one line per problem) that says what to do,
 * never a stack trace. Unknown errors show only their innermost message, and not even that when it is a drizzle
 * "Failed query" text, which lists the statement's parameters.
 */
export function describeError(error: unknown, databaseUrl?: string): DescribedError {
  if (error instanceof CliError)
    return { message: error.message, exitCode: error.exitCode, unexpected: false };
  if (error instanceof ConfigErrors || error instanceof ConfigError || error instanceof AuthError) {
    return { message: error.message, exitCode: 1, unexpected: false };
  }
  if (error instanceof HubError) return { message: error.message, exitCode: 1, unexpected: false };
  const known = databaseMessage(sqlState(error), databaseUrl);
  if (known !== undefined) return { message: known, exitCode: 1, unexpected: false };
  const safe = logSafeError(error);
  const detail = safe.message === undefined ? safe.name : `${safe.name}: ${firstLine(safe.message)}`;
  return {
    message: `Unexpected error (${detail}). Run again with LOG_LEVEL=debug to log details to stderr.`,
    exitCode: 1,
    unexpected: true,
  };
}

function databaseMessage(code: string | undefined, databaseUrl: string | undefined): string | undefined {
  const where = databaseUrl === undefined ? 'the database' : `PostgreSQL at ${describeUrl(databaseUrl)}`;
  switch (code) {
    case '42P01': // undefined_table
    case '42703': // undefined_column
      return 'The database schema is missing or out of date: run `hub migrate` first (the API also migrates when it starts).';
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
      return `Cannot reach ${where}: check that it is running and that DATABASE_URL is right.`;
    case '28P01': // invalid_password
    case '28000': // invalid_authorization_specification
      return `${where} refused the user or password in DATABASE_URL: fix DATABASE_URL.`;
    case '3D000': // invalid_catalog_name
      return `The database named in DATABASE_URL does not exist on ${where}: create it, or fix DATABASE_URL.`;
    case '57P03': // cannot_connect_now
      return `${where} is starting up or shutting down: try again in a moment.`;
    default:
      return undefined;
  }
}

/** host:port/database of a connection URL, without the user or password. */
export function describeUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    return `${url.hostname}:${url.port === '' ? '5432' : url.port}${url.pathname}`;
  } catch {
    return 'DATABASE_URL';
  }
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

/**
 * Last line of defence for anything printed: known secret values (passwords given to this run, DATABASE_URL,
 * keys) become [redacted], and so does the password part of any URL.
 */
export function scrubSecrets(text: string, secrets: Iterable<string>): string {
  let result = text.replace(/(\/\/[^/\s:@]+:)[^@\s/]+@/g, '$1[redacted]@');
  for (const secret of secrets) {
    if (secret.length >= 4) result = result.split(secret).join('[redacted]');
  }
  return result;
}
