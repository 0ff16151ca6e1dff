/**
 * Part 2: content conversion against the parser floor. For pages of 1 MB and 5 MB, in this process, after a
 * warm-up: htmlparser2's plain parse (no handlers: the least any conversion must do), then storage → Markdown,
 * Markdown → storage (of that Markdown) and normalizeStorage. Each figure is the median over the rounds; the
 * ratios divide by the parse of the same document in the same run.
 */
import { performance } from 'node:perf_hooks';

import { markdownToStorage, normalizeStorage, storageToMarkdown } from '@hub/confluence';
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

export async function runConversion(plan: {
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
