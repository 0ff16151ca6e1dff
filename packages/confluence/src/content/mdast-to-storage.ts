import type {
  BlockContent,
  Blockquote,
  Code,
  List,
  ListItem,
  Nodes,
  Paragraph,
  PhrasingContent,
  Root,
  RootContent,
  Table,
} from 'mdast';
import { codeMacroStorage, panelMacroStorage, parseCodeInfo } from './macros.js';
import { type WriteContext, phrasingText, phrasingToStorage } from './phrasing-to-storage.js';
import {
  type AlertKind,
  type ConfluenceAlert,
  RAW_BLOCK_BASE64_LANG,
  RAW_BLOCK_LANG,
  isWellFormedStorage,
  rawBlockContent,
} from './placeholder.js';
import { escapeText } from './xml.js';

/** Serializes a parsed Markdown tree to storage format. */
export function rootToStorage(root: Root, ctx: WriteContext): string {
  return flowToStorage(root.children, ctx);
}

export function flowToStorage(nodes: RootContent[], ctx: WriteContext): string {
  let out = '';
  for (const node of nodes) out += blockToStorage(node, ctx);
  return out;
}

function blockToStorage(node: RootContent, ctx: WriteContext): string {
  switch (node.type) {
    case 'paragraph': {
      const inner = phrasingToStorage(node.children, ctx);
      return inner.trim() === '' ? '' : `<p>${inner}</p>`;
    }
    case 'heading':
      return `<h${node.depth}>${phrasingToStorage(node.children, ctx)}</h${node.depth}>`;
    case 'thematicBreak':
      return '<hr />';
    case 'blockquote': {
      const alert = readAlert(node);
      if (alert) return blockToStorage(alert, ctx);
      return `<blockquote>${flowToStorage(node.children, ctx)}</blockquote>`;
    }
    case 'confluenceAlert':
      return panelMacroStorage(node.kind, node.title, flowToStorage(node.children, ctx));
    case 'list':
      return isTaskList(node) ? taskListToStorage(node, ctx) : listToStorage(node, ctx);
    case 'code':
      return codeToStorage(node);
    case 'table':
      return tableToStorage(node, ctx);
    case 'html':
      // Raw HTML is shown as text, never run; comments stay invisible, as they were in the Markdown.
      // A `<br>` alone on its line is how a paragraph holding only a line break is written.
      if (/^<br\s*\/?>$/i.test(node.value.trim())) return '<p><br /></p>';
      return COMMENT.test(node.value.trim()) ? '' : `<p>${escapeText(node.value)}</p>`;
    case 'definition':
      return '';
    default:
      // Phrasing that escaped a paragraph (only in hand-built trees).
      return `<p>${phrasingToStorage([node as PhrasingContent], ctx)}</p>`;
  }
}

function codeToStorage(node: Code): string {
  const raw = rawBlockContent(node.lang, node.value);
  if (raw !== undefined && isWellFormedStorage(raw)) return raw;
  // A placeholder damaged by an edit is shown as code rather than sent as broken XML.
  if (node.lang === RAW_BLOCK_LANG || node.lang === RAW_BLOCK_BASE64_LANG) {
    return codeMacroStorage([['language', 'xml']], raw ?? node.value);
  }
  // An indented code block is how `<pre>` is written, so it goes back to `<pre>`.
  if (node.data?.indented) return `<pre>${escapeText(node.value)}</pre>`;
  return codeMacroStorage(parseCodeInfo(node.lang, node.meta), node.value);
}

function listToStorage(node: List, ctx: WriteContext): string {
  const tag = node.ordered ? 'ol' : 'ul';
  const start = node.ordered && node.start != null && node.start !== 1 ? ` start="${node.start}"` : '';
  const items = node.children.map((item) => `<li>${flowToStorage(withCheckboxText(item), ctx)}</li>`);
  return `<${tag}${start}>${items.join('')}</${tag}>`;
}

/** In a list that is only partly a task list, checkboxes stay visible as text. */
function withCheckboxText(item: ListItem): RootContent[] {
  if (item.checked == null) return item.children;
  const box = item.checked ? '[x] ' : '[ ] ';
  const [first, ...rest] = item.children;
  if (first?.type !== 'paragraph')
    return [{ type: 'paragraph', children: [{ type: 'text', value: box }] }, ...item.children];
  return [{ ...first, children: [{ type: 'text', value: box }, ...first.children] }, ...rest];
}

function isTaskList(node: Nodes): node is List {
  return (
    node.type === 'list' && node.children.length > 0 && node.children.every((item) => item.checked != null)
  );
}

function taskListToStorage(node: List, ctx: WriteContext): string {
  let out = '<ac:task-list>';
  for (const item of node.children) {
    const nested = item.children.filter(isTaskList);
    const blocks = item.children.filter((child) => !isTaskList(child));
    const only = blocks.length === 1 ? blocks[0] : undefined;
    let body =
      only?.type === 'paragraph' ? phrasingToStorage(only.children, ctx) : flowToStorage(blocks, ctx);
    if (body.trim() === '') body = '';
    out +=
      `<ac:task><ac:task-id>${ctx.nextTaskId++}</ac:task-id>` +
      `<ac:task-status>${item.checked ? 'complete' : 'incomplete'}</ac:task-status>` +
      `<ac:task-body>${body}</ac:task-body></ac:task>`;
    out += nested.map((list) => taskListToStorage(list, ctx)).join('');
  }
  return out + '</ac:task-list>';
}

function tableToStorage(node: Table, ctx: WriteContext): string {
  const [header, ...body] = node.children;
  if (!header) return '';
  const width = Math.max(...node.children.map((row) => row.children.length));
  const cells = (row: typeof header): string[] => {
    const out = row.children.map((cell) => phrasingToStorage(cell.children, ctx));
    while (out.length < width) out.push('');
    return out;
  };
  const row = (contents: string[], tag: 'th' | 'td'): string =>
    `<tr>${contents.map((c) => (c.trim() ? `<${tag}><p>${c}</p></${tag}>` : `<${tag} />`)).join('')}</tr>`;
  const head = cells(header);
  // A headerless Confluence table is written with an empty GFM header row.
  const rows = head.every((c) => c.trim() === '') ? [] : [row(head, 'th')];
  for (const r of body) rows.push(row(cells(r), 'td'));
  return rows.length > 0 ? `<table><tbody>${rows.join('')}</tbody></table>` : '';
}

/** An HTML comment, including the `<!---->` serializers put between adjacent lists. */
export const COMMENT = /^<!--(?:(?!-->)[\s\S])*-->$/;

const ALERT = /^\[!(note|tip|important|warning|caution)\]/i;

/**
 * A blockquote whose first line is `[!NOTE]` (optionally followed by a title) is a panel.
 * The marker must be literal: `\[!NOTE]` is a quote that starts with that text.
 */
export function readAlert(node: Blockquote): ConfluenceAlert | undefined {
  const [first, ...rest] = node.children;
  if (first?.type !== 'paragraph') return undefined;
  const head = first.children[0];
  if (head?.type !== 'text') return undefined;
  const match = ALERT.exec(head.value);
  if (!match?.[1] || head.data?.escaped) return undefined;
  const kind = match[1].toUpperCase() as AlertKind;
  const inline: PhrasingContent[] = [
    { ...head, value: head.value.slice(match[0].length) },
    ...first.children.slice(1),
  ];
  const titleNodes: PhrasingContent[] = [];
  let bodyNodes: PhrasingContent[] = [];
  for (const [i, child] of inline.entries()) {
    const newline = child.type === 'text' ? child.value.search(/\r?\n/) : -1;
    if (child.type === 'text' && newline >= 0) {
      titleNodes.push({ ...child, value: child.value.slice(0, newline) });
      const after = child.value.slice(newline).replace(/^\r?\n/, '');
      bodyNodes = [...(after ? [{ ...child, value: after }] : []), ...inline.slice(i + 1)];
      break;
    }
    titleNodes.push(child);
  }
  const paragraph: Paragraph[] = bodyNodes.length > 0 ? [{ type: 'paragraph', children: bodyNodes }] : [];
  const title = phrasingText(titleNodes).trim();
  const body = rest.filter(
    (n): n is BlockContent => n.type !== 'definition' && n.type !== 'footnoteDefinition',
  );
  return { type: 'confluenceAlert', kind, title, children: [...paragraph, ...body] };
}
