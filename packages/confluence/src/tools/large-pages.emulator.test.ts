// Pages large enough for the conversion pool, through the tools: the same answers as converting inline.
import { ACME_CLOUD_ID, startEmulator, type Emulator } from '@hub/confluence-emulator';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { ConfluenceClient } from '../client/index.js';
import { markdownToStorage, storageToMarkdown } from '../content/index.js';
import { storageMarkdownDiff } from '../content/page-diff.js';
import { closeConversionPool, conversionPoolStatus } from '../content/pool.js';
import { callTool, runTool } from './call-tool.js';
import type { ToolContext } from './define-tool.js';

let emu: Emulator;
let ctx: ToolContext;

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  const tokens = await emu.control.issueTokens({ accountId: 'acc-ada' });
  ctx = {
    client: new ConfluenceClient({
      cloudId: ACME_CLOUD_ID,
      apiBaseUrl: emu.url,
      getAccessToken: () => Promise.resolve(tokens.access_token),
    }),
  };
});
afterAll(async () => {
  await closeConversionPool();
  await emu.close();
});

/** ≈ 60 KiB of Markdown: well above the size from which conversions always go to the pool. */
const LARGE_MARKDOWN = Array.from(
  { length: 400 },
  (_, i) =>
    `## Section ${i}\n\nThe **payments** service, see [the runbook](https://example.com/${i}).\n\n- one\n- two\n`,
).join('\n');

/** Runs a tool and says how many conversions it sent to the pool. */
async function pooled(
  name: string,
  input: unknown,
): Promise<{ result: Record<string, unknown>; pooled: number }> {
  const before = conversionPoolStatus().pooled;
  const result = (await runTool(ctx, name, input)) as Record<string, unknown>;
  return { result, pooled: conversionPoolStatus().pooled - before };
}

describe('large pages', () => {
  test('create and read convert in the pool, byte for byte as inline', async () => {
    expect(LARGE_MARKDOWN.length).toBeGreaterThan(conversionPoolStatus().waitThreshold);
    const created = await pooled('create_confluence_page', {
      spaceKey: 'ENG',
      title: 'Large',
      body: LARGE_MARKDOWN,
    });
    expect(created.pooled).toBe(1);
    const stored = (await runTool(ctx, 'get_confluence_page', {
      pageId: created.result.id as string,
      bodyFormat: 'storage',
    })) as { body: { value: string } };
    expect(stored.body.value === markdownToStorage(LARGE_MARKDOWN)).toBe(true);

    const read = await pooled('get_confluence_page', {
      pageId: created.result.id as string,
    });
    expect(read.pooled).toBe(1);
    expect((read.result.body as { value: string }).value === storageToMarkdown(stored.body.value)).toBe(true);
  });

  test('an edit that cannot apply keeps its kind and fields; the dry run diff is the inline one', async () => {
    const { id } = (await runTool(ctx, 'create_confluence_page', {
      spaceKey: 'ENG',
      title: 'Large, edited',
      body: LARGE_MARKDOWN,
    })) as { id: string };
    const outcome = await callTool(ctx, 'update_confluence_page', {
      pageId: id,
      version: 1,
      edits: [
        { op: 'append', body: 'more' },
        { op: 'replace_text', find: 'The payments service', replace: 'x' },
      ],
    });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error).toMatchObject({ kind: 'EDIT_NOT_APPLICABLE', editIndex: 1, matchCount: 400 });

    const before = markdownToStorage(LARGE_MARKDOWN);
    const preview = await pooled('update_confluence_page', {
      pageId: id,
      version: 1,
      edits: [{ op: 'replace_section', heading: 'Section 7', body: 'rewritten' }],
      dryRun: true,
    });
    // The page's Markdown is above the threshold: the edit and the diff both ran in the pool.
    expect(preview.pooled).toBe(2);
    expect(preview.result.diff).toBe(
      storageMarkdownDiff(before, preview.result.body as string, { before: 'version 1', after: 'version 2' }),
    );
    expect(preview.result.diff).toMatch(/^\+rewritten$/m);
  });
});
