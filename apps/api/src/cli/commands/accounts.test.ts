import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';

import { wrapPglite, wrapPool, type Database } from '../../db/client.js';
import { createTestAuthService, signIn } from '../../test-support/auth.js';
import { useTestDatabase } from '../../test-support/database.js';
import { adminQuery, databaseUrl, dropDatabase, randomDatabaseName } from '../../test-support/template.js';
import { runHub } from '../test-support/run-hub.js';

const t = useTestDatabase();
const hub = (argv: string[], options: Parameters<typeof runHub>[1] = {}) =>
  runHub(argv, { database: t.database, ...options });

async function roleOf(email: string, password: string): Promise<string | undefined> {
  const service = createTestAuthService(t.db);
  const cookie = await signIn(service, email, password);
  return (await service.resolveSession(new Headers({ cookie })))?.role;
}

describe('hub workspace create', () => {
  it('creates the owner with --create-owner and prints the workspace id on the last line', async () => {
    const run = await hub(
      [
        'workspace',
        'create',
        '--name',
        'Acme',
        '--owner',
        'Ada@Acme.com',
        '--create-owner',
        '--owner-name',
        'Ada',
      ],
      { env: { HUB_USER_PASSWORD: 'correct horse battery' } },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.lines).toEqual([
      'Created user ada@acme.com.',
      'Created workspace "Acme" owned by ada@acme.com. Its id:',
      expect.stringMatching(/^\S+$/),
    ]);
    expect(await roleOf('ada@acme.com', 'correct horse battery')).toBe('admin');

    const list = await hub(['workspace', 'list', '--json']);
    const workspaces = JSON.parse(list.stdout) as {
      id: string;
      name: string;
      owner: string;
      members: number;
    }[];
    expect(workspaces).toContainEqual(
      expect.objectContaining({ id: run.lines.at(-1), name: 'Acme', owner: 'ada@acme.com', members: 1 }),
    );
  });

  it('makes an existing user the owner, and refuses a name already taken', async () => {
    const first = await hub(['workspace', 'create', '--name', 'Globex', '--owner', 'ada@acme.com']);
    expect(first.code).toBe(0);
    expect(first.lines).toHaveLength(2);

    const again = await hub(['workspace', 'create', '--name', 'GLOBEX', '--owner', 'ada@acme.com']);
    expect(again.code).toBe(1);
    expect(again.stdout).toBe('');
    expect(again.stderr).toBe(
      `error: A workspace named "Globex" already exists (${first.lines.at(-1) ?? ''}): choose another name.\n`,
    );
  });

  it('refuses a missing owner unless told to create it', async () => {
    const run = await hub(['workspace', 'create', '--name', 'Initech', '--owner', 'nobody@initech.com']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'error: No user has the email nobody@initech.com: add --create-owner to create it, or name an existing user.\n',
    );
  });

  it('asks for a new owner’s password twice on a terminal, without printing it', async () => {
    const mismatch = await hub(
      ['workspace', 'create', '--name', 'Initech', '--owner', 'peter@initech.com', '--create-owner'],
      { answers: ['first-password', 'other-password'] },
    );
    expect(mismatch.code).toBe(1);
    expect(mismatch.stderr).toBe('error: The two passwords differ: run the command again.\n');

    const run = await hub(
      ['workspace', 'create', '--name', 'Initech', '--owner', 'peter@initech.com', '--create-owner'],
      { answers: ['tps-reports-2', 'tps-reports-2'] },
    );
    expect(run.code).toBe(0);
    expect(run.prompts).toEqual(['Password for peter@initech.com: ', 'Repeat the password: ']);
    expect(`${run.stdout}${run.stderr}${run.logs}`).not.toContain('tps-reports-2');
    expect(await roleOf('peter@initech.com', 'tps-reports-2')).toBe('admin');
  });
});

describe('hub workspace list', () => {
  it('prints a table with a header row', async () => {
    const run = await hub(['workspace', 'list']);
    expect(run.code).toBe(0);
    expect(run.lines[0]).toMatch(/^ID +NAME +OWNER +MEMBERS +CONNECTIONS +CREATED$/);
    expect(
      run.lines.some((line) => /\bAcme +ada@acme\.com +1 +0 +\d{4}-\d\d-\d\d \d\d:\d\d UTC$/.test(line)),
    ).toBe(true);
  });
});

describe('hub user create', () => {
  it('adds a member found by workspace name, with the password from HUB_USER_PASSWORD', async () => {
    const run = await hub(
      [
        'user',
        'create',
        '--workspace',
        'acme',
        '--email',
        'bob@acme.com',
        '--name',
        'Bob',
        '--role',
        'member',
      ],
      { env: { HUB_USER_PASSWORD: 'bob-the-builder' } },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.lines[0]).toBe('Created bob@acme.com as member of workspace "Acme". Their user id:');
    expect(await roleOf('bob@acme.com', 'bob-the-builder')).toBe('member');
  });

  it('takes --password (with a warning about shell history) and a workspace id', async () => {
    const [workspace] = JSON.parse((await hub(['workspace', 'list', '--json'])).stdout) as { id: string }[];
    const run = await hub([
      'user',
      'create',
      '--workspace',
      workspace?.id ?? '',
      '--email',
      'carol@acme.com',
      '--name',
      'Carol',
      '--role',
      'admin',
      '--password',
      'carols-secret',
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('shell history');
    expect(`${run.stdout}${run.stderr}${run.logs}`).not.toContain('carols-secret');
    expect(await roleOf('carol@acme.com', 'carols-secret')).toBe('admin');
  });

  it('says what to do when there is no password, the password is short, or the user exists', async () => {
    const argv = [
      'user',
      'create',
      '--workspace',
      'Acme',
      '--email',
      'dan@acme.com',
      '--name',
      'Dan',
      '--role',
      'member',
    ];
    const none = await hub(argv);
    expect(none.code).toBe(1);
    expect(none.stderr).toBe(
      'error: No password for dan@acme.com: set HUB_USER_PASSWORD, pass --password, or run the command in a terminal to be asked.\n',
    );
    const short = await hub(argv, { env: { HUB_USER_PASSWORD: 'short' } });
    expect(short.stderr).toBe('error: The password must be 8 to 256 characters long.\n');

    const taken = await hub(
      ['user', 'create', '--workspace', 'Acme', '--email', 'BOB@acme.com', '--name', 'B', '--role', 'member'],
      { answers: [] },
    );
    expect(taken.code).toBe(1);
    expect(taken.prompts).toEqual([]);
    expect(taken.stderr).toBe(
      'error: A user with the email bob@acme.com already exists: choose another email.\n',
    );
  });

  it('names the workspace it could not find', async () => {
    const run = await hub(
      ['user', 'create', '--workspace', 'Nowhere', '--email', 'e@x.com', '--name', 'E', '--role', 'member'],
      { env: { HUB_USER_PASSWORD: 'long-enough' } },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('error: No workspace has the id or name "Nowhere": see `hub workspace list`.\n');
  });
});

describe('hub migrate', () => {
  // An empty database: in-memory PGlite, or a new database on DATABASE_URL's server (never that database itself).
  const created: { database: Database; drop: () => Promise<void> }[] = [];
  afterAll(async () => {
    for (const { database, drop } of created) {
      await database.close();
      await drop();
    }
  });
  async function emptyDatabase(): Promise<Database> {
    const baseUrl = process.env.DATABASE_URL;
    if (baseUrl === undefined || baseUrl === '') {
      const database = wrapPglite(await PGlite.create());
      created.push({ database, drop: () => Promise.resolve() });
      return database;
    }
    const name = randomDatabaseName('hub_test_cli');
    await adminQuery(baseUrl, `create database ${name}`);
    const database = wrapPool(new pg.Pool({ connectionString: databaseUrl(baseUrl, name), max: 2 }));
    created.push({ database, drop: () => dropDatabase(baseUrl, name) });
    return database;
  }

  it('tells to migrate an empty database, then migrates it (twice is harmless)', async () => {
    const database = await emptyDatabase();
    const before = await runHub(['workspace', 'list'], { database });
    expect(before.code).toBe(1);
    expect(before.stderr).toBe(
      'error: The database schema is missing or out of date: run `hub migrate` first (the API also migrates when it starts).\n',
    );

    for (let round = 0; round < 2; round += 1) {
      const run = await runHub(['migrate'], { database });
      expect(run.code).toBe(0);
      expect(run.lines).toEqual(['Migrations applied to the given database.']);
    }
    const after = await runHub(['workspace', 'list'], { database });
    expect(after.code).toBe(0);
    expect(after.lines).toEqual(['No workspaces yet: create one with `hub workspace create`.']);
  });
});
