import { type StorageElement, type StorageNode, parseStorage } from './storage-parser.js';
import { escapeAttribute, escapeText } from './xml.js';

const RENAME: Readonly<Record<string, string>> = {
  b: 'strong',
  i: 'em',
  del: 's',
  strike: 's',
  thead: 'tbody',
  tfoot: 'tbody',
};
const DROP_ATTRIBUTES = new Set([
  ...['ac:schema-version', 'ac:macro-id', 'ac:local-id', 'local-id', 'data-layout', 'data-table-width'],
  'data-table-display-mode',
]);
const DROP_ELEMENTS = new Set(['ac:task-id', 'ac:task-uuid', 'colgroup']);
const FLOW = new Set(['#root', 'li', 'blockquote', 'ac:rich-text-body', 'td', 'th', 'ac:task-body']);
/** Containers whose single paragraph is the same as bare inline content. */
const UNWRAP_SINGLE_P = new Set(['li', 'td', 'th', 'ac:task-body']);
const BLOCK = new Set([
  ...['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'table', 'tbody', 'tr', 'blockquote', 'pre', 'hr'],
  ...['div', 'ac:task-list', 'ac:task', 'ac:structured-macro', 'ac:layout'],
]);
const STRUCTURAL = new Set([
  ...['ul', 'ol', 'table', 'tbody', 'thead', 'tfoot', 'tr', 'ac:task-list', 'ac:task', 'ac:structured-macro'],
  ...['ac:layout', 'ac:layout-section', 'ac:link', 'ac:image'],
]);
const VERBATIM_TEXT = new Set(['pre', 'ac:plain-text-body', 'ac:parameter', 'ac:task-status', 'code']);

/**
 * A canonical form of storage format for deciding whether two documents say the same thing: it
 * ignores whitespace that does not render, CDATA versus escaped text, `<b>` versus `<strong>`, a lone
 * `<p>` in a list item or cell, macro ids, task ids, parameter order and table layout attributes.
 * Useful to skip an update that changes nothing; not meant to be sent to Confluence.
 */
export function normalizeStorage(storage: string): string {
  return serialize(canonical(parseStorage(storage).children, '#root', false));
}

type Canon = { name: string; attributes: [string, string][]; children: Canon[] } | string;

function canonical(nodes: StorageNode[], parent: string, verbatim: boolean): Canon[] {
  const out: Canon[] = [];
  for (const node of nodes) {
    if (node.type === 'opaque') continue;
    if (node.type !== 'element') {
      // Whitespace between rows, items or macro parts is formatting, not content.
      if (STRUCTURAL.has(parent) && !/[^ \t\r\n]/.test(node.value)) continue;
      pushText(out, node.value, verbatim);
      continue;
    }
    if (DROP_ELEMENTS.has(node.name)) continue;
    if (isPlaceholderSpan(node)) {
      out.push(...canonical(node.children, parent, verbatim));
      continue;
    }
    const name = RENAME[node.name] ?? node.name;
    const attributes = keptAttributes(node.attributes);
    let children = canonical(node.children, name, verbatim || VERBATIM_TEXT.has(name));
    if (name === 'ac:structured-macro') children = sortParameters(children);
    // As in a paragraph, spaces at the edges of a heading do not render.
    if (!verbatim && HEADINGS.has(name)) children = trimInline(children);
    // Spaces at the edges of inline formatting render the same outside it.
    const hoist = !verbatim && INLINE_WRAPPERS.has(name);
    const before = hoist && takeSpace(children, 0, /^ /);
    const after = hoist && takeSpace(children, children.length - 1, / $/);
    if (before) pushText(out, ' ', verbatim);
    out.push({ name, attributes, children });
    if (after) pushText(out, ' ', verbatim);
  }
  const merged = parent === 'table' ? mergeTableBodies(out) : out;
  return FLOW.has(parent) ? flow(merged, parent) : merged;
}

const INLINE_WRAPPERS = new Set(['strong', 'em', 's', 'a']);
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const CONFLUENCE_CLASS = /confluence|wrapped/;

function dropped([key, value]: [string, string]): boolean {
  if (DROP_ATTRIBUTES.has(key) || (key === 'class' && CONFLUENCE_CLASS.test(value))) return true;
  return (key === 'colspan' || key === 'rowspan') && value === '1';
}

/** The attributes that carry meaning; the parsed list itself when it has no others (neither is changed later). */
function keptAttributes(attributes: [string, string][]): [string, string][] {
  return attributes.some(dropped) ? attributes.filter((attribute) => !dropped(attribute)) : attributes;
}

/** Whitespace that collapses: a tab or line break, or two spaces (a lone space stays as it is). */
const COLLAPSIBLE = /[\t\r\n]| {2}/;

function pushText(out: Canon[], value: string, verbatim: boolean): void {
  const lastIndex = out.length - 1;
  const last = out[lastIndex];
  const joined = typeof last === 'string' ? last + value : value;
  const text = verbatim || !COLLAPSIBLE.test(joined) ? joined : joined.replace(/[ \t\r\n]+/g, ' ');
  if (typeof last === 'string') out[lastIndex] = text;
  else out.push(text);
}

function takeSpace(children: Canon[], index: number, edge: RegExp): boolean {
  const child = children[index];
  if (typeof child !== 'string' || !edge.test(child)) return false;
  children[index] = child.replace(edge, '');
  if (children[index] === '') children.splice(index, 1);
  return true;
}

function isPlaceholderSpan(el: StorageElement): boolean {
  return (
    el.name === 'span' && el.attributes.length === 1 && el.attributes[0]?.[1] === 'placeholder-inline-tasks'
  );
}

/** Parameters first, by name; then the bodies, by element name. */
function parameterKey(c: Canon): string {
  if (typeof c === 'string') return '';
  return c.name === 'ac:parameter' ? `0${c.attributes[0]?.[1] ?? ''}` : `1${c.name}`;
}

function sortParameters(children: Canon[]): Canon[] {
  return children
    .filter((c) => typeof c !== 'string' || c.trim())
    .sort((a, b) => parameterKey(a).localeCompare(parameterKey(b)));
}

function mergeTableBodies(children: Canon[]): Canon[] {
  const rows = children.flatMap((c) => (typeof c !== 'string' && c.name === 'tbody' ? c.children : [c]));
  return [{ name: 'tbody', attributes: [], children: rows.filter((c) => typeof c !== 'string' || c.trim()) }];
}

/** Wraps inline runs in `<p>`, drops empty paragraphs, and unwraps a lone paragraph where allowed. */
function flow(children: Canon[], parent: string): Canon[] {
  // Most list items and cells hold inline content only: one paragraph, or its children where it is unwrapped.
  if (!children.some(isBlock)) {
    const trimmed = trimInline(children);
    if (UNWRAP_SINGLE_P.has(parent) || trimmed.length === 0) return trimmed;
    return [{ name: 'p', attributes: [], children: trimmed }];
  }
  const out: Canon[] = [];
  let run: Canon[] = [];
  for (const child of children) {
    if (isBlock(child)) {
      pushParagraph(out, run);
      run = [];
      if (child.name === 'p') pushParagraph(out, child.children);
      else out.push(child);
    } else run.push(child);
  }
  pushParagraph(out, run);
  const [only] = out;
  if (UNWRAP_SINGLE_P.has(parent) && out.length === 1 && typeof only !== 'string' && only?.name === 'p') {
    return only.children;
  }
  return out;
}

function isBlock(child: Canon): child is Exclude<Canon, string> {
  return typeof child !== 'string' && BLOCK.has(child.name);
}

function pushParagraph(out: Canon[], run: Canon[]): void {
  const trimmed = trimInline(run);
  if (trimmed.length > 0) out.push({ name: 'p', attributes: [], children: trimmed });
}

/** Without the spaces at the edges and without empty strings: `run` itself when it has none, else a copy. */
function trimInline(run: Canon[]): Canon[] {
  if (!needsTrim(run)) return run;
  const out: Canon[] = [];
  const last = run.length - 1;
  for (let i = 0; i <= last; i++) {
    let child = run[i] as Canon;
    if (typeof child === 'string') {
      if (i === 0) child = child.trimStart();
      if (i === last) child = child.trimEnd();
      if (child === '') continue;
    }
    out.push(child);
  }
  return out;
}

function needsTrim(run: Canon[]): boolean {
  const first = run[0];
  const last = run.at(-1);
  if (typeof first === 'string' && first !== first.trimStart()) return true;
  if (typeof last === 'string' && last !== last.trimEnd()) return true;
  return run.some((child) => child === '');
}

function serialize(nodes: Canon[]): string {
  const parts: string[] = [];
  serializeInto(nodes, parts, new Map());
  return parts.join('');
}

/** Tag name → its bare opening and its closing tag, built once per document instead of once per element. */
type TagStrings = Map<string, { open: string; close: string }>;

function serializeInto(nodes: Canon[], parts: string[], tags: TagStrings): void {
  for (const node of nodes) {
    if (typeof node === 'string') {
      parts.push(escapeText(node));
      continue;
    }
    let tag = tags.get(node.name);
    if (tag === undefined) tags.set(node.name, (tag = { open: `<${node.name}>`, close: `</${node.name}>` }));
    if (node.attributes.length === 0) parts.push(tag.open);
    else {
      let open = '<' + node.name;
      for (const [key, value] of node.attributes) open += ` ${key}="${escapeAttribute(value)}"`;
      parts.push(open + '>');
    }
    serializeInto(node.children, parts, tags);
    parts.push(tag.close);
  }
}
