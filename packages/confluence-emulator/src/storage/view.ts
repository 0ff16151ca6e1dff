import type { XElement, XNode } from './xhtml.js';
import { elements, escapeXml, firstElement, macroParam, parseXhtml, textOf, VOID_ELEMENTS } from './xhtml.js';

/** Looks up what links and mentions point at; the view format shows resolved names and URLs. */
export interface ViewResolver {
  pageHref(title: string, spaceKey: string | undefined): string | undefined;
  userName(accountId: string): string | undefined;
  jiraBrowseUrl: string;
}

const PANELS: Record<string, string> = {
  info: 'information',
  note: 'note',
  warning: 'warning',
  tip: 'tip',
  panel: 'panel',
};

/** Storage XHTML rendered the way the `view` representation looks: plain HTML, macros expanded. */
export function storageToView(storage: string, resolver: ViewResolver): string {
  return parseXhtml(storage)
    .children.map((n) => render(n, resolver))
    .join('');
}

function render(node: XNode, r: ViewResolver): string {
  if (node.type === 'text') return escapeXml(node.value);
  switch (node.name) {
    case 'ac:structured-macro':
      return renderMacro(node, r);
    case 'ac:link':
      return renderLink(node, r);
    case 'ac:image': {
      const url = firstElement(node, 'ri:url')?.attrs['ri:value'];
      return url === undefined ? '' : `<img class="confluence-embedded-image" src="${escapeXml(url)}" />`;
    }
    case 'ac:emoticon':
      return '';
    case 'ac:inline-comment-marker':
      return `<span class="inline-comment-marker" data-ref="${escapeXml(node.attrs['ac:ref'] ?? '')}">${inner(node, r)}</span>`;
    case 'ac:task-list':
      return `<ul class="inline-task-list">${elements(node, 'ac:task')
        .map((t) => `<li>${inner(firstElement(t, 'ac:task-body'), r)}</li>`)
        .join('')}</ul>`;
    default: {
      const attrs = Object.entries(node.attrs)
        .filter(([k]) => !k.includes(':'))
        .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
        .join('');
      if (VOID_ELEMENTS.has(node.name)) return `<${node.name}${attrs} />`;
      return `<${node.name}${attrs}>${inner(node, r)}</${node.name}>`;
    }
  }
}

function inner(node: XElement | undefined, r: ViewResolver): string {
  return node === undefined ? '' : node.children.map((c) => render(c, r)).join('');
}

function renderMacro(macro: XElement, r: ViewResolver): string {
  const name = macro.attrs['ac:name'] ?? 'unknown';
  if (name === 'code' || name === 'noformat') {
    const language = macroParam(macro, 'language') ?? 'text';
    const code = textOf(firstElement(macro, 'ac:plain-text-body') ?? macro);
    return `<div class="code panel pdl conf-macro output-block" data-macro-name="${name}"><div class="codeContent panelContent pdl"><pre class="syntaxhighlighter-pre" data-syntaxhighlighter-params="brush: ${escapeXml(language)}; gutter: false; theme: Confluence" data-theme="Confluence">${escapeXml(code)}</pre></div></div>`;
  }
  const panel = PANELS[name];
  if (panel !== undefined) {
    const title = macroParam(macro, 'title');
    const heading = title === undefined ? '' : `<p class="title conf-macro-render">${escapeXml(title)}</p>`;
    return `<div class="confluence-information-macro confluence-information-macro-${panel} conf-macro output-block" data-macro-name="${name}">${heading}<div class="confluence-information-macro-body">${inner(firstElement(macro, 'ac:rich-text-body'), r)}</div></div>`;
  }
  if (name === 'jira') {
    const key = macroParam(macro, 'key') ?? '';
    return `<span class="confluence-jim-macro jira-issue conf-macro output-block" data-jira-key="${escapeXml(key)}" data-macro-name="jira"><a href="${escapeXml(r.jiraBrowseUrl)}/browse/${encodeURIComponent(key)}" class="jira-issue-key">${escapeXml(key)}</a></span>`;
  }
  const body = firstElement(macro, 'ac:rich-text-body');
  return `<div class="conf-macro output-block" data-macro-name="${escapeXml(name)}">${inner(body, r)}</div>`;
}

function renderLink(link: XElement, r: ViewResolver): string {
  const body =
    firstElement(link, 'ac:link-body') ?? firstElement(link, 'ac:plain-text-link-body') ?? undefined;
  const page = firstElement(link, 'ri:page');
  const user = firstElement(link, 'ri:user');
  if (user !== undefined) {
    const id = user.attrs['ri:account-id'] ?? '';
    const name = r.userName(id) ?? 'Unknown user';
    return `<a class="confluence-userlink user-mention" data-account-id="${escapeXml(id)}" href="/wiki/people/${encodeURIComponent(id)}">@${escapeXml(name)}</a>`;
  }
  const title = page?.attrs['ri:content-title'] ?? '';
  const href = page === undefined ? undefined : r.pageHref(title, page.attrs['ri:space-key']);
  const text = body === undefined ? escapeXml(title) : inner(body, r);
  return href === undefined
    ? `<span class="unresolved">${text}</span>`
    : `<a href="${escapeXml(href)}">${text}</a>`;
}
