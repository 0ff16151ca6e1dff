import { parseArgs, type ParseArgsConfig } from 'node:util';

import type { CommandContext } from './context.js';
import { UsageError } from './errors.js';

export interface OptionSpec {
  type: 'string' | 'boolean';
  /** Placeholder shown in help, e.g. `<email>` (string options). */
  value?: string;
  description: string;
  required?: boolean;
}

export type OptionSpecs = Record<string, OptionSpec>;

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;
type RawValues = Record<string, string | boolean | undefined>;

/** Parsed values, typed from the specs: required strings are strings, booleans default to false. */
export type OptionValues<O extends OptionSpecs> = {
  [K in keyof O]: O[K] extends { type: 'boolean' }
    ? boolean
    : O[K] extends { required: true }
      ? string
      : string | undefined;
};

export interface Command<O extends OptionSpecs = OptionSpecs> {
  /** The words that select it: `api-key create`. */
  name: string;
  /** One line for the command list. */
  summary: string;
  /** A paragraph for `--help`. */
  description: string;
  options: O;
  examples: string[];
  run(context: CommandContext, values: OptionValues<O>): Promise<void>;
}

export function defineCommand<const O extends OptionSpecs>(command: Command<O>): Command {
  return command;
}

const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const satisfies ParseArgsOptionsConfig;

/**
 * node:util parseArgs in strict mode, with messages in our words: every problem names the option and points at the
 * command's help. Returns null when help was asked for.
 */
export function parseCommandArgs(command: Command, args: string[]): RawValues | null {
  const config: ParseArgsOptionsConfig = { ...HELP_OPTION };
  for (const [name, spec] of Object.entries(command.options)) config[name] = { type: spec.type };
  let values: RawValues;
  try {
    // No option is `multiple`, so no value is an array.
    values = parseArgs({ args, options: config, strict: true, allowPositionals: false }).values as RawValues;
  } catch (error) {
    throw toUsageError(command, error);
  }
  if (values.help === true) return null;
  const result: RawValues = {};
  for (const [name, spec] of Object.entries(command.options)) {
    const value = values[name];
    if (spec.type === 'boolean') {
      result[name] = value === true;
      continue;
    }
    if (typeof value === 'string' && value.trim() === '') {
      throw new UsageError(`--${name} must not be empty.`, command.name);
    }
    if (value === undefined && spec.required === true) {
      throw new UsageError(`Missing --${name} ${spec.value ?? '<value>'}.`, command.name);
    }
    result[name] = value;
  }
  return result;
}

function toUsageError(command: Command, error: unknown): UsageError {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  const quoted = /'([^' ]+)/.exec(message)?.[1] ?? '';
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const known = ['help', ...Object.keys(command.options)].map((name) => `--${name}`);
      const hint = closest(quoted, known);
      return new UsageError(
        `Unknown option ${quoted} for \`hub ${command.name}\`${hint === undefined ? '' : ` (did you mean ${hint}?)`}.`,
        command.name,
      );
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return new UsageError(
        /does not take an argument/.test(message)
          ? `${quoted} takes no value.`
          : `${quoted} needs a value (to pass one starting with a dash, write ${quoted}=-value).`,
        command.name,
      );
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return new UsageError(
        `Unexpected argument ${quoted} for \`hub ${command.name}\` (values go after their option, e.g. --name "My name").`,
        command.name,
      );
    default:
      return new UsageError(message, command.name);
  }
}

/** The candidate within edit distance 2 of `input`, if any: catches typos like --worksapce. */
export function closest(input: string, candidates: readonly string[]): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(input, candidate);
    if (distance <= 2 && (best === undefined || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
