import type { BlockContent, Code, Heading, List, ListItem, Root } from 'mdast';
import { normalizeWhitespace } from './phrasing-whitespace.js';
import { base64Block, rawBlock, rawBlockContent } from './placeholder.js';
import { readMacro } from './storage-macros.js';
import {
  type StorageDocument,
  type StorageElement,
  type StorageNode,
  attribute,
  isBlankText,
} from './storage-parser.js';
import { type ReadContext, SIMPLE_INLINE, phrasing, rawOf } from './storage-phrasing.js';
import { readTable } from './storage-table.js';
import { readTaskList } from './storage-tasks.js';

/** Elements that always end a run of inline content. */
const BLOCK_TAGS = new Set([
  ...['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'table', 'blockquote', 'pre', 'hr', 'div'],
  ...['section', 'dl', 'ac:task-list', 'ac:layout', 'ac:layout-section', 'ac:layout-cell'],
]);

export function isBlockElement(node: StorageNode): node is StorageElement {
  return node.type === 'element' && BLOCK_TAGS.has(node.name);
}

/** Converts a parsed storage document to mdast. */
export function storageToMdast(doc: StorageDocument, userNames?: ReadonlyMap<string, string>): Root {
  const ctx: ReadContext =
    userNames === undefined || userNames.size === 0
      ? { source: doc.source }
      : { source: doc.source, userNames };
  return { type: 'root', children: flow(doc.children, ctx) };
}

/**
 * Converts the content of a block container (page body, list item, quote, panel body). Inline runs
 * become paragraphs; an element standing alone between blocks is kept as a block.
 */
export function flow(nodes: StorageNode[], ctx: ReadContext): BlockContent[] {
  const out: BlockContent[] = [];
  let run: StorageNode[] = [];
  for (const node of nodes) {
    if (isBlockElement(node)) {
      if (run.length > 0) out.push(...inlineRun(run, ctx));
      run = [];
      out.push(...block(node, ctx));
    } else run.push(node);
  }
  if (run.length > 0) out.push(...inlineRun(run, ctx));
  // Two indented code blocks in a row read back as one; the second stays verbatim.
  return out.map((b, i) => (isPre(b) && isPre(out[i - 1]) ? rawBlock(b.data.verbatim) : b));
}

function isPre(node: BlockContent | undefined): node is Code & { data: { verbatim: string } } {
  return node?.type === 'code' && node.data?.indented === true && node.data.verbatim !== undefined;
}

function inlineRun(run: StorageNode[], ctx: ReadContext): BlockContent[] {
  const content = run.filter((n) => !isBlankText(n));
  const textual = content.some((n) => n.type === 'text' || n.type === 'cdata');
  if (!textual && !content.some((n) => n.type === 'element' && SIMPLE_INLINE.has(n.name))) {
    return content.flatMap((n) => (n.type === 'element' ? block(n, ctx) : [rawBlock(rawOf(n, ctx))]));
  }
  const children = normalizeWhitespace(phrasing(run, ctx));
  return children.length > 0 ? [{ type: 'paragraph', children }] : [];
}

function block(el: StorageElement, ctx: ReadContext): BlockContent[] {
  return known(el, ctx) ?? [rawBlock(rawOf(el, ctx))];
}

function known(el: StorageElement, ctx: ReadContext): BlockContent[] | undefined {
  if (el.name === 'ac:structured-macro') return readMacro(el, ctx);
  if (el.name === 'table') return wrap(readTable(el, ctx));
  if (el.name === 'ac:task-list') return wrap(readTaskList(el, ctx));
  if (el.name === 'ol' && el.attributes.every(([key, value]) => key === 'start' && /^\d{1,9}$/.test(value))) {
    return wrap(list(el, ctx));
  }
  if (el.attributes.length > 0) return undefined;
  const depth = /^h([1-6])$/.exec(el.name)?.[1];
  if (depth) {
    const heading: Heading = {
      type: 'heading',
      depth: Number(depth) as Heading['depth'],
      children: normalizeWhitespace(phrasing(el.children, ctx)),
    };
    return [heading];
  }
  switch (el.name) {
    case 'p': {
      const children = normalizeWhitespace(phrasing(el.children, ctx));
      return children.length > 0 ? [{ type: 'paragraph', children }] : [];
    }
    case 'ul':
      return wrap(list(el, ctx));
    case 'blockquote':
      return [{ type: 'blockquote', children: flow(el.children, ctx) }];
    case 'hr':
      return el.children.length === 0 ? [{ type: 'thematicBreak' }] : undefined;
    case 'pre':
      return wrap(preformatted(el, ctx));
    default:
      return undefined;
  }
}

function wrap(node: BlockContent | undefined): BlockContent[] | undefined {
  return node ? [node] : undefined;
}

function list(el: StorageElement, ctx: ReadContext): List | undefined {
  const items: ListItem[] = [];
  for (const child of el.children) {
    if (isBlankText(child)) continue;
    if (child.type !== 'element' || child.name !== 'li' || child.attributes.length > 0) return undefined;
    const children = flow(child.children, ctx).map((b, i) =>
      // An indented code block cannot open a list item; such a `<pre>` stays verbatim. Nor can a rule
      // drawn with the bullet character, which Markdown writers avoid by switching bullets.
      i === 0 && b.type === 'code' && b.data?.indented && b.data.verbatim !== undefined
        ? rawBlock(b.data.verbatim)
        : i === 0 && b.type === 'thematicBreak'
          ? rawBlock('<hr />')
          : protectTabs(b),
    );
    items.push({ type: 'listItem', spread: needsBlankLines(children), children });
  }
  const start = attribute(el, 'start');
  return {
    type: 'list',
    ordered: el.name === 'ol',
    start: start ? Number(start) : null,
    spread: false,
    children: items,
  };
}

/**
 * A tight list item joins its blocks with a single line break, which only a paragraph followed by
 * lists survives: a paragraph after a quote, or a rule after a paragraph, would merge with it.
 */
export function needsBlankLines(children: BlockContent[]): boolean {
  return children.some((child, i) => i > 0 && child.type !== 'list') || children[0]?.type !== 'paragraph';
}

/**
 * Markdown parsers expand tabs that start a line inside a list item, so code whose lines start with
 * tabs keeps them only as a base64 placeholder there.
 */
function protectTabs(node: BlockContent): BlockContent {
  if (node.type === 'code') {
    const raw = rawBlockContent(node.lang, node.value) ?? node.data?.verbatim;
    return raw !== undefined && /^[ ]*\t/m.test(node.value) ? base64Block(raw) : node;
  }
  if ('children' in node && node.type !== 'table') {
    const children = (node.children as BlockContent[]).map(protectTabs);
    // Most blocks hold no such code: they are kept as they are rather than copied.
    if (children.every((child, i) => child === node.children[i])) return node;
    return { ...node, children } as BlockContent;
  }
  return node;
}

/**
 * `<pre>` with plain text becomes an indented code block (fenced blocks are for the code macro).
 * Text an indented block cannot hold exactly (blank edges, blank-but-not-empty lines) stays verbatim.
 */
function preformatted(el: StorageElement, ctx: ReadContext): Code | undefined {
  if (el.children.some((c) => c.type !== 'text' && c.type !== 'cdata')) return undefined;
  const value = el.children.map((c) => (c.type === 'text' || c.type === 'cdata' ? c.value : '')).join('');
  const lines = value.split('\n');
  const blank = (line: string | undefined): boolean => line === undefined || line.trim() === '';
  if (value.includes('\r') || blank(lines[0]) || blank(lines.at(-1)) || /\s$/.test(value)) return undefined;
  if (lines.some((line) => line !== '' && line.trim() === '')) return undefined;
  return { type: 'code', lang: null, meta: null, value, data: { indented: true, verbatim: rawOf(el, ctx) } };
}
