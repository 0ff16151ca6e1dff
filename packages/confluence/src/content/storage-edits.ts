import { EditNotApplicableError } from '../errors.js';
import { parseStorage, textContent, type StorageElement, type StorageNode } from './storage-parser.js';
import { decodeEntities, escapeText } from './xml.js';

/**
 * One surgical change to a page's storage body. Bodies are storage XHTML here (the tool converts Markdown first);
 * `find` and `replace` are plain text.
 */
export type StorageEdit =
  | { op: 'append' | 'prepend'; body: string }
  | { op: 'replace_section' | 'insert_after_heading'; heading: string; body: string }
  | { op: 'replace_text'; find: string; replace: string; expectedCount?: number | undefined };

/**
 * Applies the edits in order, each to the result of the one before, touching only the bytes the edit is about:
 * everything else (macros, layouts, unknown elements, entity spellings) is copied through unchanged. An edit that
 * cannot apply (heading missing or ambiguous, text not found or found a different number of times) throws
 * EditNotApplicableError and nothing is applied.
 */
export function applyStorageEdits(source: string, edits: readonly StorageEdit[]): string {
  return edits.reduce((body, edit, index) => applyEdit(body, edit, index), source);
}

function applyEdit(source: string, edit: StorageEdit, index: number): string {
  switch (edit.op) {
    case 'append':
      return source + edit.body;
    case 'prepend':
      return edit.body + source;
    case 'insert_after_heading': {
      const { heading } = findHeading(source, edit.heading, index, edit.op);
      return splice(source, heading.end, heading.end, edit.body);
    }
    case 'replace_section': {
      const { heading, sectionEnd } = findHeading(source, edit.heading, index, edit.op);
      return splice(source, heading.end, sectionEnd, edit.body);
    }
    case 'replace_text':
      return replaceText(source, edit, index);
  }
}

function splice(source: string, start: number, end: number, insert: string): string {
  return source.slice(0, start) + insert + source.slice(end);
}

const HEADING = /^h([1-6])$/;
const levelOf = (el: StorageElement) => Number(HEADING.exec(el.name)?.[1] ?? 0);
const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

interface Located {
  heading: StorageElement;
  /** Where the heading's section ends: the next heading of the same or a higher level beside it, or its container's end. */
  sectionEnd: number;
}

/**
 * The one heading whose text is `wanted` (whitespace collapsed; a Markdown prefix such as "## " also fixes the
 * level), at any depth: headings inside layouts and panels have sections too, bounded by their container.
 */
function findHeading(source: string, wanted: string, index: number, op: string): Located {
  const prefix = /^(#{1,6})\s+/.exec(wanted);
  const level = prefix?.[1]?.length;
  const text = collapse(prefix === null ? wanted : wanted.slice(prefix[0].length));
  const found: Located[] = [];
  const all: string[] = [];
  const visit = (children: StorageNode[], containerEnd: number) => {
    children.forEach((node, i) => {
      if (node.type !== 'element') return;
      const nodeLevel = levelOf(node);
      if (nodeLevel > 0) {
        all.push(`${'#'.repeat(nodeLevel)} ${collapse(textContent(node))}`);
        if (collapse(textContent(node)) === text && (level === undefined || level === nodeLevel)) {
          const next = children
            .slice(i + 1)
            .find((n) => n.type === 'element' && levelOf(n) > 0 && levelOf(n) <= nodeLevel);
          found.push({ heading: node, sectionEnd: next?.start ?? containerEnd });
        }
        return;
      }
      visit(node.children, contentEnd(source, node));
    });
  };
  visit(parseStorage(source).children, source.length);
  const where = `edits[${index}] (${op})`;
  if (found.length === 0) {
    const known =
      all.length === 0 ? 'the page has no headings' : `its headings are: ${all.slice(0, 30).join(' | ')}`;
    throw new EditNotApplicableError(
      `${where}: no heading "${wanted}" on the page (${known}). Nothing was changed: fix the heading and retry.`,
      { editIndex: index, matchCount: 0 },
    );
  }
  if (found.length > 1) {
    throw new EditNotApplicableError(
      `${where}: ${found.length} headings read "${wanted}". Nothing was changed: give its level as a Markdown ` +
        'prefix (e.g. "## Setup") if that tells them apart, or use replace_text on nearby text.',
      { editIndex: index, matchCount: found.length },
    );
  }
  return found[0] as Located;
}

/** Where an element's content ends: the start of its closing tag (its end, when it closes itself). */
function contentEnd(source: string, el: StorageElement): number {
  const close = `</${el.name}>`;
  return source.endsWith(close, el.end) ? el.end - close.length : el.end;
}

/** Elements whose text flows into the surrounding block: a match may run across them. */
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
/** Text here is not page prose (macro parameters, link targets): never matched. */
const NOT_PROSE = new Set(['ac:parameter', 'ac:plain-text-link-body', 'ac:plain-text-body']);

interface TextPiece {
  /** Source offsets of the text node. */
  start: number;
  end: number;
  /** Decoded text. */
  value: string;
}

/** Runs of text that read as one line of prose: the text nodes of one block, in order, across inline markup. */
function textRuns(source: string): TextPiece[][] {
  const runs: TextPiece[][] = [];
  const walk = (children: StorageNode[], run: TextPiece[]) => {
    for (const node of children) {
      if (node.type === 'text') run.push({ start: node.start, end: node.end, value: node.value });
      else if (node.type === 'element' && !NOT_PROSE.has(node.name)) {
        if (INLINE.has(node.name)) walk(node.children, run);
        else {
          const inner: TextPiece[] = [];
          runs.push(inner);
          walk(node.children, inner);
        }
      }
    }
  };
  const top: TextPiece[] = [];
  runs.push(top);
  walk(parseStorage(source).children, top);
  return runs.filter((run) => run.length > 0);
}

/**
 * Where `find` occurs in the page's prose, as a reader sees it (per block, across inline markup, entities decoded;
 * never inside macro parameters or code bodies): a short excerpt around each occurrence, in document order,
 * non-overlapping. Inline comments anchor to text counted this way (Confluence's `textSelectionMatchIndex`).
 */
export function textOccurrences(source: string, find: string, around = 30): string[] {
  if (find === '') return [];
  const found: string[] = [];
  for (const run of textRuns(source)) {
    const text = run.map((p) => p.value).join('');
    for (let at = text.indexOf(find); at !== -1; at = text.indexOf(find, at + find.length)) {
      const end = at + find.length;
      const before = (at > around ? '…' : '') + text.slice(Math.max(0, at - around), at);
      const after = text.slice(end, end + around) + (end + around < text.length ? '…' : '');
      found.push(`${before}${find}${after}`.replace(/\s+/g, ' '));
    }
  }
  return found;
}

/**
 * Replaces exact text, also where inline markup splits it ("**bold** text"): the replacement goes into the text
 * node where the match starts, and the rest of the match is removed from the nodes it runs into; the markup
 * between stays. Matching is on decoded text; only the matched characters' source is rewritten.
 */
function replaceText(
  source: string,
  edit: { find: string; replace: string; expectedCount?: number | undefined },
  index: number,
): string {
  const where = `edits[${index}] (replace_text)`;
  if (edit.find === '') {
    throw new EditNotApplicableError(`${where}: find is empty. Nothing was changed.`, { editIndex: index });
  }
  const cuts: { start: number; end: number; insert: string }[] = [];
  let count = 0;
  for (const run of textRuns(source)) {
    const text = run.map((p) => p.value).join('');
    for (let at = text.indexOf(edit.find); at !== -1; at = text.indexOf(edit.find, at + edit.find.length)) {
      count += 1;
      cuts.push(...cutsFor(source, run, at, at + edit.find.length, escapeText(edit.replace)));
    }
  }
  const expected = edit.expectedCount ?? 1;
  if (count !== expected) {
    const found = count === 0 ? 'is not on the page' : `occurs ${count} times`;
    const fix =
      count === 0
        ? 'check the exact text (get_confluence_page shows it)'
        : edit.expectedCount === undefined
          ? `pass expectedCount: ${count} to replace every one, or make find longer so it is unique`
          : `pass expectedCount: ${count} if every one should change`;
    throw new EditNotApplicableError(
      `${where}: "${truncate(edit.find)}" ${found}, expected ${expected}. Nothing was changed: ${fix}.`,
      { editIndex: index, matchCount: count },
    );
  }
  return cuts
    .sort((a, b) => b.start - a.start)
    .reduce((body, cut) => splice(body, cut.start, cut.end, cut.insert), source);
}

/** The source cuts that replace decoded characters [from, to) of a run with `insert` (already escaped). */
function cutsFor(source: string, run: TextPiece[], from: number, to: number, insert: string) {
  const cuts: { start: number; end: number; insert: string }[] = [];
  let offset = 0;
  for (const piece of run) {
    const pieceFrom = Math.max(from, offset);
    const pieceTo = Math.min(to, offset + piece.value.length);
    if (pieceFrom < pieceTo) {
      const raw = source.slice(piece.start, piece.end);
      const map = rawOffsets(raw);
      cuts.push({
        start: piece.start + (map[pieceFrom - offset] ?? raw.length),
        end: piece.start + (map[pieceTo - offset] ?? raw.length),
        insert: cuts.length === 0 ? insert : '',
      });
    }
    offset += piece.value.length;
  }
  return cuts;
}

/** For each decoded character index of a text node's raw source (and one past the end), its raw offset. */
function rawOffsets(raw: string): number[] {
  const map: number[] = [];
  const entity = /&(?:#\d+|#x[\da-f]+|[a-z][a-z\d]*);/giy;
  for (let i = 0; i < raw.length;) {
    entity.lastIndex = i;
    const match = entity.exec(raw);
    const length = match === null ? 1 : match[0].length;
    const decoded = match === null ? 1 : decodeEntities(match[0]).length;
    for (let k = 0; k < decoded; k += 1) map.push(i);
    i += length;
  }
  map.push(raw.length);
  return map;
}

function truncate(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
