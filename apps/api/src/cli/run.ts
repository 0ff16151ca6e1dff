import { logSafeError } from '../http/log-safe-error.js';
import { closest, parseCommandArgs, type Command } from './command.js';
import { COMMANDS } from './commands/index.js';
import { createCommandContext, type CliDeps } from './context.js';
import { describeError, scrubSecrets, UsageError } from './errors.js';
import { commandHelp, generalHelp, groupHelp } from './help.js';

const HELP_FLAGS = new Set(['--help', '-h']);

type Resolved =
  | { kind: 'command'; command: Command; args: string[] }
  | { kind: 'group'; group: string; commands: Command[]; args: string[] };

/**
 * Runs one `hub` invocation and returns the exit status: 0 done, 1 failed, 2 bad command line. Output goes
 * through `deps` (results on stdout, everything else on stderr); nothing here touches `process`.
 */
export async function runCli(argv: readonly string[], deps: CliDeps): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    deps.stderr.write(generalHelp(COMMANDS));
    return 2;
  }
  try {
    if (first === 'help' || HELP_FLAGS.has(first)) {
      deps.stdout.write(helpFor(rest.filter((word) => !word.startsWith('-'))));
      return 0;
    }
    const resolved = resolve(argv);
    if (resolved.kind === 'group') {
      if (resolved.args.some((arg) => HELP_FLAGS.has(arg))) {
        deps.stdout.write(groupHelp(resolved.group, resolved.commands));
        return 0;
      }
      const names = resolved.commands.map((command) => command.name.split(' ')[1] ?? '').join(', ');
      throw new UsageError(`\`hub ${resolved.group}\` needs a subcommand: ${names}.`, resolved.group);
    }
    const values = parseCommandArgs(resolved.command, resolved.args);
    if (values === null) {
      deps.stdout.write(commandHelp(resolved.command));
      return 0;
    }
    return await execute(resolved.command, values, deps);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    const help = error.command === '' ? '`hub help`' : `\`hub ${error.command} --help\``;
    deps.stderr.write(`error: ${error.message} See ${help}.\n`);
    return error.exitCode;
  }
}

async function execute(
  command: Command,
  values: Record<string, string | boolean | undefined>,
  deps: CliDeps,
): Promise<number> {
  const handle = createCommandContext(deps);
  try {
    await command.run(handle.context, values as never);
    return 0;
  } catch (error) {
    // Option values checked inside the command: reported like any other bad command line, by runCli.
    if (error instanceof UsageError) throw error;
    const described = describeError(error, handle.databaseUrl());
    if (described.unexpected) deps.logger.debug({ error: logSafeError(error) }, `hub ${command.name} failed`);
    deps.stderr.write(`error: ${scrubSecrets(described.message, handle.secrets())}\n`);
    return described.exitCode;
  } finally {
    await handle.close().catch((error: unknown) => {
      deps.logger.warn({ error: logSafeError(error) }, 'closing the database failed');
    });
  }
}

/** The command named by the leading words of argv (`api-key create …`), or its group when only that is given. */
function resolve(argv: readonly string[]): Resolved {
  const [first = '', second] = argv;
  const single = COMMANDS.find((command) => command.name === first);
  if (single !== undefined) return { kind: 'command', command: single, args: argv.slice(1) };
  const group = COMMANDS.filter((command) => command.name.startsWith(`${first} `));
  if (group.length === 0) {
    const words = [...new Set(COMMANDS.map((command) => command.name.split(' ')[0] ?? ''))];
    const hint = closest(first, [...words, 'help']);
    throw new UsageError(
      `Unknown command "${first}"${hint === undefined ? '' : ` (did you mean ${hint}?)`}.`,
    );
  }
  const command = group.find((candidate) => candidate.name === `${first} ${second ?? ''}`);
  if (command !== undefined) return { kind: 'command', command, args: argv.slice(2) };
  if (second === undefined || second.startsWith('-')) {
    return { kind: 'group', group: first, commands: group, args: argv.slice(1) };
  }
  const subcommands = group.map((candidate) => candidate.name.split(' ')[1] ?? '');
  const hint = closest(second, subcommands);
  throw new UsageError(
    `Unknown command "${first} ${second}"${hint === undefined ? '' : ` (did you mean ${first} ${hint}?)`}.`,
    first,
  );
}

function helpFor(words: string[]): string {
  if (words.length === 0) return generalHelp(COMMANDS);
  const resolved = resolve(words);
  if (resolved.kind === 'group') return groupHelp(resolved.group, resolved.commands);
  if (resolved.args.length > 0) throw new UsageError(`Unknown command "${words.join(' ')}".`);
  return commandHelp(resolved.command);
}
