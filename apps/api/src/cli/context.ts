import { resolveAuthSecret } from '../auth/secret.js';
import { createAuthService, type AuthService } from '../auth/service.js';
import { loadKeyring } from '../connections/key-source.js';
import type { Keyring } from '../connections/keyring.js';
import { TokenCipher } from '../connections/token-cipher.js';
import type { Database } from '../db/client.js';
import { loadEnv, type Env } from '../env.js';
import type { Logger } from '../logger.js';
import { databaseTarget, describeTarget, openDatabase, type DatabaseTarget } from './database.js';

export interface Output {
  write(text: string): unknown;
}

/** The process around a command; tests pass their own. */
export interface CliIo {
  stdout: Output;
  stderr: Output;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** stdin is a terminal, so a missing password may be asked for. */
  interactive: boolean;
  /** Asks on the terminal without echoing the answer. */
  readSecret(prompt: string): Promise<string>;
}

export interface CliDeps extends CliIo {
  logger: Logger;
  /** An open database to use instead of DATABASE_URL / DATA_DIR; the caller keeps it (it is not closed). */
  database?: Database;
}

/** What a command works with. Everything expensive is opened on first use and closed after the command. */
export interface CommandContext {
  /** A result line, on stdout: what scripts read. */
  print(line: string): void;
  /** Progress and advice, on stderr. */
  note(line: string): void;
  io: CliIo;
  logger: Logger;
  database(): Promise<Database>;
  describeDatabase(): string;
  /** The server's whole configuration (loadEnv); throws ConfigErrors naming what to fix. */
  config(): Env;
  auth(): Promise<AuthService>;
  cipher(): Promise<TokenCipher>;
  /** A value that must never be printed (a password read for this run): error output is scrubbed of it. */
  addSecret(value: string): void;
}

export interface ContextHandle {
  context: CommandContext;
  secrets(): string[];
  /** DATABASE_URL when the command uses PostgreSQL, for error messages (host and database only). */
  databaseUrl(): string | undefined;
  close(): Promise<void>;
}

export function createCommandContext(deps: CliDeps): ContextHandle {
  const { logger } = deps;
  const secrets = new Set<string>(envSecrets(deps.env));
  let target: DatabaseTarget | undefined;
  let opened: Promise<Database> | undefined;
  let env: Env | undefined;
  let keyring: Promise<Keyring> | undefined;
  let auth: Promise<AuthService> | undefined;

  const getTarget = () => (target ??= databaseTarget(deps.env, deps.cwd));
  const config = () => (env ??= loadEnv(deps.env, deps.cwd));
  const database = () =>
    (opened ??= deps.database === undefined ? openDatabase(getTarget()) : Promise.resolve(deps.database));
  const getKeyring = () => (keyring ??= loadKeyring(config(), logger));

  const context: CommandContext = {
    print: (line) => deps.stdout.write(`${line}\n`),
    note: (line) => deps.stderr.write(`${line}\n`),
    io: deps,
    logger,
    database,
    describeDatabase: () =>
      deps.database === undefined ? describeTarget(getTarget()) : 'the given database',
    config,
    auth: () =>
      (auth ??= (async () => {
        const settings = config();
        // The server's own secret (AUTH_SECRET, else derived from the active token key), so nothing the CLI
        // writes differs from what the server would have written.
        const secret = settings.authSecret ?? resolveAuthSecret(undefined, await getKeyring());
        return createAuthService({
          db: (await database()).db,
          secret,
          baseURL: settings.publicUrl,
          logger,
          rateLimitStorage: 'memory',
        });
      })()),
    cipher: async () => new TokenCipher(await getKeyring()),
    addSecret: (value) => secrets.add(value),
  };

  return {
    context,
    secrets: () => [...secrets],
    databaseUrl: () => {
      try {
        const current = getTarget();
        return current.kind === 'postgres' ? current.url : undefined;
      } catch {
        return undefined;
      }
    },
    close: async () => {
      if (opened === undefined || deps.database !== undefined) return;
      const handle = await opened.catch(() => undefined);
      await handle?.close();
    },
  };
}

/** Values in the environment that must never appear in output, even inside a library's error message. */
function envSecrets(env: NodeJS.ProcessEnv): string[] {
  const values = [
    env.DATABASE_URL,
    env.AUTH_SECRET,
    env.HUB_USER_PASSWORD,
    env.ADMIN_PASSWORD,
    env.ATLASSIAN_CLIENT_SECRET,
    ...(env.TOKEN_ENCRYPTION_KEYS ?? '').split(',').map((entry) => entry.split(':')[1]?.trim()),
  ];
  return values.filter((value): value is string => value !== undefined && value !== '');
}
