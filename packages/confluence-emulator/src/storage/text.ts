import type { XElement, XNode } from './xhtml.js';
import { parseXhtml } from './xhtml.js';

const BLOCKS = new Set([
  'p',
  'div',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'li',
  'tr',
  'td',
  'th',
  'pre',
  'blockquote',
  'br',
  'hr',
  'ac:structured-macro',
  'ac:rich-text-body',
  'ac:plain-text-body',
  'ac:task',
]);

/** Elements whose content is configuration, not prose, so search and excerpts never see it. */
const SKIPPED = new Set(['ac:parameter', 'ri:attachment', 'ri:user', 'ac:task-id', 'ac:task-status']);

/** Storage XHTML as the plain text a reader sees (what search indexes and excerpts quote). */
export function storageToText(storage: string): string {
  const out: string[] = [];
  walk(parseXhtml(storage), out);
  return out
    .join('')
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n[\s]*/g, '\n')
    .trim();
}

function walk(node: XNode, out: string[]): void {
  if (node.type === 'text') {
    out.push(node.value);
    return;
  }
  if (SKIPPED.has(node.name)) return;
  if (node.name === 'ac:link') {
    linkText(node, out);
    return;
  }
  const block = BLOCKS.has(node.name);
  if (block) out.push('\n');
  for (const child of node.children) walk(child, out);
  if (block) out.push('\n');
}

/** A link reads as its own text, or as the linked page's title when it has none. */
function linkText(link: XElement, out: string[]): void {
  const body = link.children.find(
    (c) => c.type === 'element' && (c.name === 'ac:link-body' || c.name === 'ac:plain-text-link-body'),
  );
  if (body !== undefined) {
    walk(body, out);
    return;
  }
  const page = link.children.find((c): c is XElement => c.type === 'element' && c.name === 'ri:page');
  if (page !== undefined) out.push(page.attrs['ri:content-title'] ?? '');
}

/** Lower-cased words, the unit `~` matches on (letters and digits of any script). */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}
