// @hub/client as a service outside this repository gets it: the `pnpm pack` tarball installed with npm into a
// scratch project in the system's temp folder, type-checked (the types must be real, not `any`) and run against
// a real API on the demo data.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { pnpmCommand, startTestApi, type TestApi, type TestWorkspaceKeys } from '@hub/api/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';

const run = promisify(execFile);
const PACKAGE_DIR = path.resolve(import.meta.dirname, '..');
const pnpm = (args: string[]) => {
  const [command = 'npx', ...prefix] = pnpmCommand();
  return run(command, [...prefix, ...args], { cwd: PACKAGE_DIR });
};

let scratch = '';
let api: TestApi | undefined;
let ws: TestWorkspaceKeys;

const SERVICE = `import { createHubClient, hubErrorKind } from '@hub/client';

const hub = createHubClient({ url: process.env.HUB_URL ?? '', apiKey: process.env.HUB_API_KEY ?? '' });
const { results } = await hub.confluence.searchPages.query({ title: 'Release Notes', spaceKeys: ['ENG'] });
const hit = results.find((r) => r.title === 'Release Notes');
if (hit === undefined) throw new Error('No "Release Notes" page in ENG');
const page = await hub.confluence.getPage.query({ pageId: hit.id });
const version: number = page.version.number;
try {
  await hub.confluence.getPage.query({ pageId: '999999999' });
} catch (error) {
  console.log(JSON.stringify({ id: page.id, title: page.title, version, missing: hubErrorKind(error) }));
}
`;

// If the installed types were missing or \`any\`, these directives would be unused, which tsc reports.
const WRONG = `import { createHubClient } from '@hub/client';

const hub = createHubClient({ url: 'http://localhost:3000', apiKey: 'hub_x' });
// @ts-expect-error pageId is required
void hub.confluence.getPage.query({});
// @ts-expect-error version.number is a number
const version: string = (await hub.confluence.getPage.query({ pageId: '1' })).version.number;
void version;
// @ts-expect-error no such procedure
void hub.confluence.deleteEverything.mutate({});
`;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'hub-client-consumer-'));
  await pnpm(['run', 'build']);
  await pnpm(['pack', '--pack-destination', scratch]);
  const tarball = (await readdir(scratch)).find((name) => name.endsWith('.tgz'));
  if (tarball === undefined) throw new Error('pnpm pack wrote no tarball');
  await writeFile(
    path.join(scratch, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  );
  await writeFile(
    path.join(scratch, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        outDir: 'out',
        skipLibCheck: true,
        types: ['node'],
      },
      include: ['*.ts'],
    }),
  );
  await writeFile(path.join(scratch, 'service.ts'), SERVICE);
  await writeFile(path.join(scratch, 'wrong.ts'), WRONG);
  // Only the tarball and what it declares: none of this repository's packages.
  await run(
    'npm',
    ['install', '--no-audit', '--no-fund', `./${tarball}`, 'typescript@6.0.3', '@types/node@20.19.43'],
    {
      cwd: scratch,
    },
  );
  const started = await startTestApi();
  api = started;
  ws = await started.createWorkspace('Packed client');
  await started.connect(ws.workspaceId);
}, 600_000);

afterAll(async () => {
  await api?.close();
  if (scratch !== '') await rm(scratch, { recursive: true, force: true });
});

it('installs from the tarball outside the repository, type-checks, and runs against the demo data', async () => {
  expect(scratch.startsWith(path.resolve(PACKAGE_DIR, '../..'))).toBe(false);
  const tsc = path.join(scratch, 'node_modules/typescript/bin/tsc');
  const checked = await run(process.execPath, [tsc, '-p', '.'], { cwd: scratch }).catch((error: unknown) => ({
    stdout: `tsc failed:\n${(error as { stdout?: string }).stdout ?? 'no output'}`,
  }));
  expect(checked.stdout).toBe('');
  const { stdout } = await run(process.execPath, ['out/service.js'], {
    cwd: scratch,
    env: { ...process.env, HUB_URL: api?.url ?? '', HUB_API_KEY: ws.memberKey },
  });
  expect(JSON.parse(stdout.trim())).toMatchObject({ title: 'Release Notes', missing: 'NOT_FOUND' });
}, 300_000);
