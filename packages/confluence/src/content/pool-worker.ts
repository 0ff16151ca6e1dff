/**
 * The conversion pool's worker (loaded by piscina in a worker thread), and the table of conversions it can run,
 * which the pool also uses to convert inline. Errors come back as data so their class and fields survive.
 */
import { markdownToStorage, normalizeStorage, storageToMarkdown } from './index.js';
import { storageMarkdownDiff } from './page-diff.js';
import { serializeError, type SerializedError } from './pool-errors.js';
import { applyStorageEdits } from './storage-edits.js';

const conversions = {
  storageToMarkdown,
  markdownToStorage,
  normalizeStorage,
  applyStorageEdits,
  storageMarkdownDiff,
};

type Conversions = typeof conversions;

/** One conversion: the sync function's name and its arguments. */
export type ConversionTask = {
  [N in keyof Conversions]: { name: N; args: Parameters<Conversions[N]> };
}[keyof Conversions];

export type ConversionOutcome = { ok: true; value: string } | { ok: false; error: SerializedError };

export function runConversion(task: ConversionTask): string {
  // Each name is paired with its own arguments by ConversionTask; TypeScript cannot follow that through the lookup.
  const convert = conversions[task.name] as (...args: ConversionTask['args']) => string;
  return convert(...task.args);
}

export default function convertInWorker(task: ConversionTask): ConversionOutcome {
  try {
    return { ok: true, value: runConversion(task) };
  } catch (error) {
    return { ok: false, error: serializeError(error) };
  }
}
