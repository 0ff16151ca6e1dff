/**
 * Content conversion off the event loop: the async forms of the converters, byte for byte the sync functions'
 * results, run in a piscina worker pool when the input is large enough to stall the process (a 5 MB page takes
 * about two seconds to convert; every other request on the process would wait that long).
 *
 * Cost: a pooled conversion copies its input to the worker and its result back (≈ 0.1 ms per MB each way on the
 * event loop) and adds a round trip of ≈ 0.2 ms to its latency; a new worker takes ≈ 0.2 s to start from the build,
 * ≈ 0.5 s from sources. So small inputs convert inline, medium ones use a worker only if one is idle at once, and
 * only large ones wait in the pool's queue. Workers start on first use and stop after `idleTimeoutMs`.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { Piscina } from 'piscina';

import type { MarkdownToStorageOptions, StorageToMarkdownOptions } from './index.js';
import type { DiffNames } from './page-diff.js';
import { reviveError } from './pool-errors.js';
import { runConversion, type ConversionOutcome, type ConversionTask } from './pool-worker.js';
import type { StorageEdit } from './storage-edits.js';

export type { DiffNames } from './page-diff.js';
export type { StorageEdit } from './storage-edits.js';

export interface ConversionPoolOptions {
  /** Inputs shorter than this (UTF-16 code units, all text arguments together) convert inline. `Infinity`: never pool. */
  threshold?: number;
  /** From `threshold` up to this, a worker is used only if one is idle now, else inline; from here on, always the pool. */
  waitThreshold?: number;
  /** Worker threads at most. Default: the cores less one (the event loop's), at least 1. */
  maxThreads?: number;
  /** A worker idle this long stops. Default 60 s. */
  idleTimeoutMs?: number;
  /**
   * Workers run this much nicer than the event loop (Unix `nice`; ignored where unsupported). Default 10: on a busy
   * machine a large conversion then takes longer (the worker gets what is left) and the event loop stays quick.
   */
  niceIncrement?: number;
}

export interface ConversionPoolStatus extends Required<ConversionPoolOptions> {
  threads: number;
  idleThreads: number;
  queued: number;
  /** Conversions since the last reset, by where they ran. */
  inline: number;
  pooled: number;
}

// Measured on the 2-core machine (busy): the round trip adds 0.15–0.35 ms, while inline a 1 KiB input costs the
// event loop 0.3–0.5 ms, so below it the pool saves the loop less than it adds; at 16 KiB inline costs 2 ms
// (Markdown → storage) to 4 ms (storage → Markdown), a small call's worth, where waiting behind a 5 MB conversion
// in the queue would cost seconds.
const defaults = (): Required<ConversionPoolOptions> => ({
  threshold: 1024,
  waitThreshold: 16 * 1024,
  maxThreads: Math.max(1, availableParallelism() - 1),
  idleTimeoutMs: 60_000,
  niceIncrement: 10,
});

/**
 * V8 limits of a conversion worker. A conversion builds a tree of the whole page (1 MB of storage: ≈ 10 MB of
 * objects) that lives until the output is written; with V8's default young generation (16 MB semi-spaces) it
 * outlives two scavenges, is copied twice and promoted, and the old generation then needs mark-compacts. Measured
 * on a 1 MB page (CPU time, one process, 9 runs): normalizeStorage 103 → 48 ms, storage → Markdown 158 → 135,
 * Markdown → storage 130 → 102 with 128 MB semi-spaces (a 384 MB young generation). It is a limit, not a reservation:
 * memory is committed only as large conversions need it, and an idle worker stops (`idleTimeoutMs`). The benchmark
 * converts with the same young generation.
 */
export const CONVERSION_WORKER_RESOURCE_LIMITS = { maxYoungGenerationSizeMb: 384 } as const;

let options = defaults();
let pool: Piscina<ConversionTask, ConversionOutcome> | undefined;
const closing = new Set<Promise<void>>();
const counts = { inline: 0, pooled: 0 };

/** Changes the thresholds at once; thread options apply to the next pool (a running one drains and closes). */
export function configureConversionPool(next: ConversionPoolOptions): void {
  const merged = { ...options };
  for (const [key, value] of Object.entries(next) as [keyof ConversionPoolOptions, number | undefined][]) {
    if (value === undefined) continue;
    if (Number.isNaN(value) || value < 0) throw new RangeError(`${key} must be a number ≥ 0, not ${value}`);
    merged[key] = value;
  }
  merged.maxThreads = Math.max(1, Math.floor(merged.maxThreads));
  const threadsChanged = (['maxThreads', 'idleTimeoutMs', 'niceIncrement'] as const).some(
    (key) => merged[key] !== options[key],
  );
  options = merged;
  if (threadsChanged) retire();
}

export function conversionPoolStatus(): ConversionPoolStatus {
  return {
    ...options,
    threads: pool?.threads.length ?? 0,
    idleThreads: pool?.idleThreads ?? 0,
    queued: pool?.queueSize ?? 0,
    ...counts,
  };
}

/** Closes the pool once its running conversions finish; the next large conversion starts a new one. */
export async function closeConversionPool(): Promise<void> {
  retire();
  await Promise.all(closing);
}

/** Back to the default options and counts, the pool closed (for tests). */
export async function resetConversionPool(): Promise<void> {
  options = defaults();
  counts.inline = 0;
  counts.pooled = 0;
  await closeConversionPool();
}

export function storageToMarkdownAsync(storage: string, options?: StorageToMarkdownOptions): Promise<string> {
  // Without names the task is exactly what it was (the worker sees no options object at all).
  return convert({
    name: 'storageToMarkdown',
    args: options?.userNames === undefined || options.userNames.size === 0 ? [storage] : [storage, options],
  });
}

export function markdownToStorageAsync(
  markdown: string,
  options?: MarkdownToStorageOptions,
): Promise<string> {
  return convert({ name: 'markdownToStorage', args: [markdown, options] });
}

export function normalizeStorageAsync(storage: string): Promise<string> {
  return convert({ name: 'normalizeStorage', args: [storage] });
}

export function applyStorageEditsAsync(source: string, edits: readonly StorageEdit[]): Promise<string> {
  return convert({ name: 'applyStorageEdits', args: [source, edits] });
}

/** The Markdown diff of two storage bodies (what update_confluence_page's dry run shows). */
export function storageMarkdownDiffAsync(before: string, after: string, names: DiffNames): Promise<string> {
  return convert({ name: 'storageMarkdownDiff', args: [before, after, names] });
}

async function convert(task: ConversionTask): Promise<string> {
  const size = textLength(task.args);
  const idle = pool !== undefined && pool.idleThreads > 0 && pool.queueSize === 0;
  if (size < options.threshold || (size < options.waitThreshold && !idle)) {
    counts.inline++;
    return runConversion(task);
  }
  counts.pooled++;
  const outcome = await openPool().run(task);
  if (!outcome.ok) throw reviveError(outcome.error);
  return outcome.value;
}

function textLength(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (typeof value !== 'object' || value === null) return 0;
  return Object.values(value).reduce((sum: number, item) => sum + textLength(item), 0);
}

function openPool(): Piscina<ConversionTask, ConversionOutcome> {
  pool ??= new Piscina({
    ...workerModule(),
    minThreads: 0,
    maxThreads: options.maxThreads,
    idleTimeout: options.idleTimeoutMs,
    niceIncrement: options.niceIncrement,
    resourceLimits: CONVERSION_WORKER_RESOURCE_LIMITS,
  });
  return pool;
}

function retire(): void {
  if (pool === undefined) return;
  const old = pool;
  pool = undefined;
  const done: Promise<void> = old.close().finally(() => closing.delete(done));
  closing.add(done);
}

/**
 * The worker module beside this one, in the form this one runs as: `pool-worker.js` from the build, `.ts` from
 * sources (vitest, `tsx --conditions=@hub/source`). A worker thread inherits the process's flags: under tsx they
 * load TypeScript already; under vitest, which transforms modules in-process, they do not, so it gets tsx's loader.
 */
function workerModule(): { filename: string; execArgv?: string[] } {
  const here = fileURLToPath(import.meta.url);
  const fromSource = path.extname(here) === '.ts';
  const filename = path.join(path.dirname(here), fromSource ? 'pool-worker.ts' : 'pool-worker.js');
  if (!existsSync(filename)) throw new Error(`The conversion worker is missing: ${filename}`);
  if (!fromSource || process.execArgv.some((arg) => arg.includes('tsx'))) return { filename };
  const loader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return { filename, execArgv: [...process.execArgv, '--import', loader] };
}
