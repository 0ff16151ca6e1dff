import { escapeXml } from '../storage/xhtml.js';

/**
 * Helpers that write Confluence storage format for the demo seed. Arguments named `html` are storage
 * fragments (already escaped); `text` arguments are escaped here.
 */

export const esc = escapeXml;

export const h = (level: number, text: string): string => `<h${level}>${esc(text)}</h${level}>`;

export const p = (html: string): string => `<p>${html}</p>`;

export const ul = (items: string[]): string => `<ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>`;

export const ol = (items: string[]): string => `<ol>${items.map((i) => `<li>${i}</li>`).join('')}</ol>`;

export const code = (text: string): string => `<code>${esc(text)}</code>`;

export const strong = (text: string): string => `<strong>${esc(text)}</strong>`;

export const link = (href: string, text: string): string => `<a href="${esc(href)}">${esc(text)}</a>`;

export function table(headers: string[], rows: string[][]): string {
  const head = `<tr>${headers.map((c) => `<th><p>${esc(c)}</p></th>`).join('')}</tr>`;
  const body = rows.map((r) => `<tr>${r.map((c) => `<td><p>${c}</p></td>`).join('')}</tr>`).join('');
  return `<table data-layout="default"><colgroup>${headers.map(() => '<col />').join('')}</colgroup><tbody>${head}${body}</tbody></table>`;
}

/** The `code` macro, the way the editor stores it (CDATA body, language parameter). */
export function codeMacro(language: string, source: string, title?: string): string {
  const titleParam = title === undefined ? '' : `<ac:parameter ac:name="title">${esc(title)}</ac:parameter>`;
  return `<ac:structured-macro ac:name="code" ac:schema-version="1" ac:macro-id="${macroId(source)}"><ac:parameter ac:name="language">${esc(language)}</ac:parameter>${titleParam}<ac:parameter ac:name="linenumbers">true</ac:parameter><ac:plain-text-body><![CDATA[${source}]]></ac:plain-text-body></ac:structured-macro>`;
}

/** info / note / warning / tip panels. */
export function panel(kind: 'info' | 'note' | 'warning' | 'tip', html: string, title?: string): string {
  const titleParam = title === undefined ? '' : `<ac:parameter ac:name="title">${esc(title)}</ac:parameter>`;
  return `<ac:structured-macro ac:name="${kind}" ac:schema-version="1" ac:macro-id="${macroId(html)}">${titleParam}<ac:rich-text-body>${html}</ac:rich-text-body></ac:structured-macro>`;
}

/** A Jira issue macro: a macro the emulator does not render beyond a link (like an unknown macro). */
export function jira(key: string): string {
  return `<ac:structured-macro ac:name="jira" ac:schema-version="1" ac:macro-id="${macroId(key)}"><ac:parameter ac:name="server">System JIRA</ac:parameter><ac:parameter ac:name="serverId">144880e9-a353-312f-9412-ed028e8166fa</ac:parameter><ac:parameter ac:name="key">${esc(key)}</ac:parameter></ac:structured-macro>`;
}

export function status(text: string, colour: 'Green' | 'Yellow' | 'Red' | 'Blue' | 'Grey'): string {
  return `<ac:structured-macro ac:name="status" ac:schema-version="1"><ac:parameter ac:name="colour">${colour}</ac:parameter><ac:parameter ac:name="title">${esc(text)}</ac:parameter></ac:structured-macro>`;
}

export const toc = (): string =>
  '<ac:structured-macro ac:name="toc" ac:schema-version="1"><ac:parameter ac:name="maxLevel">3</ac:parameter></ac:structured-macro>';

export const childrenMacro = (): string =>
  '<ac:structured-macro ac:name="children" ac:schema-version="2"><ac:parameter ac:name="all">true</ac:parameter></ac:structured-macro>';

/** A link to another page by title, as the editor stores it. */
export function pageLink(title: string, text?: string, spaceKey?: string): string {
  const space = spaceKey === undefined ? '' : ` ri:space-key="${esc(spaceKey)}"`;
  const body =
    text === undefined ? '' : `<ac:plain-text-link-body><![CDATA[${text}]]></ac:plain-text-link-body>`;
  return `<ac:link><ri:page ri:content-title="${esc(title)}"${space} />${body}</ac:link>`;
}

export const mention = (accountId: string): string =>
  `<ac:link><ri:user ri:account-id="${esc(accountId)}" /></ac:link>`;

/** Stable pseudo-random macro ids so the seed is identical on every start. */
function macroId(seed: string): string {
  let hash = 2166136261;
  for (let i = 0; i < seed.length; i++) hash = Math.imul(hash ^ seed.charCodeAt(i), 16777619) >>> 0;
  const hex = hash.toString(16).padStart(8, '0');
  return `${hex}-${hex.slice(0, 4)}-4${hex.slice(1, 4)}-8${hex.slice(4, 7)}-${hex}${hex.slice(0, 4)}`;
}
