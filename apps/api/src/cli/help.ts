import type { Command } from './command.js';

export const INVOCATION = 'pnpm --filter @hub/api hub';
const WIDTH = 100;

export function generalHelp(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((command) => command.name.length), 'help [command]'.length) + 2;
  return [
    'hub: operator commands for the Integrations Hub API',
    '',
    `Usage: ${INVOCATION} <command> [options]`,
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}${command.summary}`),
    `  ${'help [command]'.padEnd(width)}this text, or a command's options and examples`,
    '',
    'Run `hub <command> --help` for its options and examples.',
    '',
    "Environment (the API server's own, so the CLI works on the server's database):",
    '  DATABASE_URL           PostgreSQL; unset: embedded PGlite in DATA_DIR/pglite, one process at a time,',
    '                         so stop the server first or use DATABASE_URL',
    '  DATA_DIR               default: .data at the monorepo root',
    '  TOKEN_ENCRYPTION_KEYS  rotate-keys re-encrypts under its first key (also derives the auth secret when',
    '                         AUTH_SECRET is unset)',
    '  HUB_USER_PASSWORD      the password for user create and workspace create --create-owner',
    '  LOG_LEVEL              logs go to stderr, at warn unless set; stdout carries only results',
    '',
    'Exit status: 0 done, 1 failed (one line on stderr says what to do), 2 bad command line.',
    '',
  ].join('\n');
}

export function groupHelp(group: string, commands: readonly Command[]): string {
  const width = Math.max(...commands.map((command) => command.name.length)) + 2;
  return [
    `Usage: ${INVOCATION} ${group} <${commands.map((command) => command.name.split(' ')[1]).join('|')}> [options]`,
    '',
    ...commands.map((command) => `  ${command.name.padEnd(width)}${command.summary}`),
    '',
    `Run \`hub ${group} <subcommand> --help\` for its options and examples.`,
    '',
  ].join('\n');
}

export function commandHelp(command: Command): string {
  const options = Object.entries(command.options);
  const required = options
    .filter(([, spec]) => spec.required === true)
    .map(([name, spec]) => `--${name} ${spec.value ?? '<value>'}`);
  const hasOptional = options.some(([, spec]) => spec.required !== true);
  const rows = [
    ...options.map(([name, spec]) => [
      `--${name}${spec.type === 'string' ? ` ${spec.value ?? '<value>'}` : ''}`,
      `${spec.description}${spec.required === true ? ' (required)' : ''}`,
    ]),
    ['-h, --help', 'show this help'],
  ];
  const width = Math.max(...rows.map(([flag]) => (flag ?? '').length)) + 2;
  return [
    `Usage: ${INVOCATION} ${[command.name, ...required, ...(hasOptional ? ['[options]'] : [])].join(' ')}`,
    '',
    ...wrap(command.description, WIDTH),
    '',
    'Options:',
    ...rows.map(([flag, description]) => `  ${(flag ?? '').padEnd(width)}${description ?? ''}`),
    '',
    'Examples:',
    ...command.examples.map((example) => `  ${example}`),
    '',
  ].join('\n');
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}
