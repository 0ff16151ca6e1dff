import type { PhrasingContent, Text } from 'mdast';

const SPACE_RUN = /[ \t\r\n]+/g;

type Wrapper = Extract<PhrasingContent, { type: 'strong' | 'emphasis' | 'delete' | 'link' }>;

function isWrapper(node: PhrasingContent): node is Wrapper {
  return node.type === 'strong' || node.type === 'emphasis' || node.type === 'delete' || node.type === 'link';
}

/**
 * Applies HTML whitespace rules to converted inline content, so Markdown needs no escapes for them:
 * runs of spaces and line breaks collapse to one space, spaces at the edges of bold/italic/links move
 * outside (`<strong> a</strong>` reads as ` **a**`), and the edges of the block are trimmed.
 */
export function normalizeWhitespace(nodes: PhrasingContent[]): PhrasingContent[] {
  const out = merge(hoistAll(nodes));
  const first = out[0];
  if (first?.type === 'text') first.value = first.value.trimStart();
  const last = out.at(-1);
  if (last?.type === 'text') last.value = last.value.trimEnd();
  return out.filter((n) => n.type !== 'text' || n.value !== '');
}

function hoistAll(nodes: PhrasingContent[]): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  for (const node of nodes) {
    if (isWrapper(node)) hoist(node, out);
    else out.push(node);
  }
  return out;
}

/** Appends the wrapper to `out`, with the spaces at its inner edges moved out before and after it. */
function hoist(node: Wrapper, out: PhrasingContent[]): void {
  const children = merge(hoistAll(node.children));
  const before = takeEdge(children, 'start');
  const after = takeEdge(children, 'end');
  const inner = children.filter((n) => n.type !== 'text' || n.value !== '');
  if (inner.length === 0 && node.type !== 'link') {
    out.push(text(before + after));
    return;
  }
  if (before) out.push(text(before));
  out.push({ ...node, children: inner });
  if (after) out.push(text(after));
}

function takeEdge(children: PhrasingContent[], edge: 'start' | 'end'): string {
  const node = edge === 'start' ? children[0] : children.at(-1);
  if (node?.type !== 'text') return '';
  const match = edge === 'start' ? /^[ \t\r\n]+/.exec(node.value) : /[ \t\r\n]+$/.exec(node.value);
  if (!match) return '';
  node.value = edge === 'start' ? node.value.slice(match[0].length) : node.value.slice(0, -match[0].length);
  return ' ';
}

/** Joins adjacent text nodes and collapses whitespace runs, across node boundaries. */
function merge(nodes: PhrasingContent[]): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  for (const node of nodes) {
    const prev = out.at(-1);
    if (node.type === 'text' && prev?.type === 'text')
      prev.value = (prev.value + node.value).replace(SPACE_RUN, ' ');
    else if (node.type === 'text') out.push(text(node.value.replace(SPACE_RUN, ' ')));
    else out.push(node);
  }
  return out;
}

function text(value: string): Text {
  return { type: 'text', value };
}
