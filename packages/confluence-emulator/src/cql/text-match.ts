import { words } from '../storage/text.js';

/** One `~` operand: all of its words must occur (a trailing `*` makes a word a prefix), or a quoted phrase. */
export interface TextQuery {
  terms: string[];
  phrase: boolean;
}

export function parseTextQuery(value: string): TextQuery {
  const trimmed = value.trim();
  const phrase = trimmed.length > 1 && trimmed.startsWith('"') && trimmed.endsWith('"');
  const terms = (trimmed.match(/[\p{L}\p{N}]+\*?/gu) ?? []).map((t) => t.toLowerCase());
  return { terms, phrase };
}

function termMatches(term: string, word: string): boolean {
  return term.endsWith('*') ? word.startsWith(term.slice(0, -1)) : word === term;
}

/** How often the query occurs in `docWords` (0 = no match). */
export function textScore(query: TextQuery, docWords: readonly string[]): number {
  if (query.terms.length === 0) return 0;
  if (query.phrase) {
    let count = 0;
    for (let i = 0; i + query.terms.length <= docWords.length; i++) {
      if (query.terms.every((t, k) => termMatches(t, docWords[i + k] ?? ''))) count++;
    }
    return count;
  }
  let total = 0;
  for (const term of query.terms) {
    let hits = 0;
    for (const word of docWords) if (termMatches(term, word)) hits++;
    if (hits === 0) return 0;
    total += hits;
  }
  return total;
}

/** Whether a word of running text is one the query asked for (for excerpt highlighting). */
export function isHighlighted(word: string, terms: readonly string[]): boolean {
  const lower = word.toLowerCase();
  return terms.some((t) => termMatches(t, lower));
}

export { words };
