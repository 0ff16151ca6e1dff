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

function pushText(out: Canon[], value: string, verbatim: boolean): void {
  const last = out.at(-1);
  const joined = (typeof last === 'string' ? last : '') + value;
  const text = verbatim ? joined : joined.replace(/[ \t\r\n]+/g, ' ');
  if (typeof last === 'string') out[out.length - 1] = text;
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
  const out: Canon[] = [];
  let run: Canon[] = [];
  for (const child of children) {
    if (typeof child !== 'string' && BLOCK.has(child.name)) {
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

function pushParagraph(out: Canon[], run: Canon[]): void {
  const trimmed = trimInline(run);
  if (trimmed.length > 0) out.push({ name: 'p', attributes: [], children: trimmed });
}

/** A copy without the spaces at the edges and without empty strings. */
function trimInline(run: Canon[]): Canon[] {
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

function serialize(nodes: Canon[]): string {
  let out = '';
  for (const node of nodes) {
    if (typeof node === 'string') {
      out += escapeText(node);
      continue;
    }
    out += '<' + node.name;
    for (const [key, value] of node.attributes) out += ` ${key}="${escapeAttribute(value)}"`;
    out += `>${serialize(node.children)}</${node.name}>`;
  }
  return out;
}
