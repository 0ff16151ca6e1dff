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
    const attributes = node.attributes
      .filter(
        ([key, value]) => !DROP_ATTRIBUTES.has(key) && !(key === 'class' && /confluence|wrapped/.test(value)),
      )
      .filter(([key, value]) => !((key === 'colspan' || key === 'rowspan') && value === '1'));
    let children = canonical(node.children, name, verbatim || VERBATIM_TEXT.has(name));
    if (name === 'ac:structured-macro') children = sortParameters(children);
    // As in a paragraph, spaces at the edges of a heading do not render.
    if (!verbatim && /^h[1-6]$/.test(name)) children = trimInline(children);
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

function sortParameters(children: Canon[]): Canon[] {
  const key = (c: Canon): string =>
    typeof c === 'string' ? '' : c.name === 'ac:parameter' ? `0${c.attributes[0]?.[1] ?? ''}` : `1${c.name}`;
  return children
    .filter((c) => typeof c !== 'string' || c.trim())
    .sort((a, b) => key(a).localeCompare(key(b)));
}

function mergeTableBodies(children: Canon[]): Canon[] {
  const rows = children.flatMap((c) => (typeof c !== 'string' && c.name === 'tbody' ? c.children : [c]));
  return [{ name: 'tbody', attributes: [], children: rows.filter((c) => typeof c !== 'string' || c.trim()) }];
}

/** Wraps inline runs in `<p>`, drops empty paragraphs, and unwraps a lone paragraph where allowed. */
function flow(children: Canon[], parent: string): Canon[] {
  const out: Canon[] = [];
  let run: Canon[] = [];
  const flush = (): void => {
    const trimmed = trimInline(run);
    if (trimmed.some((c) => typeof c !== 'string' || c !== ''))
      out.push({ name: 'p', attributes: [], children: trimmed });
    run = [];
  };
  for (const child of children) {
    if (typeof child !== 'string' && BLOCK.has(child.name)) {
      flush();
      if (child.name === 'p') run = [...child.children];
      else out.push(child);
      if (child.name === 'p') flush();
    } else run.push(child);
  }
  flush();
  const [only] = out;
  if (UNWRAP_SINGLE_P.has(parent) && out.length === 1 && typeof only !== 'string' && only?.name === 'p') {
    return only.children;
  }
  return out;
}

function trimInline(run: Canon[]): Canon[] {
  const out = [...run];
  if (typeof out[0] === 'string') out[0] = out[0].trimStart();
  const last = out.length - 1;
  if (typeof out[last] === 'string') out[last] = out[last].trimEnd();
  return out.filter((c) => c !== '');
}

function serialize(nodes: Canon[]): string {
  return nodes
    .map((n) => {
      if (typeof n === 'string') return escapeText(n);
      const attrs = n.attributes.map(([k, v]) => ` ${k}="${escapeAttribute(v)}"`).join('');
      return `<${n.name}${attrs}>${serialize(n.children)}</${n.name}>`;
    })
    .join('');
}
