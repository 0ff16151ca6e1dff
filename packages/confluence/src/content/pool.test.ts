import { monitorEventLoopDelay } from 'node:perf_hooks';

import { afterAll, afterEach, describe, expect, test } from 'vitest';

import {
  BadRequestError,
  ConfluenceError,
  EditNotApplicableError,
  isConfluenceErrorKind,
  toErrorPayload,
  VersionConflictError,
} from '../errors.js';
import { markdownToStorage, normalizeStorage, storageToMarkdown } from './index.js';
import { storageMarkdownDiff } from './page-diff.js';
import {
  applyStorageEditsAsync,
  closeConversionPool,
  configureConversionPool,
  conversionPoolStatus,
  markdownToStorageAsync,
  normalizeStorageAsync,
  resetConversionPool,
  storageMarkdownDiffAsync,
  storageToMarkdownAsync,
} from './pool.js';
import { reviveError, serializeError } from './pool-errors.js';
import { applyStorageEdits, type StorageEdit } from './storage-edits.js';

const section = (i: number) =>
  `<h2>Section ${i}</h2><p>The <strong>payments</strong> service moved to <em>region ${i % 7}</em>; see ` +
  `<a href="https://example.com/runbooks/${i}">the runbook</a> &amp; <code>deploy</code>.</p>` +
  '<ul><li>flag<ul><li>10%</li></ul></li><li>dashboards</li></ul>' +
  `<table><tbody><tr><th>Metric</th><th>After</th></tr><tr><td>m${i}</td><td>${i * 9}</td></tr></tbody></table>` +
  `<ac:structured-macro ac:name="status" ac:schema-version="1"><ac:parameter ac:name="title">On track</ac:parameter></ac:structured-macro>`;
const page = (sections: number) => Array.from({ length: sections }, (_, i) => section(i)).join('');

/** Under the default threshold (1 KiB): inline. */
const SMALL = section(1);
/** ≈ 4 KiB: between the default threshold and waitThreshold. */
const MEDIUM = page(8);
/** ≈ 150 KiB: above the default waitThreshold, so always pooled. */
const LARGE = page(300);
const LARGE_MARKDOWN = storageToMarkdown(LARGE);

afterEach(() => resetConversionPool());
afterAll(() => closeConversionPool());

/** What an async conversion gave and where it ran. */
async function traced<T>(run: () => Promise<T>) {
  const before = conversionPoolStatus();
  const value = await run();
  const after = conversionPoolStatus();
  return { value, inline: after.inline - before.inline, pooled: after.pooled - before.pooled };
}

/** An error's own enumerable fields (`kind`, `editIndex`, …). */
const fields = (error: object) => Object.fromEntries(Object.entries(error));

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a rejection'),
    (error: unknown) => error,
  );
}

describe('async conversions give the sync functions’ results', () => {
  const edits: StorageEdit[] = [
    { op: 'replace_section', heading: 'Section 3', body: '<p>rewritten</p>' },
    { op: 'replace_text', find: 'Section 299', replace: 'The last one' },
    { op: 'append', body: '<p>end</p>' },
  ];
  const cases = (storage: string, markdown: string) =>
    [
      ['storageToMarkdown', () => storageToMarkdownAsync(storage), () => storageToMarkdown(storage)],
      ['markdownToStorage', () => markdownToStorageAsync(markdown), () => markdownToStorage(markdown)],
      [
        'markdownToStorage with breaks',
        () => markdownToStorageAsync(markdown, { breaks: true }),
        () => markdownToStorage(markdown, { breaks: true }),
      ],
      ['normalizeStorage', () => normalizeStorageAsync(storage), () => normalizeStorage(storage)],
      [
        'storageMarkdownDiff',
        () => storageMarkdownDiffAsync(storage, `${storage}<p>more</p>`, { before: 'v1', after: 'v2' }),
        () => storageMarkdownDiff(storage, `${storage}<p>more</p>`, { before: 'v1', after: 'v2' }),
      ],
    ] as const;

  test('small inputs convert inline, byte for byte the same', async () => {
    for (const [name, async, sync] of cases(SMALL, storageToMarkdown(SMALL))) {
      const result = await traced(async);
      expect(result, name).toMatchObject({ value: sync(), inline: 1, pooled: 0 });
    }
    expect(conversionPoolStatus().threads).toBe(0);
  });

  test('large inputs convert in a worker, byte for byte the same', async () => {
    for (const [name, async, sync] of cases(LARGE, LARGE_MARKDOWN)) {
      const result = await traced(async);
      expect(result.pooled, name).toBe(1);
      expect(result.value === sync(), name).toBe(true);
    }
    const result = await traced(() => applyStorageEditsAsync(LARGE, edits));
    expect(result.pooled).toBe(1);
    expect(result.value === applyStorageEdits(LARGE, edits)).toBe(true);
    expect(result.value).toContain('<p>rewritten</p>');
    expect(conversionPoolStatus().threads).toBe(1);
  });
});

describe('where a conversion runs', () => {
  test('between the thresholds: in a worker only when one is idle, else inline', async () => {
    configureConversionPool({ maxThreads: 1 });
    expect(MEDIUM.length).toBeGreaterThan(conversionPoolStatus().threshold);
    expect(MEDIUM.length).toBeLessThan(conversionPoolStatus().waitThreshold);
    expect(await traced(() => storageToMarkdownAsync(MEDIUM))).toMatchObject({ inline: 1, pooled: 0 });

    await storageToMarkdownAsync(LARGE);
    expect(conversionPoolStatus().idleThreads).toBe(1);
    expect(await traced(() => storageToMarkdownAsync(MEDIUM))).toMatchObject({ inline: 0, pooled: 1 });

    // The only worker busy with a large page: the medium one does not queue behind it.
    const busy = storageToMarkdownAsync(LARGE);
    expect(await traced(() => storageToMarkdownAsync(MEDIUM))).toMatchObject({
      value: storageToMarkdown(MEDIUM),
      inline: 1,
      pooled: 0,
    });
    await busy;
  });

  test('threshold Infinity turns the pool off; thresholds apply at once', async () => {
    configureConversionPool({ threshold: Infinity });
    expect(await traced(() => storageToMarkdownAsync(LARGE))).toMatchObject({ inline: 1, pooled: 0 });
    expect(conversionPoolStatus().threads).toBe(0);

    configureConversionPool({ threshold: 0, waitThreshold: 0 });
    expect(await traced(() => storageToMarkdownAsync(SMALL))).toMatchObject({
      value: storageToMarkdown(SMALL),
      pooled: 1,
    });
    expect(() => configureConversionPool({ maxThreads: -1 })).toThrow(RangeError);
  });

  test('the event loop keeps running while a large page converts', async () => {
    const started = performance.now();
    storageToMarkdown(LARGE);
    const inlineMs = performance.now() - started;
    await storageToMarkdownAsync(SMALL.repeat(40)); // a worker started, so its start-up is not measured

    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    await Promise.all([storageToMarkdownAsync(LARGE), storageToMarkdownAsync(LARGE)]);
    delay.disable();
    // Inline, the loop would stall for the whole conversion; pooled, only for copying the text across.
    expect(delay.max / 1e6).toBeLessThan(Math.max(inlineMs / 2, 20));
  });
});

describe('errors thrown in a worker', () => {
  test('come back as the same class with the same fields', async () => {
    const cases: StorageEdit[][] = [
      [{ op: 'replace_section', heading: 'No such heading', body: '<p>x</p>' }],
      [
        { op: 'append', body: '<p>x</p>' },
        { op: 'replace_text', find: 'Section 1', replace: 'y' },
      ],
    ];
    for (const edits of cases) {
      const sync = (() => {
        try {
          applyStorageEdits(LARGE, edits);
        } catch (error) {
          return error as EditNotApplicableError;
        }
        return expect.fail('the edit applies');
      })();
      const result = await traced(() => rejection(applyStorageEditsAsync(LARGE, edits)));
      expect(result.pooled).toBe(1);
      const error = result.value;
      expect(error).toBeInstanceOf(EditNotApplicableError);
      expect(isConfluenceErrorKind(error, 'EDIT_NOT_APPLICABLE')).toBe(true);
      expect(fields(error as object)).toEqual(fields(sync));
      expect((error as Error).message).toBe(sync.message);
      expect(toErrorPayload(error)).toEqual(toErrorPayload(sync));
    }
    expect(cases).toHaveLength(2);
  });

  test('any error class survives serializing: fields, cause, standard classes', () => {
    const cases: Error[] = [
      new VersionConflictError('stale', { currentVersion: 4, providedVersion: 3, status: 409 }),
      new BadRequestError('bad', { fieldErrors: { title: ['too long'] }, cause: new Error('inner') }),
      new ConfluenceError('UPSTREAM_ERROR', 'odd', { retryable: true, details: { traceId: 't-1' } }),
      Object.assign(new RangeError('Maximum call stack size exceeded'), { code: 'E_DEPTH' }),
    ];
    for (const original of cases) {
      const revived = reviveError(structuredClone(serializeError(original)));
      expect(revived.constructor).toBe(original.constructor);
      expect(revived.name).toBe(original.name);
      expect(revived.message).toBe(original.message);
      expect(revived.stack).toBe(original.stack);
      expect(fields(revived)).toEqual(fields(original));
      expect(toErrorPayload(revived)).toEqual(toErrorPayload(original));
    }
    const withCause = reviveError(structuredClone(serializeError(cases[1])));
    expect(withCause.cause).toBeInstanceOf(Error);
    expect((withCause.cause as Error).message).toBe('inner');
  });
});

describe('closing and resetting', () => {
  test('close stops the workers; the next large conversion starts a new pool', async () => {
    await storageToMarkdownAsync(LARGE);
    expect(conversionPoolStatus().threads).toBe(1);
    const running = storageToMarkdownAsync(LARGE);
    await closeConversionPool();
    // A conversion running at close finishes.
    expect((await running) === LARGE_MARKDOWN).toBe(true);
    expect(conversionPoolStatus().threads).toBe(0);
    expect(await traced(() => storageToMarkdownAsync(LARGE))).toMatchObject({ pooled: 1 });
    expect(conversionPoolStatus().threads).toBe(1);
  });

  test('reset restores the defaults and the counts', async () => {
    const defaults = conversionPoolStatus();
    configureConversionPool({ threshold: 10, waitThreshold: 20, idleTimeoutMs: 5_000 });
    await storageToMarkdownAsync(MEDIUM);
    expect(conversionPoolStatus()).toMatchObject({ threshold: 10, waitThreshold: 20, pooled: 1, threads: 1 });
    await resetConversionPool();
    expect(conversionPoolStatus()).toEqual(defaults);
  });
});
