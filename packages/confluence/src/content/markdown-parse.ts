import type { BlockContent, ListItem, PhrasingContent, Root, RootContent, TableRow } from 'mdast';
import { Lexer, type MarkedToken, type Token, Tokenizer, type Tokens } from 'marked';
import { decodeEntities } from './xml.js';

declare module 'mdast' {
  interface TextData {
    /** Came from a backslash escape (`\[`, `\{`): never the start of a marker. */
    escaped?: boolean;
  }
  interface CodeData {
    /** An indented code block (read from or written as `<pre>`). */
    indented?: boolean;
    /** For code read from `<pre>`: its exact source, used where an indented block cannot stand. */
    verbatim?: string;
  }
}

/**
 * GFM autolink literals are left out on purpose: with them, every plain-text URL read from a page
 * would have to be written back with escapes (`https\://`), which hurts readability more than it helps.
 */
class NoBareUrlTokenizer extends Tokenizer {
  override url(): undefined {
    return undefined;
  }
}

/**
 * Parses Markdown (CommonMark with GFM tables, strikethrough and task lists) into mdast. marked's lexer
 * is used for its linear running time on large pages; its tokens are mapped onto mdast nodes here.
 */
export function parseMarkdown(markdown: string): Root {
  const lexer = new Lexer({ gfm: true, breaks: false, tokenizer: new NoBareUrlTokenizer() });
  return { type: 'root', children: blocks(lexer.lex(markdown)) };
}

function blocks(tokens: Token[]): RootContent[] {
  const out: RootContent[] = [];
  for (const token of tokens) {
    const node = block(token as MarkedToken);
    if (node) out.push(node);
  }
  return out;
}

function block(t: MarkedToken): RootContent | undefined {
  switch (t.type) {
    case 'paragraph':
      return { type: 'paragraph', children: inline(t.tokens) };
    case 'text':
      return { type: 'paragraph', children: inline(t.tokens ?? [t]) };
    case 'heading':
      return { type: 'heading', depth: clampDepth(t.depth), children: inline(t.tokens) };
    case 'hr':
      return { type: 'thematicBreak' };
    case 'blockquote':
      return { type: 'blockquote', children: blocks(t.tokens) as BlockContent[] };
    case 'list':
      return list(t);
    case 'code':
      return code(t);
    case 'html':
      return { type: 'html', value: t.text };
    case 'table':
      return table(t);
    default:
      return undefined;
  }
}

function clampDepth(depth: number): 1 | 2 | 3 | 4 | 5 | 6 {
  return Math.min(6, Math.max(1, depth)) as 1 | 2 | 3 | 4 | 5 | 6;
}

function list(token: Tokens.List): RootContent {
  const children = token.items.map((item): ListItem => ({
    type: 'listItem',
    spread: item.loose,
    checked: item.task ? Boolean(item.checked) : null,
    children: blocks(item.tokens.filter((t) => t.type !== 'checkbox')) as BlockContent[],
  }));
  const start = token.ordered && token.start !== '' ? token.start : null;
  return { type: 'list', ordered: token.ordered, start, spread: token.loose, children };
}

function code(token: Tokens.Code): RootContent {
  if (token.codeBlockStyle === 'indented') {
    return {
      type: 'code',
      lang: null,
      meta: null,
      value: token.text.replace(/\n+$/, ''),
      data: { indented: true },
    };
  }
  const info = (token.lang ?? '').replace(/^[ \t]+|[ \t]+$/g, '');
  const space = info.search(/[ \t]/);
  // Serializers write a space inside the first word of an info string as `&#x20;`.
  const lang = decodeEntities(space < 0 ? info : info.slice(0, space));
  const meta = decodeEntities(space < 0 ? '' : info.slice(space + 1)).replace(/^[ \t]+/, '');
  // marked keeps one line break too many when the code ends with a blank line.
  const value = token.text.endsWith('\n') ? token.text.slice(0, -1) : token.text;
  return { type: 'code', lang: lang || null, meta: meta || null, value };
}

function table(token: Tokens.Table): RootContent {
  const row = (cells: Tokens.TableCell[]): TableRow => ({
    type: 'tableRow',
    children: cells.map((cell) => ({ type: 'tableCell', children: inline(cell.tokens) })),
  });
  return { type: 'table', align: token.align, children: [row(token.header), ...token.rows.map(row)] };
}

/** marked keeps character references (and escapes a bare `&`) in text; mdast holds decoded text. */
function inline(tokens: Token[], out: PhrasingContent[] = []): PhrasingContent[] {
  for (const token of tokens) {
    const t = token as MarkedToken;
    if (t.type === 'text' && t.tokens) inline(t.tokens, out);
    else if (t.type !== 'checkbox') out.push(inlineNode(t));
  }
  return out;
}

function inlineNode(t: MarkedToken): PhrasingContent {
  switch (t.type) {
    case 'text':
      return { type: 'text', value: decodeEntities(t.text) };
    case 'escape':
      return { type: 'text', value: decodeEntities(t.text), data: { escaped: true } };
    case 'strong':
    case 'em':
    case 'del': {
      const type = t.type === 'em' ? 'emphasis' : t.type === 'del' ? 'delete' : 'strong';
      return { type, children: inline(t.tokens) };
    }
    case 'codespan':
      return { type: 'inlineCode', value: t.text };
    case 'br':
      return { type: 'break' };
    case 'link':
      return { type: 'link', ...target(t), children: inline(t.tokens) };
    case 'image':
      return { type: 'image', ...target(t), alt: decodeEntities(t.text) };
    case 'html':
      return { type: 'html', value: t.text };
    default:
      return { type: 'text', value: t.raw };
  }
}

/** A link's or an image's destination and title, entities decoded. */
function target(t: { href: string; title?: string | null }): { url: string; title: string | null } {
  return { url: decodeEntities(t.href), title: t.title ? decodeEntities(t.title) : null };
}
