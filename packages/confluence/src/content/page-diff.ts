import { createTwoFilesPatch } from 'diff';

import { storageToMarkdown } from './index.js';

/** What the diff's two headers call each side, e.g. "version 3" and "version 4". */
export interface DiffNames {
  before: string;
  after: string;
}

/**
 * Two storage bodies compared as Markdown, as a unified diff with 3 lines of context ("" when they read the same):
 * what an agent or an admin reads to check an update before it is sent.
 */
export function storageMarkdownDiff(before: string, after: string, names: DiffNames): string {
  const old = storageToMarkdown(before);
  const next = storageToMarkdown(after);
  if (old === next) return '';
  return createTwoFilesPatch(names.before, names.after, old, next, undefined, undefined, { context: 3 });
}
