/**
 * Part 2: content conversion against the parser floor. For pages of 1 MB and 5 MB, after a warm-up:
 * htmlparser2's plain parse (no handlers: the least any conversion must do), then storage → Markdown, Markdown →
 * storage (of that Markdown) and normalizeStorage. Each figure is the median over the rounds; the ratios divide by
 * the parse of the same document in the same run. All of it runs with the V8 young generation of the Hub's
 * conversion workers, where the Hub converts every page this size (the parse floor runs there too).
 */
import { performance } from 'node:perf_hooks';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import {
  CONVERSION_WORKER_RESOURCE_LIMITS,
  markdownToStorage,
  normalizeStorage,
  storageToMarkdown,
} from '@hub/confluence';
import { Parser } from 'htmlparser2';

import { median, round } from './stats.js';
import { storageSample } from './storage-sample.js';

export interface ConversionFigures {
  bytes: number;
  parseFloorMs: number;
  storageToMarkdownMs: number;
  markdownToStorageMs: number;
  normalizeStorageMs: number;
  storageToMarkdownOverParse: number;
  markdownToStorageOverParse: number;
  normalizeStorageOverParse: number;
}

export type ConversionResults = Record<string, ConversionFigures>;

const SIZES: [string, number][] = [
  ['1MB', 1024 * 1024],
  ['5MB', 5 * 1024 * 1024],
];

function time(run: () => unknown): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

type ChildMessage = { progress: string } | { results: ConversionResults };

/**
 * Runs the measurements in a child process with the V8 young generation of a conversion worker: a worker's
 * `maxYoungGenerationSizeMb` is three semi-spaces (two, plus as much new large-object space), here given as
 * `--max-semi-space-size`. (A child process, because worker threads do not get tsx's loader for this TypeScript.)
 */
export function runConversion(plan: {
  rounds: number;
  progress: (line: string) => void;
}): Promise<ConversionResults> {
  const semiSpaceMb = CONVERSION_WORKER_RESOURCE_LIMITS.maxYoungGenerationSizeMb / 3;
  const child = fork(fileURLToPath(import.meta.url), [String(plan.rounds)], {
    execArgv: [...process.execArgv, `--max-semi-space-size=${semiSpaceMb}`],
    env: { ...process.env, BENCH_CONVERSION_CHILD: '1' },
  });
  return new Promise((resolve, reject) => {
    child.on('message', (message: ChildMessage) => {
      if ('progress' in message) plan.progress(message.progress);
      else resolve(message.results);
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the conversion benchmark exited with code ${code}`)));
  });
}

if (process.env.BENCH_CONVERSION_CHILD === '1' && process.send !== undefined) {
  const send = (message: ChildMessage) => process.send?.(message);
  const results = await measure({
    rounds: Number(process.argv[2]),
    progress: (line) => send({ progress: line }),
  });
  send({ results });
  process.disconnect();
}

async function measure(plan: {
  rounds: number;
  progress: (line: string) => void;
}): Promise<ConversionResults> {
  const results: ConversionResults = {};
  for (const [label, bytes] of SIZES) {
    const storage = storageSample(bytes);
    const markdown = storageToMarkdown(storage);
    const parse = () => new Parser({}, { xmlMode: true, decodeEntities: false }).end(storage);
    // Warm-up: the JIT, and the lazily built tables of the Markdown parser.
    parse();
    markdownToStorage(markdown);
    normalizeStorage(storage);
    const samples = {
      parse: [] as number[],
      toMarkdown: [] as number[],
      toStorage: [] as number[],
      normalize: [] as number[],
    };
    for (let r = 0; r < plan.rounds; r++) {
      samples.parse.push(time(parse));
      samples.toMarkdown.push(time(() => storageToMarkdown(storage)));
      samples.toStorage.push(time(() => markdownToStorage(markdown)));
      samples.normalize.push(time(() => normalizeStorage(storage)));
      plan.progress(`conversion ${label}: round ${r + 1}/${plan.rounds}`);
      await new Promise((resolve) => setImmediate(resolve));
    }
    const floor = median(samples.parse);
    results[label] = {
      bytes: Buffer.byteLength(storage),
      parseFloorMs: round(floor),
      storageToMarkdownMs: round(median(samples.toMarkdown)),
      markdownToStorageMs: round(median(samples.toStorage)),
      normalizeStorageMs: round(median(samples.normalize)),
      storageToMarkdownOverParse: round(median(samples.toMarkdown) / floor),
      markdownToStorageOverParse: round(median(samples.toStorage) / floor),
      normalizeStorageOverParse: round(median(samples.normalize) / floor),
    };
  }
  return results;
}
