import { isHighlighted } from '../cql/text-match.js';
import { escapeXml } from '../storage/xhtml.js';

export const EXCERPT_MODES = [
  'highlight',
  'indexed',
  'none',
  'highlight_unescaped',
  'indexed_unescaped',
] as const;
export type ExcerptMode = (typeof EXCERPT_MODES)[number];

const HL_START = '@@@hl@@@';
const HL_END = '@@@endhl@@@';
const EXCERPT_CHARS = 240;

/** Wraps the query's words in `@@@hl@@@…@@@endhl@@@`, escaping everything else unless the mode says not to. */
export function highlight(text: string, terms: readonly string[], mode: ExcerptMode): string {
  const escape = mode.endsWith('_unescaped')
    ? (s: string) => s
    : (s: string) => escapeXml(s).replace(/'/g, '&#39;');
  if (!mode.startsWith('highlight') || terms.length === 0) return escape(text);
  return text
    .split(/([\p{L}\p{N}]+)/u)
    .map((part, i) =>
      i % 2 === 1 && isHighlighted(part, terms) ? `${HL_START}${escape(part)}${HL_END}` : escape(part),
    )
    .join('');
}

/** About 240 characters of body text around the first matching word (or from the start). */
export function excerpt(text: string, terms: readonly string[], mode: ExcerptMode): string {
  if (mode === 'none') return '';
  const flat = text.replace(/\s+/g, ' ').trim();
  let start = 0;
  if (terms.length > 0) {
    const re = /[\p{L}\p{N}]+/gu;
    for (let m = re.exec(flat); m !== null; m = re.exec(flat)) {
      if (isHighlighted(m[0], terms)) {
        start = Math.max(0, m.index - 60);
        break;
      }
    }
  }
  if (start > 0) {
    const space = flat.indexOf(' ', start);
    start = space === -1 ? start : space + 1;
  }
  let end = Math.min(flat.length, start + EXCERPT_CHARS);
  if (end < flat.length) {
    const space = flat.lastIndexOf(' ', end);
    end = space > start ? space : end;
  }
  const window = flat.slice(start, end);
  return `${start > 0 ? '...' : ''}${highlight(window, terms, mode)}${end < flat.length ? '...' : ''}`;
}
