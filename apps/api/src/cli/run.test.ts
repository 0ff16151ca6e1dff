import { describe, expect, it } from 'vitest';

import { COMMANDS } from './commands/index.js';
import { runHub } from './test-support/run-hub.js';

/** The command line itself: help, and every way to get it wrong. None of these reach a database. */
describe('hub help', () => {
  it('lists every command on stdout for `help`, `--help` and `-h`', async () => {
    for (const argv of [['help'], ['--help'], ['-h']]) {
      const run = await runHub(argv);
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      for (const command of COMMANDS) expect(run.stdout).toContain(`  ${command.name} `);
      expect(run.stdout).toContain('DATABASE_URL');
    }
  });

  it('shows a command’s options and examples for `<command> --help` and `help <command>`', async () => {
    const viaFlag = await runHub(['api-key', 'create', '--help']);
    const viaHelp = await runHub(['help', 'api-key', 'create']);
    expect(viaFlag.code).toBe(0);
    expect(viaHelp.stdout).toBe(viaFlag.stdout);
    expect(viaFlag.stdout).toMatch(
      /^Usage: pnpm --filter @hub\/api hub api-key create --workspace <id\|name> --name <name> \[options\]/,
    );
    expect(viaFlag.stdout).toContain('--role <admin|member>');
    expect(viaFlag.stdout).toContain('Examples:');
    expect(viaFlag.stdout).toContain('| tail -n1');
  });

  it('gives every command a description, examples and described options', async () => {
    for (const command of COMMANDS) {
      const run = await runHub([...command.name.split(' '), '--help']);
      expect(run.code, command.name).toBe(0);
      expect(command.examples.length, command.name).toBeGreaterThan(0);
      for (const example of command.examples) expect(example).toContain('hub');
      for (const name of Object.keys(command.options)) expect(run.stdout).toContain(`--${name}`);
    }
  });

  it('lists a group’s subcommands for `workspace --help`', async () => {
    const run = await runHub(['workspace', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('workspace create');
    expect(run.stdout).toContain('workspace list');
  });
});

describe('hub command-line mistakes (exit 2, one line on stderr, nothing on stdout)', () => {
  const cases: { argv: string[]; message: string }[] = [
    { argv: ['frobnicate'], message: 'Unknown command "frobnicate". See `hub help`.' },
    { argv: ['migrat'], message: 'Unknown command "migrat" (did you mean migrate?). See `hub help`.' },
    {
      argv: ['api-key', 'craete'],
      message: 'Unknown command "api-key craete" (did you mean api-key create?). See `hub api-key --help`.',
    },
    {
      argv: ['workspace'],
      message: '`hub workspace` needs a subcommand: create, list. See `hub workspace --help`.',
    },
    {
      argv: ['api-key', 'list', '--worksapce', 'Acme'],
      message:
        'Unknown option --worksapce for `hub api-key list` (did you mean --workspace?). See `hub api-key list --help`.',
    },
    {
      argv: ['api-key', 'create', '--workspace', 'Acme'],
      message: 'Missing --name <name>. See `hub api-key create --help`.',
    },
    {
      argv: ['api-key', 'create', '--workspace', 'Acme', '--name'],
      message:
        '--name needs a value (to pass one starting with a dash, write --name=-value). See `hub api-key create --help`.',
    },
    {
      argv: ['api-key', 'create', '--workspace', 'Acme', '--name', 'ci', '--role', 'owner'],
      message: '--role must be admin or member, got "owner". See `hub api-key create --help`.',
    },
    {
      argv: ['api-key', 'create', '--workspace', 'Acme', '--name', 'ci', '--expires-in-days', '0'],
      message:
        '--expires-in-days must be a whole number from 1 to 3650, got "0". See `hub api-key create --help`.',
    },
    {
      argv: [
        'user',
        'create',
        '--workspace',
        'Acme',
        '--email',
        'not-an-email',
        '--name',
        'X',
        '--role',
        'member',
      ],
      message: '--email must be an email address, got "not-an-email". See `hub user create --help`.',
    },
    {
      argv: ['workspace', 'create', '--name', '', '--owner', 'ada@acme.com'],
      message: '--name must not be empty. See `hub workspace create --help`.',
    },
    {
      argv: ['workspace', 'list', 'extra'],
      message:
        'Unexpected argument extra for `hub workspace list` (values go after their option, e.g. --name "My name"). See `hub workspace list --help`.',
    },
    {
      argv: ['workspace', 'list', '--json=yes'],
      message: '--json takes no value. See `hub workspace list --help`.',
    },
    { argv: ['help', 'nothing'], message: 'Unknown command "nothing". See `hub help`.' },
  ];

  it.each(cases)('hub $argv', async ({ argv, message }) => {
    const run = await runHub(argv);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`error: ${message}\n`);
  });

  it('prints the overview on stderr and exits 2 when no command is given', async () => {
    const run = await runHub([]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Commands:');
  });
});

describe('hub database errors (exit 1, one line, no credentials)', () => {
  it('says PostgreSQL cannot be reached, without the password in DATABASE_URL', async () => {
    const run = await runHub(['workspace', 'list'], {
      env: { DATABASE_URL: 'postgres://hub:s3cret-pw@127.0.0.1:1/hub' },
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'error: Cannot reach PostgreSQL at 127.0.0.1:1/hub: check that it is running and that DATABASE_URL is right.\n',
    );
    expect(run.logs).not.toContain('s3cret-pw');
  });

  it('names a DATABASE_URL that is not a PostgreSQL URL', async () => {
    const run = await runHub(['migrate'], { env: { DATABASE_URL: 'mysql://localhost/hub' } });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('error: DATABASE_URL: must be a postgres:// or postgresql:// connection URL\n');
  });
});
