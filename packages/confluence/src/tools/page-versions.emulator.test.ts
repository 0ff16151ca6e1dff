// The version tools over real HTTP against the emulator: history, a past version, a diff, a restore.
import { ACME_CLOUD_ID, startEmulator, type Emulator } from '@hub/confluence-emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { ConfluenceClient } from '../client/index.js';
import { failureOf, runChecked } from '../test-support/run-tool.js';
import type { ToolContext } from './define-tool.js';

let emu: Emulator;
let ctx: ToolContext;
let pageId: string;

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
});
afterAll(() => emu.close());

beforeEach(async () => {
  await emu.control.reset();
  const tokens = await emu.control.issueTokens({ accountId: 'acc-ada' });
  ctx = {
    client: new ConfluenceClient({
      cloudId: ACME_CLOUD_ID,
      apiBaseUrl: emu.url,
      getAccessToken: () => Promise.resolve(tokens.access_token),
      retry: { baseDelayMs: 1, maxDelayMs: 5 },
    }),
  };
  // Version 1 "Plan" (one line), 2 adds a step, 3 renames the page and rewrites the first line.
  pageId = (
    await run<{ id: string }>('create_confluence_page', {
      spaceKey: 'ENG',
      title: 'Plan',
      body: '# Plan\n\nStep one',
    })
  ).id;
  await run('update_confluence_page', {
    pageId,
    version: 1,
    body: '# Plan\n\nStep one\n\nStep two',
    versionMessage: 'add step two',
  });
  await run('update_confluence_page', {
    pageId,
    version: 2,
    title: 'Plan (final)',
    body: '# Plan\n\nStep 1\n\nStep two',
  });
});

/** Runs a tool and checks its result against the tool's own output schema. */
const run = <T = Record<string, unknown>>(name: string, input: unknown, on = ctx) =>
  runChecked<T>(on, name, input);

const failure = (name: string, input: unknown, on = ctx) => failureOf(on, name, input);

type History = {
  versions: {
    number: number;
    authorId: string;
    authorName: string | null;
    message: string;
    minorEdit: boolean;
  }[];
  nextCursor: string | null;
};

describe('get_confluence_page_versions', () => {
  test('newest first with author names and messages, cursor-paged', async () => {
    const first = await run<History>('get_confluence_page_versions', { pageId, limit: 2 });
    expect(first.versions.map((v) => v.number)).toEqual([3, 2]);
    expect(first.versions[1]).toMatchObject({
      authorId: 'acc-ada',
      authorName: 'Ada Admin',
      message: 'add step two',
      minorEdit: false,
    });
    const rest = await run<History>('get_confluence_page_versions', {
      pageId,
      limit: 2,
      cursor: first.nextCursor,
    });
    expect(rest.versions.map((v) => v.number)).toEqual([1]);
    expect(rest.nextCursor).toBeNull();
    expect((await failure('get_confluence_page_versions', { pageId: '999999999' })).kind).toBe('NOT_FOUND');
  });
});

describe('get_confluence_page_version', () => {
  test('reads a past version as Markdown or storage, with its own title', async () => {
    expect(await run('get_confluence_page_version', { pageId, version: 1 })).toMatchObject({
      id: pageId,
      title: 'Plan',
      version: { number: 1, authorName: 'Ada Admin' },
      body: { format: 'markdown', value: '# Plan\n\nStep one\n' },
    });
    const storage = await run<{ body: { value: string } }>('get_confluence_page_version', {
      pageId,
      version: 2,
      bodyFormat: 'storage',
    });
    expect(storage.body.value).toBe('<h1>Plan</h1><p>Step one</p><p>Step two</p>');
    expect((await failure('get_confluence_page_version', { pageId, version: 9 })).kind).toBe('NOT_FOUND');
  });
});

describe('diff_confluence_page_versions', () => {
  test('a unified diff of the Markdown, to the current version by default', async () => {
    const diff = await run<{ diff: string; titleChanged: boolean; to: { version: number } }>(
      'diff_confluence_page_versions',
      { pageId, from: 1 },
    );
    expect(diff.to.version).toBe(3);
    expect(diff.titleChanged).toBe(true);
    expect(diff.diff).toContain('--- version 1');
    expect(diff.diff).toContain('+++ version 3');
    expect(diff.diff).toContain('-Step one');
    expect(diff.diff).toContain('+Step 1');
    expect(diff.diff).toContain('+Step two');
    const same = await run<{ diff: string }>('diff_confluence_page_versions', { pageId, from: 2, to: 2 });
    expect(same.diff).toBe('');
  });
});

describe('restore_confluence_page_version', () => {
  test('saves the old body as a new version, keeping the title unless asked; checked against currentVersion', async () => {
    const preview = await run<{ dryRun: boolean; diff: string; version: number }>(
      'restore_confluence_page_version',
      {
        pageId,
        version: 1,
        currentVersion: 3,
        dryRun: true,
      },
    );
    expect(preview).toMatchObject({ dryRun: true, version: 4, restoredFrom: 1 });
    expect(preview.diff).toContain('+Step one');
    expect((await run<History>('get_confluence_page_versions', { pageId })).versions[0]?.number).toBe(3);

    const restored = await run('restore_confluence_page_version', { pageId, version: 1, currentVersion: 3 });
    expect(restored).toMatchObject({
      dryRun: false,
      version: 4,
      previousVersion: 3,
      restoredFrom: 1,
      title: 'Plan (final)',
    });
    const now = await run<{
      title: string;
      body: { value: string };
      version: { number: number; message: string };
    }>('get_confluence_page', { pageId, bodyFormat: 'storage' });
    expect(now).toMatchObject({
      title: 'Plan (final)',
      version: { number: 4, message: 'Restored from version 1' },
      body: { value: '<h1>Plan</h1><p>Step one</p>' },
    });

    const withTitle = await run('restore_confluence_page_version', {
      pageId,
      version: 2,
      currentVersion: 4,
      restoreTitle: true,
      versionMessage: 'back to two',
    });
    expect(withTitle).toMatchObject({ version: 5, title: 'Plan' });
  });

  test('a stale currentVersion is the VERSION_CONFLICT update_confluence_page gives; nothing is written', async () => {
    const conflict = await failure('restore_confluence_page_version', {
      pageId,
      version: 1,
      currentVersion: 2,
    });
    const update = await failure('update_confluence_page', { pageId, version: 2, body: 'x' });
    expect(conflict).toMatchObject({ kind: 'VERSION_CONFLICT', currentVersion: 3, providedVersion: 2 });
    expect(conflict).toEqual(update);
    expect((await run<History>('get_confluence_page_versions', { pageId })).versions).toHaveLength(3);
  });

  test('the current version or a future one is a BAD_REQUEST', async () => {
    expect(
      (await failure('restore_confluence_page_version', { pageId, version: 3, currentVersion: 3 })).kind,
    ).toBe('BAD_REQUEST');
    expect(
      (await failure('restore_confluence_page_version', { pageId, version: 7, currentVersion: 3 })).kind,
    ).toBe('BAD_REQUEST');
  });
});
