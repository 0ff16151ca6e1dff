import { decodeEntities } from '../storage/xhtml.js';

/**
 * Finding an inline comment's text selection in a page's storage, and marking it as Confluence does with
 * `<ac:inline-comment-marker ac:ref="…">`. Text is matched as a reader sees it: per block (paragraph, heading, list
 * item, cell), across inline markup (bold, links, mentions), entities decoded; macro parameters, CDATA and link
 * targets are not prose. A match that runs across inline markup is marked piece by piece with the same ref.
 */

/** Elements whose text flows into the surrounding block: a selection may run across them. */
const INLINE = new Set([
  'a',
  'abbr',
  'b',
  'cite',
  'code',
  'del',
  'em',
  'i',
  'ins',
  'kbd',
  'mark',
  's',
  'small',
  'span',
  'strike',
  'strong',
  'sub',
  'sup',
  'u',
  'var',
  'time',
  'ac:link',
  'ac:emoticon',
  'ac:inline-comment-marker',
  'ri:user',
  'ri:page',
  'br',
]);
const NOT_PROSE = new Set(['ac:parameter', 'ac:plain-text-link-body', 'ac:plain-text-body']);
const VOID = new Set(['br', 'hr', 'img', 'col', 'input', 'meta', 'link', 'wbr']);

interface Piece {
  start: number;
  end: number;
  value: string;
}

/** One occurrence: the source ranges of the text it covers. */
export type SelectionMatch = { start: number; end: number }[];

const TOKEN =
  /<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<!--[\s\S]*?(?:-->|$)|<\/([a-zA-Z][\w:.-]*)\s*>|<([a-zA-Z][\w:.-]*)(?:\s+[\w:.-]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']+))?)*\s*(\/?)>/g;

interface Frame {
  name: string;
  run: number;
  skip: boolean;
}

function textRuns(source: string): Piece[][] {
  const runs: Piece[][] = [[]];
  const stack: Frame[] = [{ name: '#root', run: 0, skip: false }];
  const top = (): Frame => stack[stack.length - 1] ?? { name: '#root', run: 0, skip: false };
  const text = (start: number, end: number) => {
    const frame = top();
    if (end <= start || frame.skip) return;
    runs[frame.run]?.push({ start, end, value: decodeEntities(source.slice(start, end)) });
  };
  let at = 0;
  for (const m of source.matchAll(TOKEN)) {
    const index = m.index;
    text(at, index);
    at = index + m[0].length;
    const [, closing, opening, selfClosing] = m;
    if (closing !== undefined) {
      const i = stack.map((f) => f.name).lastIndexOf(closing);
      if (i > 0) stack.length = i;
    } else if (opening !== undefined && selfClosing !== '/' && !VOID.has(opening)) {
      const parent = top();
      if (parent.skip || NOT_PROSE.has(opening)) stack.push({ name: opening, run: parent.run, skip: true });
      else if (INLINE.has(opening)) stack.push({ name: opening, run: parent.run, skip: false });
      else {
        runs.push([]);
        stack.push({ name: opening, run: runs.length - 1, skip: false });
      }
    }
  }
  text(at, source.length);
  return runs.filter((run) => run.length > 0);
}

/** Every occurrence of `selection` (non-overlapping, in document order). */
export function findSelections(source: string, selection: string): SelectionMatch[] {
  if (selection === '') return [];
  const matches: SelectionMatch[] = [];
  for (const run of textRuns(source)) {
    const joined = run.map((p) => p.value).join('');
    for (
      let at = joined.indexOf(selection);
      at !== -1;
      at = joined.indexOf(selection, at + selection.length)
    ) {
      matches.push(rangesFor(source, run, at, at + selection.length));
    }
  }
  return matches;
}

function rangesFor(source: string, run: Piece[], from: number, to: number): SelectionMatch {
  const ranges: SelectionMatch = [];
  let offset = 0;
  for (const piece of run) {
    const pieceFrom = Math.max(from, offset);
    const pieceTo = Math.min(to, offset + piece.value.length);
    if (pieceFrom < pieceTo) {
      const map = rawOffsets(source.slice(piece.start, piece.end));
      ranges.push({
        start: piece.start + (map[pieceFrom - offset] ?? piece.end - piece.start),
        end: piece.start + (map[pieceTo - offset] ?? piece.end - piece.start),
      });
    }
    offset += piece.value.length;
  }
  return ranges;
}

/** For each decoded character of a text node's raw source (and one past the end), its raw offset. */
function rawOffsets(raw: string): number[] {
  const map: number[] = [];
  const entity = /&(?:#\d+|#x[\da-f]+|[a-z][a-z\d]*);/giy;
  for (let i = 0; i < raw.length;) {
    entity.lastIndex = i;
    const m = entity.exec(raw);
    const decoded = m === null ? raw.charAt(i) : decodeEntities(m[0]);
    const width = m === null ? 1 : m[0].length;
    for (let k = 0; k < decoded.length; k++) map.push(i);
    i += width;
  }
  map.push(raw.length);
  return map;
}

/** The storage with one occurrence wrapped in markers carrying `ref`. */
export function markSelection(source: string, match: SelectionMatch, ref: string): string {
  let out = source;
  for (const range of [...match].sort((a, b) => b.start - a.start)) {
    const open = `<ac:inline-comment-marker ac:ref="${ref}">`;
    out =
      out.slice(0, range.start) +
      open +
      out.slice(range.start, range.end) +
      '</ac:inline-comment-marker>' +
      out.slice(range.end);
  }
  return out;
}

/** Whether the storage still holds a marker for `ref` (a page edit may have removed it: the comment dangles). */
export function hasMarker(source: string, ref: string): boolean {
  return source.includes(`ac:ref="${ref}"`);
}
