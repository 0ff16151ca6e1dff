import { pino } from 'pino';

import { createLogger } from '../logger.js';
import { readHiddenLine } from './prompt.js';
import { runCli } from './run.js';

/**
 * `pnpm --filter @hub/api hub <command>`: the operator CLI. Results go to stdout, logs (pino, warn unless
 * LOG_LEVEL says otherwise) and progress to stderr, so scripts can read stdout alone.
 */
const LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);
const requested = process.env.LOG_LEVEL ?? '';
const logger = createLogger({
  level: LEVELS.has(requested) ? requested : 'warn',
  destination: pino.destination({ fd: 2, sync: true }),
});

// `hub workspace list | head -1` closes the pipe early: not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

try {
  process.exitCode = await runCli(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    interactive: process.stdin.isTTY,
    readSecret: (prompt) => readHiddenLine(prompt, process.stdin, process.stderr),
    logger,
  });
} catch (error) {
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
