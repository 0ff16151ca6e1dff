import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { build as prettyStream } from 'pino-pretty';

export type { Logger } from 'pino';

// Field names that carry a secret wherever they appear. pino's redaction works on paths, so each name is listed
// at the top level and one or two levels down (`*.x`, `*.*.x`): deep wildcards would cost on every log call.
const SECRET_FIELDS = [
  'access_token',
  'accessToken',
  'refresh_token',
  'refreshToken',
  'client_secret',
  'clientSecret',
  'password',
  'newPassword',
  'currentPassword',
  'token',
  'apiKey',
  'api_key',
  'key',
  'secret',
  'authorization',
  'cookie',
  'set-cookie',
  'accessTokenEnc',
  'refreshTokenEnc',
  'access_token_enc',
  'refresh_token_enc',
];

const HEADER_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.Authorization',
  'headers.cookie',
  'headers["x-api-key"]',
  'headers["set-cookie"]',
];

const quote = (field: string) => (/^[A-Za-z_$][\w$]*$/.test(field) ? field : `["${field}"]`);
const join = (prefix: string, field: string) => {
  const part = quote(field);
  return part.startsWith('[') ? `${prefix}${part}` : `${prefix}.${part}`;
};

export const REDACT_PATHS: readonly string[] = [
  ...HEADER_PATHS,
  ...SECRET_FIELDS.flatMap((field) => [quote(field), join('*', field), join('*.*', field)]),
];

export interface CreateLoggerOptions {
  level?: LoggerOptions['level'];
  /** Tests pass a stream to read what was logged. */
  destination?: DestinationStream;
  /**
   * One readable line per entry (time, level, message, then the fields) instead of JSON, for a person at a
   * terminal. Redaction happens before either format is written.
   */
  pretty?: boolean;
}

export function createLogger({
  level = 'info',
  destination,
  pretty = false,
}: CreateLoggerOptions = {}): Logger {
  const options: LoggerOptions = {
    level,
    redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
    base: { service: 'hub-api' },
  };
  if (!pretty) return destination === undefined ? pino(options) : pino(options, destination);
  // In this thread, synchronously: a demo's few lines do not need pino's worker transport, and lines written
  // just before an exit are not lost.
  const output = prettyStream({
    destination: destination ?? 1,
    sync: true,
    colorize: destination === undefined && process.stdout.isTTY,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,service',
  });
  return pino(options, output);
}
