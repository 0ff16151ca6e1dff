import type { Link, PhrasingContent, Text } from 'mdast';
import {
  EMOTICON_SCHEME,
  USER_SCHEME,
  type LinkBody,
  defaultPageLinkText,
  emoticonStorage,
  pageLinkStorage,
  parsePageUrl,
  schemeValue,
  userMentionStorage,
} from './confluence-links.js';
import {
  RAW_INLINE_BASE64_MARK,
  RAW_INLINE_MARK,
  type ConfluenceInline,
  decodeInline,
  isWellFormedStorage,
} from './placeholder.js';
import { element, escapeText, isSafeUrl } from './xml.js';

/** What the Markdown → storage writer needs besides the tree. */
export interface WriteContext {
  /** Soft line breaks become `<br />` instead of a space. */
  breaks: boolean;
  nextTaskId: number;
}

export function createWriteContext(breaks = false): WriteContext {
  return { breaks, nextTaskId: 1 };
}

const BREAK_HTML = /^<br\s*\/?>$/i;

/** Serializes inline Markdown to storage format. */
export function phrasingToStorage(nodes: PhrasingContent[], ctx: WriteContext): string {
  let out = '';
  for (const node of resolvePlaceholders(nodes)) out += inlineToStorage(node, ctx);
  return out;
}

const LINE_BREAK = /[\r\n]/;

function inlineToStorage(node: PhrasingContent, ctx: WriteContext): string {
  switch (node.type) {
    case 'text': {
      const text = escapeText(node.value);
      if (!LINE_BREAK.test(text)) return text;
      return text.replace(/[ \t]*(?:\r\n?|\n)[ \t]*/g, ctx.breaks ? '<br />' : ' ');
    }
    case 'emphasis':
      return `<em>${phrasingToStorage(node.children, ctx)}</em>`;
    case 'strong':
      return `<strong>${phrasingToStorage(node.children, ctx)}</strong>`;
    case 'delete':
      return `<s>${phrasingToStorage(node.children, ctx)}</s>`;
    case 'inlineCode':
      return `<code>${escapeText(node.value)}</code>`;
    case 'break':
      return '<br />';
    case 'html':
      if (BREAK_HTML.test(node.value.trim())) return '<br />';
      return /^<!--(?:(?!-->)[\s\S])*-->$/.test(node.value) ? '' : escapeText(node.value);
    case 'confluenceInline':
      return node.value;
    case 'link':
      return linkToStorage(node, ctx);
    case 'image':
      return imageToStorage(node.url, node.alt ?? '', node.title);
    default:
      return '';
  }
}

function linkToStorage(node: Link, ctx: WriteContext): string {
  const inner = phrasingToStorage(node.children, ctx);
  const page = parsePageUrl(node.url);
  if (page) {
    const texts = node.children.every((c): c is Text => c.type === 'text');
    const plain = texts ? node.children.map((c) => (c as Text).value).join('') : undefined;
    let body: LinkBody;
    if (plain === undefined) body = { rich: inner };
    else if (plain !== '' && !sameText(plain, defaultPageLinkText(page))) body = { plain };
    return pageLinkStorage(page, body);
  }
  const user = schemeValue(node.url, USER_SCHEME);
  if (user !== undefined) return userMentionStorage(user);
  const emoticon = schemeValue(node.url, EMOTICON_SCHEME);
  if (emoticon !== undefined) return emoticonStorage(emoticon);
  if (node.url.startsWith('confluence-') || !isSafeUrl(node.url)) return inner;
  const attrs: [string, string][] = [['href', node.url]];
  if (node.title) attrs.push(['title', node.title]);
  return element('a', attrs, inner);
}

/** Link text read from Markdown has its whitespace collapsed, so it is compared that way. */
function sameText(a: string, b: string): boolean {
  return a.replace(/\s+/g, ' ').trim() === b.replace(/\s+/g, ' ').trim();
}

/** A bare file name (`diagram.png`) names an attachment of the page. */
const ATTACHMENT_NAME = /^[^/\\?#:]+\.[A-Za-z0-9]+$/;

function imageToStorage(url: string, alt: string, title: string | null | undefined): string {
  const attrs: [string, string][] = [];
  if (alt) attrs.push(['ac:alt', alt]);
  if (title) attrs.push(['ac:title', title]);
  if (/^https?:\/\//i.test(url)) return element('ac:image', attrs, element('ri:url', [['ri:value', url]]));
  if (ATTACHMENT_NAME.test(url)) {
    return element('ac:image', attrs, element('ri:attachment', [['ri:filename', safeDecode(url)]]));
  }
  return escapeText(alt);
}

function safeDecode(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}

/**
 * Finds inline placeholders: a code span directly followed by the marker text. The marker must be
 * literal (a `\{` written by the serializer for real text is not a marker).
 */
function resolvePlaceholders(nodes: PhrasingContent[]): PhrasingContent[] {
  if (!nodes.some((n) => n.type === 'inlineCode')) return nodes;
  const out: PhrasingContent[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    const next = nodes[i + 1];
    if (node === undefined) continue;
    if (node.type !== 'inlineCode' || next?.type !== 'text' || next.data?.escaped) {
      out.push(node);
      continue;
    }
    const mark = [RAW_INLINE_BASE64_MARK, RAW_INLINE_MARK].find((m) => next.value.startsWith(m));
    const raw = mark === undefined ? undefined : decodeInline(node.value, mark);
    if (mark === undefined || raw === undefined || !isWellFormedStorage(raw)) {
      out.push(node);
      continue;
    }
    const placeholder: ConfluenceInline = { type: 'confluenceInline', value: raw };
    out.push(placeholder);
    const rest = next.value.slice(mark.length);
    if (rest) out.push({ ...next, value: rest });
    i++;
  }
  return out;
}

/** Plain text of inline nodes (for titles and comparisons). */
export function phrasingText(nodes: PhrasingContent[]): string {
  return nodes
    .map((n) => {
      if (n.type === 'text' || n.type === 'inlineCode') return n.value;
      if (n.type === 'image' || n.type === 'imageReference') return n.alt ?? '';
      if ('children' in n) return phrasingText(n.children);
      return '';
    })
    .join('');
}
