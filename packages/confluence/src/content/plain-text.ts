import { type StorageNode, attribute, parseStorage } from './storage-parser.js';

const BLOCKS = new Set([
  ...['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'tr', 'blockquote', 'pre', 'hr', 'div', 'br'],
  ...['ac:task', 'ac:structured-macro', 'ac:layout-cell', 'table', 'ul', 'ol', 'ac:task-list'],
]);
const SKIP = new Set(['ac:parameter', 'ac:task-id', 'ac:task-uuid', 'ac:task-status', 'ac:emoticon']);

/**
 * The readable text of a storage document, for excerpts, search snippets and token-cheap previews:
 * one line per block, cells separated by tabs, macro parameters left out, code bodies kept.
 * Page links without text show the page title, mentions `@account-id`, images their alt text.
 *
 * @param maxLength cut the result to this many characters, ending with `…` when cut.
 */
export function storageToPlainText(storage: string, maxLength = Infinity): string {
  const parts: string[] = [];
  walk(parseStorage(storage).children, parts);
  const text = parts
    .join('')
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, (run) => (run.includes('\t') ? '\t' : ' ')).trim())
    .filter(Boolean)
    .join('\n');
  return text.length > maxLength ? text.slice(0, Math.max(0, maxLength - 1)).trimEnd() + '…' : text;
}

function walk(nodes: StorageNode[], parts: string[]): void {
  for (const node of nodes) {
    if (node.type === 'text') parts.push(node.value.replace(/[\r\n]+/g, ' '));
    else if (node.type === 'cdata') parts.push(node.value);
    else if (node.type === 'element' && !SKIP.has(node.name)) {
      const block = BLOCKS.has(node.name);
      if (block) parts.push('\n');
      if (node.name === 'td' || node.name === 'th') parts.push('\t');
      if (node.name === 'ri:page' && !node.children.length) parts.push(linkText(node, nodes));
      if (node.name === 'ri:user') parts.push('@' + (attribute(node, 'ri:account-id') ?? ''));
      if (node.name === 'ac:image') parts.push(attribute(node, 'ac:alt') ?? '');
      walk(node.children, parts);
      if (block) parts.push('\n');
    }
  }
}

/** A page link shows its body when it has one, else the page title. */
function linkText(page: StorageNode, siblings: StorageNode[]): string {
  const hasBody = siblings.some((s) => s.type === 'element' && s.name.endsWith('link-body'));
  return hasBody || page.type !== 'element' ? '' : (attribute(page, 'ri:content-title') ?? '');
}
