import type { AdfMark, AdfNode } from './adf.js';
import { MACRO_EXTENSION_TYPE } from './adf.js';
import type { XElement, XNode } from './xhtml.js';
import { elements, firstElement, textOf } from './xhtml.js';

/** Resolves a page link (title, optional space key) to an absolute URL for an inline card. */
export type PageUrlResolver = (title: string, spaceKey: string | undefined) => string | undefined;

const MARKS: Record<string, string> = {
  strong: 'strong',
  b: 'strong',
  em: 'em',
  i: 'em',
  code: 'code',
  u: 'underline',
  s: 'strike',
  del: 'strike',
  sub: 'subsup',
  sup: 'subsup',
};

/** The `attrs` of an ADF extension node standing for a Confluence macro. */
export function macroAttrs(el: XElement): Record<string, unknown> {
  const params: Record<string, { value: string }> = {};
  for (const p of elements(el, 'ac:parameter')) params[p.attrs['ac:name'] ?? ''] = { value: textOf(p) };
  return {
    extensionType: MACRO_EXTENSION_TYPE,
    extensionKey: el.attrs['ac:name'] ?? 'unknown',
    parameters: { macroParams: params, macroMetadata: { macroId: { value: el.attrs['ac:macro-id'] ?? '' } } },
  };
}

/** Inline storage content (text, marks, links, mentions, inline macros) as ADF inline nodes. */
export function inlines(nodes: XNode[], marks: AdfMark[], pageUrl: PageUrlResolver): AdfNode[] {
  const out: AdfNode[] = [];
  for (const node of nodes) {
    if (node.type === 'text') {
      const text = node.value.replace(/\s+/g, ' ');
      if (text.length > 0)
        out.push(marks.length > 0 ? { type: 'text', text, marks } : { type: 'text', text });
      continue;
    }
    const mark = MARKS[node.name];
    if (mark !== undefined) {
      const attrs = node.name === 'sub' || node.name === 'sup' ? { attrs: { type: node.name } } : {};
      out.push(...inlines(node.children, [...marks, { type: mark, ...attrs }], pageUrl));
    } else if (node.name === 'a') {
      const link = { type: 'link', attrs: { href: node.attrs.href ?? '' } };
      out.push(...inlines(node.children, [...marks, link], pageUrl));
    } else if (node.name === 'br') {
      out.push({ type: 'hardBreak' });
    } else if (node.name === 'ac:structured-macro') {
      out.push({ type: 'inlineExtension', attrs: macroAttrs(node) });
    } else if (node.name === 'ac:link') {
      out.push(...link(node, marks, pageUrl));
    } else if (node.name === 'ac:inline-comment-marker') {
      // Inline comments are an `annotation` mark on the text they highlight.
      const annotation = {
        type: 'annotation',
        attrs: { annotationType: 'inlineComment', id: node.attrs['ac:ref'] ?? '' },
      };
      out.push(...inlines(node.children, [...marks, annotation], pageUrl));
    } else if (!node.name.startsWith('ac:') && !node.name.startsWith('ri:')) {
      out.push(...inlines(node.children, marks, pageUrl));
    }
  }
  return out;
}

/** Mentions become `mention`; page links an `inlineCard` (or linked text when the link has its own text). */
function link(el: XElement, marks: AdfMark[], pageUrl: PageUrlResolver): AdfNode[] {
  const user = firstElement(el, 'ri:user');
  if (user !== undefined) {
    return [{ type: 'mention', attrs: { id: user.attrs['ri:account-id'] ?? '', text: '', accessLevel: '' } }];
  }
  const page = firstElement(el, 'ri:page');
  const title = page?.attrs['ri:content-title'] ?? '';
  const body = firstElement(el, 'ac:link-body') ?? firstElement(el, 'ac:plain-text-link-body');
  const text = body === undefined ? title : textOf(body);
  const url = page === undefined ? undefined : pageUrl(title, page.attrs['ri:space-key']);
  if (url === undefined) {
    return text.length === 0 ? [] : [{ type: 'text', text, ...(marks.length > 0 ? { marks } : {}) }];
  }
  if (body === undefined) return [{ type: 'inlineCard', attrs: { url } }];
  return [{ type: 'text', text, marks: [...marks, { type: 'link', attrs: { href: url } }] }];
}
