import { cdata, element } from './xml.js';

/**
 * Confluence references (page links, mentions, emoticons) are written as Markdown links with
 * `confluence-*:` URLs, so they read naturally and an agent can write new ones:
 *
 * - `[Text](<confluence-page:Page title>)`, `[Text](<confluence-page://SPACE/Page title#anchor>)`,
 *   `[Text](confluence-page:#anchor)` (same page)
 * - `[@557058:abc](confluence-user:557058:abc)` (the link text is not stored)
 * - `[:smile:](confluence-emoticon:smile)` (the link text is not stored)
 *
 * In titles and anchors `%`, `#`, `\` and backticks are percent-encoded (parentheses too when they do not
 * pair up), and so is a title's leading `/`.
 */
export const PAGE_SCHEME = 'confluence-page:';
export const USER_SCHEME = 'confluence-user:';
export const EMOTICON_SCHEME = 'confluence-emoticon:';

export interface PageTarget {
  spaceKey?: string | undefined;
  title?: string | undefined;
  anchor?: string | undefined;
}

// eslint-disable-next-line no-control-regex -- control characters cannot live in a link destination
const ENCODED = /[%#`\\\u0000-\u001f]/g;
// eslint-disable-next-line no-control-regex -- as above, plus parentheses
const ENCODED_WITH_PARENS = /[%#`\\()\u0000-\u001f]/g;

function encodePart(value: string): string {
  // Parentheses stay readable when they pair up one level deep; beyond that Markdown parsers lose track.
  const special = balancedParens(value) ? ENCODED : ENCODED_WITH_PARENS;
  return value.replace(special, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
}

function balancedParens(value: string): boolean {
  let depth = 0;
  for (const c of value) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (depth < 0 || depth > 1) return false;
  }
  return depth === 0;
}

function decodePart(value: string): string {
  return value.replace(/%([0-7][0-9A-Fa-f])/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

export function pageUrl(target: PageTarget): string {
  let url = PAGE_SCHEME;
  if (target.spaceKey !== undefined) url += `//${encodePart(target.spaceKey).replace(/\//g, '%2F')}/`;
  if (target.title !== undefined) url += encodePart(target.title).replace(/^\//, '%2F');
  if (target.anchor !== undefined) url += '#' + encodePart(target.anchor);
  return url;
}

export function parsePageUrl(url: string): PageTarget | undefined {
  if (!url.startsWith(PAGE_SCHEME)) return undefined;
  let rest = url.slice(PAGE_SCHEME.length);
  let spaceKey: string | undefined;
  if (rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    if (slash < 0) return undefined;
    spaceKey = decodePart(rest.slice(2, slash));
    rest = rest.slice(slash + 1);
  }
  const hash = rest.indexOf('#');
  const title = decodePart(hash < 0 ? rest : rest.slice(0, hash)) || undefined;
  const anchor = hash < 0 ? undefined : decodePart(rest.slice(hash + 1));
  if (title === undefined && anchor === undefined) return undefined;
  return { spaceKey, title, anchor };
}

/** The text Confluence shows for a link without a body. */
export function defaultPageLinkText(target: PageTarget): string {
  return target.title ?? target.anchor ?? '';
}

export type LinkBody = { plain: string } | { rich: string } | undefined;

/** `<ac:link>` to a page (or an anchor on this page). */
export function pageLinkStorage(target: PageTarget, body: LinkBody): string {
  const linkAttrs: [string, string][] = target.anchor === undefined ? [] : [['ac:anchor', target.anchor]];
  let content = '';
  if (target.title !== undefined) {
    const pageAttrs: [string, string][] = [];
    if (target.spaceKey !== undefined) pageAttrs.push(['ri:space-key', target.spaceKey]);
    pageAttrs.push(['ri:content-title', target.title]);
    content += element('ri:page', pageAttrs);
  }
  if (body && 'plain' in body)
    content += `<ac:plain-text-link-body>${cdata(body.plain)}</ac:plain-text-link-body>`;
  if (body && 'rich' in body) content += `<ac:link-body>${body.rich}</ac:link-body>`;
  return element('ac:link', linkAttrs, content);
}

export function userMentionStorage(accountId: string): string {
  return `<ac:link>${element('ri:user', [['ri:account-id', accountId]])}</ac:link>`;
}

export function emoticonStorage(name: string): string {
  return element('ac:emoticon', [['ac:name', name]]);
}

/** The part after the scheme, for `confluence-user:` and `confluence-emoticon:` URLs. */
export function schemeValue(url: string, scheme: string): string | undefined {
  if (!url.startsWith(scheme)) return undefined;
  const value = url.slice(scheme.length);
  return value === '' ? undefined : value;
}
