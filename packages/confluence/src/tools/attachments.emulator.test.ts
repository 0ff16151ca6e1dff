// The attachment tools over real HTTP: tool → ConfluenceClient → the emulator (v2 reads, v1 upload and download,
// the media store's redirect).
import { ACME_CLOUD_ID, startEmulator, type Emulator } from '@hub/confluence-emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { ConfluenceClient, fetchTransport } from '../client/index.js';
import { failureOf, runChecked } from '../test-support/run-tool.js';
import type { ToolContext } from './define-tool.js';

let emu: Emulator;
let token: string;
let ctx: ToolContext;
let pageId: string;

const clientWith = (opts: { attachmentMaxBytes?: number } = {}) =>
  new ConfluenceClient({
    cloudId: ACME_CLOUD_ID,
    apiBaseUrl: emu.url,
    getAccessToken: () => Promise.resolve(token),
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    ...opts,
  });

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
});
afterAll(() => emu.close());

beforeEach(async () => {
  await emu.control.reset();
  token = (await emu.control.issueTokens({ accountId: 'acc-ada' })).access_token;
  ctx = { client: clientWith() };
  pageId = (
    await run<{ id: string }>('create_confluence_page', { spaceKey: 'ENG', title: 'Files', body: 'x' })
  ).id;
});

/** Runs a tool and checks its result against the tool's own output schema. */
const run = <T = Record<string, unknown>>(name: string, input: unknown, on = ctx) =>
  runChecked<T>(on, name, input);

const failure = (name: string, input: unknown, on = ctx) => failureOf(on, name, input);

interface Listed {
  attachments: {
    id: string;
    title: string;
    mediaType: string;
    fileSize: number;
    version: number;
    comment: string;
  }[];
  nextCursor: string | null;
}

describe('upload, list and read', () => {
  test('a text file round-trips as text; the same name again is version 2, the old one stays readable', async () => {
    const first = await run<{ id: string; version: number; mediaType: string; fileSize: number }>(
      'upload_confluence_attachment',
      { pageId, fileName: 'notes.md', content: '# Notes\n\nÜmlaut ✓', comment: 'first draft' },
    );
    expect(first).toMatchObject({ dryRun: false, version: 1, mediaType: 'text/markdown', fileSize: 20 });
    const second = await run('upload_confluence_attachment', { pageId, fileName: 'notes.md', content: 'v2' });
    expect(second).toMatchObject({ id: first.id, version: 2 });

    const listed = await run<Listed>('get_confluence_attachments', { pageId });
    expect(listed.attachments).toEqual([
      expect.objectContaining({ id: first.id, title: 'notes.md', version: 2, fileSize: 2, comment: '' }),
    ]);
    expect(listed.nextCursor).toBeNull();

    expect(await run('get_confluence_attachment', { attachmentId: first.id })).toMatchObject({
      pageId,
      encoding: 'text',
      content: 'v2',
      version: 2,
    });
    expect(
      await run('get_confluence_attachment', { attachmentId: first.id.replace('att', ''), version: 1 }),
    ).toMatchObject({ encoding: 'text', content: '# Notes\n\nÜmlaut ✓', version: 1, comment: 'first draft' });
  });

  test('binary content goes up and comes back as base64, byte for byte', async () => {
    const bytes = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 37) % 256));
    const stored = await run<{ id: string; mediaType: string }>('upload_confluence_attachment', {
      pageId,
      fileName: 'chart.png',
      content: bytes.toString('base64'),
      encoding: 'base64',
    });
    expect(stored.mediaType).toBe('image/png');
    const read = await run<{ encoding: string; content: string; fileSize: number }>(
      'get_confluence_attachment',
      {
        attachmentId: stored.id,
      },
    );
    expect(read.encoding).toBe('base64');
    expect(Buffer.from(read.content, 'base64')).toEqual(bytes);
    expect(read.fileSize).toBe(300);
  });

  test('bytes that are not UTF-8 come back as base64 even for a text type', async () => {
    const stored = await run<{ id: string }>('upload_confluence_attachment', {
      pageId,
      fileName: 'latin1.txt',
      content: Buffer.from([0x63, 0x61, 0x66, 0xe9]).toString('base64'),
      encoding: 'base64',
    });
    expect(await run('get_confluence_attachment', { attachmentId: stored.id })).toMatchObject({
      encoding: 'base64',
      content: 'Y2Fm6Q==',
    });
  });

  test('lists page by cursor and filters by file name', async () => {
    for (const name of ['a.txt', 'b.txt', 'c.csv']) {
      await run('upload_confluence_attachment', { pageId, fileName: name, content: name });
    }
    const first = await run<Listed>('get_confluence_attachments', { pageId, limit: 2 });
    expect(first.attachments.map((a) => a.title)).toEqual(['a.txt', 'b.txt']);
    const rest = await run<Listed>('get_confluence_attachments', {
      pageId,
      limit: 2,
      cursor: first.nextCursor,
    });
    expect(rest.attachments.map((a) => a.title)).toEqual(['c.csv']);
    expect(rest.nextCursor).toBeNull();
    const csv = await run<Listed>('get_confluence_attachments', { pageId, filename: 'c.csv' });
    expect(csv.attachments.map((a) => [a.title, a.mediaType])).toEqual([['c.csv', 'text/csv']]);
  });

  test('a dry run says what it would replace and uploads nothing', async () => {
    const stored = await run<{ id: string }>('upload_confluence_attachment', {
      pageId,
      fileName: 'r.txt',
      content: 'a',
    });
    expect(
      await run('upload_confluence_attachment', { pageId, fileName: 'r.txt', content: 'bbb', dryRun: true }),
    ).toEqual({
      dryRun: true,
      pageId,
      title: 'r.txt',
      mediaType: 'text/plain',
      fileSize: 3,
      replaces: { id: stored.id, version: 1 },
    });
    expect(
      await run('upload_confluence_attachment', { pageId, fileName: 'new.txt', content: 'b', dryRun: true }),
    ).toMatchObject({ replaces: null });
    expect((await run<Listed>('get_confluence_attachments', { pageId })).attachments).toHaveLength(1);
  });
});

test('uploads and downloads work over fetchTransport too (bytes sent as is, the body streamed)', async () => {
  const viaFetch = new ConfluenceClient({
    cloudId: ACME_CLOUD_ID,
    apiBaseUrl: emu.url,
    getAccessToken: () => Promise.resolve(token),
    transport: fetchTransport(),
  });
  const bytes = Buffer.from([0, 255, 1, 254, 13, 10]);
  const stored = await viaFetch.uploadAttachment(pageId, {
    fileName: 'fetch.bin',
    mediaType: 'application/octet-stream',
    bytes,
  });
  expect(Buffer.from((await viaFetch.downloadAttachment(pageId, stored.id)).bytes)).toEqual(bytes);
});

describe('limits and errors', () => {
  test('a file over attachmentMaxBytes is refused without a download, and an upload over it sends nothing', async () => {
    const stored = await run<{ id: string }>('upload_confluence_attachment', {
      pageId,
      fileName: 'big.txt',
      content: 'x'.repeat(5000),
    });
    const small = { client: clientWith({ attachmentMaxBytes: 4096 }) };
    const before = (await emu.control.requests()).length;
    const tooBig = await failure('get_confluence_attachment', { attachmentId: stored.id }, small);
    expect(tooBig.kind).toBe('PAYLOAD_TOO_LARGE');
    expect(tooBig.message).toMatch(/4\.9 KB \(5000 bytes\), over the 4 KB \(4096 bytes\) .*downloadUrl/);
    const log = (await emu.control.requests()).slice(before).map((r) => r.path);
    expect(log.some((p) => p.includes('/download'))).toBe(false);

    const upload = await failure(
      'upload_confluence_attachment',
      { pageId, fileName: 'big2.txt', content: 'y'.repeat(4097) },
      small,
    );
    expect(upload.kind).toBe('PAYLOAD_TOO_LARGE');
    expect(upload.message).toMatch(/nothing was sent/);
    expect(
      (await run<Listed>('get_confluence_attachments', { pageId, filename: 'big2.txt' })).attachments,
    ).toEqual([]);
  });

  test('a download that is larger than Confluence said stops at the limit', async () => {
    const stored = await run<{ id: string }>('upload_confluence_attachment', {
      pageId,
      fileName: 'grows.txt',
      content: 'z'.repeat(5000),
    });
    const small = clientWith({ attachmentMaxBytes: 4096 });
    // No expectedSize: only the stream itself can tell.
    await expect(small.downloadAttachment(pageId, stored.id)).rejects.toMatchObject({
      kind: 'PAYLOAD_TOO_LARGE',
    });
    const fine = await clientWith().downloadAttachment(pageId, stored.id);
    expect(fine.bytes.byteLength).toBe(5000);
  });

  test('typed errors: unknown page and attachment are NOT_FOUND, bad base64 and file names BAD_REQUEST', async () => {
    expect((await failure('get_confluence_attachments', { pageId: '999999999' })).kind).toBe('NOT_FOUND');
    expect((await failure('get_confluence_attachment', { attachmentId: 'att999999999' })).kind).toBe(
      'NOT_FOUND',
    );
    expect(
      (
        await failure('upload_confluence_attachment', {
          pageId: '999999999',
          fileName: 'a.txt',
          content: 'a',
        })
      ).kind,
    ).toBe('NOT_FOUND');
    const bad = await failure('upload_confluence_attachment', {
      pageId,
      fileName: 'a.bin',
      content: 'not base64!',
      encoding: 'base64',
    });
    expect(bad.kind).toBe('BAD_REQUEST');
    expect(
      (await failure('upload_confluence_attachment', { pageId, fileName: 'a/b.txt', content: 'a' })).kind,
    ).toBe('BAD_REQUEST');
    expect((await failure('get_confluence_attachment', { attachmentId: 'file-1' })).kind).toBe('BAD_REQUEST');
  });

  test('a connection without the attachment scopes gets SCOPE_MISSING naming the scope', async () => {
    token = (
      await emu.control.issueTokens({
        accountId: 'acc-ada',
        scopes: ['read:page:confluence', 'write:page:confluence', 'read:space:confluence'],
      })
    ).access_token;
    const read = await failure('get_confluence_attachments', { pageId });
    expect(read).toMatchObject({ kind: 'SCOPE_MISSING', missingScope: 'read:attachment:confluence' });
    const write = await failure('upload_confluence_attachment', { pageId, fileName: 'a.txt', content: 'a' });
    expect(write).toMatchObject({ kind: 'SCOPE_MISSING', missingScope: 'write:attachment:confluence' });
  });
});

test('a draft takes attachments too (uploaded with status=draft)', async () => {
  const draft = await run<{ id: string }>('create_confluence_page', {
    spaceKey: 'ENG',
    title: 'Draft with a file',
    body: 'x',
    status: 'draft',
  });
  const stored = await run<{ version: number }>('upload_confluence_attachment', {
    pageId: draft.id,
    fileName: 'draft.txt',
    content: 'in a draft',
  });
  expect(stored.version).toBe(1);
  expect((await run<Listed>('get_confluence_attachments', { pageId: draft.id })).attachments).toHaveLength(1);
});
