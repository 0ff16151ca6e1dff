import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { Database } from '../../db/client.js';
import { createLogger } from '../../logger.js';
import { runCli } from '../run.js';

export const TEST_AUTH_SECRET = 'test-secret-0123456789-0123456789-abcdef';

export interface HubRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Everything pino logged (at debug and above). */
  logs: string;
  /** stdout's lines, without the empty one after the final newline. */
  lines: string[];
  /** What readSecret was asked. */
  prompts: string[];
}

export interface RunHubOptions {
  database?: Database;
  env?: NodeJS.ProcessEnv;
  /** stdin is a terminal; readSecret answers with these, in order. */
  answers?: string[];
}

/**
 * Runs `hub …` in-process against the given database. The environment is only what the test passes (plus an
 * AUTH_SECRET and a DATA_DIR that does not exist), never the runner's: a test must not reach the repo's .data.
 */
export async function runHub(argv: string[], options: RunHubOptions = {}): Promise<HubRun> {
  let stdout = '';
  let stderr = '';
  let logs = '';
  const prompts: string[] = [];
  const answers = [...(options.answers ?? [])];
  const code = await runCli(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: {
      NODE_ENV: 'test',
      AUTH_SECRET: TEST_AUTH_SECRET,
      DATA_DIR: path.join(tmpdir(), `hub-cli-unused-${randomBytes(4).toString('hex')}`),
      ...options.env,
    },
    cwd: tmpdir(),
    interactive: options.answers !== undefined,
    readSecret: (prompt) => {
      prompts.push(prompt);
      return Promise.resolve(answers.shift() ?? '');
    },
    logger: createLogger({ level: 'debug', destination: { write: (line: string) => (logs += line) } }),
    ...(options.database === undefined ? {} : { database: options.database }),
  });
  const lines = stdout.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return { code, stdout, stderr, logs, lines, prompts };
}
