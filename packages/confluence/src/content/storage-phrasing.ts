import type { Image, Link, PhrasingContent } from 'mdast';
import { EMOTICON_SCHEME, USER_SCHEME, defaultPageLinkText, pageUrl } from './confluence-links.js';
import { createWriteContext, phrasingToStorage } from './phrasing-to-storage.js';
import type { ConfluenceInline } from './placeholder.js';
import {
  type StorageElement,
  type StorageNode,
  attribute,
  childElements,
  isBlankText,
  textContent,
} from './storage-parser.js';

export interface ReadContext {
  source: string;
  /** Display names by account id: mentions read `@Name` instead of `@account-id` (the link keeps the id). */
  userNames?: ReadonlyMap<string, string> | undefined;
}

/** The exact source text of a node. */
export function rawOf(node: StorageNode, ctx: ReadContext): string {
  return ctx.source.slice(node.start, node.end);
}

export function rawInline(node: StorageNode, ctx: ReadContext): ConfluenceInline {
  return { type: 'confluenceInline', value: rawOf(node, ctx) };
}

/** Converts storage inline content to mdast phrasing (whitespace not yet normalized). */
export function phrasing(nodes: StorageNode[], ctx: ReadContext): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  for (const node of nodes) {
    if (node.type === 'text' || node.type === 'cdata') out.push({ type: 'text', value: node.value });
    else if (node.type === 'opaque') out.push(rawInline(node, ctx));
    else {
      const converted = elementPhrasing(node, ctx);
      if (converted) out.push(...converted);
      else out.push(rawInline(node, ctx));
    }
  }
  return out;
}

const WRAPPERS: Readonly<Record<string, 'strong' | 'emphasis' | 'delete'>> = {
  strong: 'strong',
  b: 'strong',
  em: 'emphasis',
  i: 'emphasis',
  s: 'delete',
  del: 'delete',
  strike: 'delete',
};

/** Formatting elements with a Markdown equivalent; alone in a block they still make a paragraph. */
export const SIMPLE_INLINE = new Set([...Object.keys(WRAPPERS), 'code', 'a']);

function elementPhrasing(el: StorageElement, ctx: ReadContext): PhrasingContent[] | undefined {
  const wrapper = WRAPPERS[el.name];
  if (wrapper)
    return el.attributes.length ? undefined : [{ type: wrapper, children: phrasing(el.children, ctx) }];
  switch (el.name) {
    case 'code':
      if (el.attributes.length || el.children.some((c) => c.type !== 'text')) return undefined;
      return [{ type: 'inlineCode', value: textContent(el) }];
    case 'br':
      return el.attributes.length || el.children.length ? undefined : [{ type: 'html', value: '<br>' }];
    case 'a':
      return htmlLink(el, ctx);
    case 'ac:link':
      return verbatim(el, ctx, confluenceLink(el, ctx));
    case 'ac:emoticon':
      return verbatim(el, ctx, emoticon(el));
    case 'ac:image':
      return verbatim(el, ctx, externalImage(el));
    default:
      return undefined;
  }
}

function htmlLink(el: StorageElement, ctx: ReadContext): PhrasingContent[] | undefined {
  const href = attribute(el, 'href');
  if (href === undefined || href.startsWith('confluence-')) return undefined;
  if (el.attributes.some(([key]) => key !== 'href' && key !== 'title')) return undefined;
  const children = phrasing(el.children, ctx);
  if (containsLink(children)) return undefined;
  return [{ type: 'link', url: href, title: attribute(el, 'title') ?? null, children }];
}

function containsLink(nodes: PhrasingContent[]): boolean {
  return nodes.some((n) => n.type === 'link' || ('children' in n && containsLink(n.children)));
}

/**
 * Confluence references get a friendly Markdown form only when writing that form back reproduces the
 * element byte for byte; otherwise (extra attributes, another body style) they stay verbatim.
 */
function verbatim(
  el: StorageElement,
  ctx: ReadContext,
  candidate: Link | Image | undefined,
): PhrasingContent[] | undefined {
  if (!candidate) return undefined;
  return phrasingToStorage([candidate], createWriteContext()) === rawOf(el, ctx) ? [candidate] : undefined;
}

function confluenceLink(el: StorageElement, ctx: ReadContext): Link | undefined {
  if (el.attributes.some(([key]) => key !== 'ac:anchor')) return undefined;
  const anchor = attribute(el, 'ac:anchor');
  let target: { spaceKey?: string; title?: string; anchor?: string } | undefined;
  let user: string | undefined;
  let children: PhrasingContent[] | undefined;
  for (const child of el.children) {
    if (isBlankText(child)) continue;
    if (child.type !== 'element') return undefined;
    if (child.name === 'ri:page') {
      const title = attribute(child, 'ri:content-title');
      target = { spaceKey: attribute(child, 'ri:space-key'), title, anchor };
    } else if (child.name === 'ri:user') {
      user = attribute(child, 'ri:account-id');
    } else if (child.name === 'ac:plain-text-link-body') {
      children = [{ type: 'text', value: textContent(child) }];
    } else if (child.name === 'ac:link-body') {
      children = phrasing(child.children, ctx);
    } else return undefined;
  }
  if (user !== undefined) {
    const name = ctx.userNames?.get(user) ?? user;
    return { type: 'link', url: USER_SCHEME + user, children: [{ type: 'text', value: '@' + name }] };
  }
  target ??= anchor === undefined ? undefined : { anchor };
  if (!target || containsLink(children ?? [])) return undefined;
  children ??= [{ type: 'text', value: defaultPageLinkText(target) }];
  return { type: 'link', url: pageUrl(target), children };
}

function emoticon(el: StorageElement): Link | undefined {
  const name = attribute(el, 'ac:name');
  if (name === undefined || el.attributes.length !== 1) return undefined;
  return { type: 'link', url: EMOTICON_SCHEME + name, children: [{ type: 'text', value: `:${name}:` }] };
}

function externalImage(el: StorageElement): Image | undefined {
  const [resource, ...more] = childElements(el);
  const url = resource?.name === 'ri:url' ? attribute(resource, 'ri:value') : undefined;
  if (url === undefined || more.length > 0) return undefined;
  return {
    type: 'image',
    url,
    alt: attribute(el, 'ac:alt') ?? null,
    title: attribute(el, 'ac:title') ?? null,
  };
}
