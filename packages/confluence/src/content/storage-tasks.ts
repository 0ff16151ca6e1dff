import type { BlockContent, List, ListItem, PhrasingContent } from 'mdast';
import { normalizeWhitespace } from './phrasing-whitespace.js';
import { type StorageElement, type StorageNode, isBlankText, textContent } from './storage-parser.js';
import { type ReadContext, phrasing } from './storage-phrasing.js';
import { flow, isBlockElement, needsBlankLines } from './storage-to-mdast.js';

/**
 * `<ac:task-list>` → a GFM task list. A nested `<ac:task-list>` follows the task it belongs to.
 * Task ids are not kept: they are numbered afresh when written back.
 */
export function readTaskList(el: StorageElement, ctx: ReadContext): List | undefined {
  if (el.attributes.length > 0) return undefined;
  const items: ListItem[] = [];
  for (const child of el.children) {
    if (isBlankText(child)) continue;
    if (child.type !== 'element') return undefined;
    const previous = items.at(-1);
    if (child.name === 'ac:task-list' && previous) {
      const nested = readTaskList(child, ctx);
      if (!nested) return undefined;
      previous.children.push(nested);
      continue;
    }
    const item = child.name === 'ac:task' ? readTask(child, ctx) : undefined;
    if (!item) return undefined;
    items.push(item);
  }
  if (items.length === 0) return undefined;
  return { type: 'list', ordered: false, start: null, spread: false, children: items };
}

function readTask(el: StorageElement, ctx: ReadContext): ListItem | undefined {
  let status: string | undefined;
  let body: StorageElement | undefined;
  for (const child of el.children) {
    if (isBlankText(child)) continue;
    if (child.type !== 'element' || child.attributes.length > 0) return undefined;
    if (child.name === 'ac:task-status') status = textContent(child);
    else if (child.name === 'ac:task-body' && !body) body = child;
    else if (child.name !== 'ac:task-id' && child.name !== 'ac:task-uuid') return undefined;
  }
  if (status !== 'complete' && status !== 'incomplete') return undefined;
  const content = unwrapPlaceholderSpans(body?.children ?? []);
  let children: BlockContent[];
  if (content.some(isBlockElement)) children = flow(content, ctx);
  else {
    const inline: PhrasingContent[] = normalizeWhitespace(phrasing(content, ctx));
    // A task with an empty body still needs some content, or Markdown drops its checkbox.
    children = [{ type: 'paragraph', children: inline.length > 0 ? inline : [{ type: 'text', value: ' ' }] }];
  }
  return { type: 'listItem', checked: status === 'complete', spread: needsBlankLines(children), children };
}

/** The old editor wraps task text in `<span class="placeholder-inline-tasks">`, which carries nothing. */
function unwrapPlaceholderSpans(nodes: StorageNode[]): StorageNode[] {
  return nodes.flatMap((n) =>
    n.type === 'element' &&
    n.name === 'span' &&
    n.attributes.length === 1 &&
    n.attributes[0]?.[0] === 'class' &&
    n.attributes[0][1] === 'placeholder-inline-tasks'
      ? n.children
      : [n],
  );
}
