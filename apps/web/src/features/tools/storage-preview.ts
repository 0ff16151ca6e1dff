import DOMPurify from 'dompurify';

/**
 * Confluence storage XHTML → safe HTML for a preview. Storage mixes HTML with `ac:`/`ri:` elements (macros,
 * links, mentions) that browsers do not know; they become plain HTML approximations first, then DOMPurify
 * removes anything scriptable. Never render storage without this: page bodies are written by anyone with edit
 * rights in Confluence.
 */
export function storageToSafeHtml(storage: string): string {
  // Where DOMPurify cannot run, show the source as text rather than unsanitized markup.
  if (!DOMPurify.isSupported) return `<pre>${escapeText(storage)}</pre>`;
  const doc = new DOMParser().parseFromString(`<!doctype html><body>${prepare(storage)}`, 'text/html');
  const custom = [...doc.body.querySelectorAll('*')].filter(
    (el) => el.tagName.includes(':') && !isConsumed(el),
  );
  // Descendants come after their ancestor in document order: converting from the end turns a macro's body into
  // plain HTML before the macro itself is converted.
  for (const el of custom.reverse()) el.replaceWith(...convert(el, doc));
  return DOMPurify.sanitize(doc.body.innerHTML, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ['style', 'form'],
  });
}

DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A' && node.hasAttribute('href')) {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
});

const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** CDATA (code bodies) becomes escaped text, and `<ri:page … />` an open-close pair: HTML has no self-closing custom tags. */
function prepare(storage: string): string {
  return storage
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_, text: string) => escapeText(text))
    .replace(/<((?:ac|ri):[\w-]+)([^<>]*?)\s*\/>/g, '<$1$2></$1>');
}

const name = (el: Element) => el.tagName.toLowerCase();

/** Parts a macro, link or task reads when it is converted (parameters, bodies, link targets). */
const PARTS = new Set([
  'ac:parameter',
  'ac:plain-text-body',
  'ac:rich-text-body',
  'ac:plain-text-link-body',
  'ac:link-body',
  'ac:task-status',
  'ac:task-id',
  'ac:task-body',
]);

function isConsumed(el: Element): boolean {
  const parent = el.parentElement;
  return (
    parent !== null && parent.tagName.includes(':') && (PARTS.has(name(el)) || name(el).startsWith('ri:'))
  );
}
const childrenNamed = (el: Element, tag: string) => [...el.children].filter((c) => name(c) === tag);

function params(el: Element): Record<string, string> {
  return Object.fromEntries(
    childrenNamed(el, 'ac:parameter').map((p) => [p.getAttribute('ac:name') ?? '', p.textContent]),
  );
}

function make(doc: Document, tag: string, className: string, text?: string): HTMLElement {
  const el = doc.createElement(tag);
  el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

const PANELS = new Set(['info', 'note', 'warning', 'tip', 'panel']);
const COLOURS = new Set(['green', 'yellow', 'red', 'blue', 'grey']);

function convertMacro(el: Element, doc: Document): Node[] {
  const macro = (el.getAttribute('ac:name') ?? '').toLowerCase();
  const p = params(el);
  const body = childrenNamed(el, 'ac:rich-text-body')[0] ?? childrenNamed(el, 'ac:plain-text-body')[0];
  if (macro === 'code' || macro === 'noformat') {
    const figure = make(doc, 'figure', 'cf-code');
    const caption = [p.title, p.language].filter((v) => v !== undefined && v !== '').join(' · ');
    if (caption !== '') figure.append(make(doc, 'figcaption', '', caption));
    const pre = doc.createElement('pre');
    pre.append(make(doc, 'code', '', body?.textContent ?? ''));
    figure.append(pre);
    return [figure];
  }
  if (PANELS.has(macro)) {
    const panel = make(doc, 'div', `cf-panel cf-panel-${macro}`);
    if (p.title !== undefined && p.title !== '') panel.append(make(doc, 'p', 'cf-panel-title', p.title));
    if (body !== undefined) panel.append(...body.childNodes);
    return [panel];
  }
  if (macro === 'expand') {
    const details = doc.createElement('details');
    details.append(make(doc, 'summary', '', p.title ?? 'Expand'));
    if (body !== undefined) details.append(...body.childNodes);
    return [details];
  }
  if (macro === 'status') {
    const colour = (p.colour ?? 'grey').toLowerCase();
    return [make(doc, 'span', `cf-status cf-status-${COLOURS.has(colour) ? colour : 'grey'}`, p.title ?? '')];
  }
  if (macro === 'anchor') return [];
  if (macro === 'toc') return [make(doc, 'p', 'cf-macro', 'Table of contents (rendered by Confluence)')];
  if (macro === 'children') return [make(doc, 'p', 'cf-macro', 'Child pages (listed by Confluence)')];
  const detail = p.key ?? p[''] ?? '';
  return [make(doc, 'span', 'cf-macro', detail === '' ? `${macro} macro` : `${macro}: ${detail}`)];
}

function convertLink(el: Element, doc: Document): Node[] {
  const target = [...el.children].find((c) => name(c).startsWith('ri:'));
  const text = childrenNamed(el, 'ac:plain-text-link-body')[0]?.textContent ?? '';
  const label = childrenNamed(el, 'ac:link-body')[0];
  if (target !== undefined && name(target) === 'ri:user') {
    return [make(doc, 'span', 'cf-mention', `@${target.getAttribute('ri:account-id') ?? 'user'}`)];
  }
  const title =
    target?.getAttribute('ri:content-title') ??
    target?.getAttribute('ri:filename') ??
    target?.getAttribute('ri:value');
  const link = make(doc, 'span', 'cf-link');
  if (label !== undefined) link.append(...label.childNodes);
  else link.textContent = text !== '' ? text : (title ?? 'link');
  return [link];
}

const EMOTICONS: Record<string, string> = {
  smile: '🙂',
  sad: '🙁',
  tick: '✅',
  cross: '❌',
  warning: '⚠️',
  information: 'ℹ️',
  'thumbs-up': '👍',
  'thumbs-down': '👎',
  'light-on': '💡',
  star: '⭐',
};

function convert(el: Element, doc: Document): Node[] {
  switch (name(el)) {
    case 'ac:structured-macro':
    case 'ac:macro':
      return convertMacro(el, doc);
    case 'ac:link':
      return convertLink(el, doc);
    case 'ac:emoticon': {
      const emoticon = el.getAttribute('ac:name') ?? '';
      return [doc.createTextNode(EMOTICONS[emoticon] ?? `:${emoticon}:`)];
    }
    case 'ac:image': {
      const file = el.querySelector('*')?.getAttribute('ri:filename') ?? 'image';
      return [make(doc, 'span', 'cf-macro', `image: ${file}`)];
    }
    case 'ac:task-list':
      return [make(doc, 'ul', 'cf-tasks')].map((ul) => (ul.append(...el.childNodes), ul));
    case 'ac:task': {
      const done = childrenNamed(el, 'ac:task-status')[0]?.textContent.trim() === 'complete';
      const li = make(doc, 'li', done ? 'cf-task cf-task-done' : 'cf-task', done ? '☑ ' : '☐ ');
      const body = childrenNamed(el, 'ac:task-body')[0];
      if (body !== undefined) li.append(...body.childNodes);
      return [li];
    }
    case 'ac:parameter':
    case 'ac:placeholder':
    case 'ac:task-id':
    case 'ac:task-status':
      return [];
    default:
      // Layouts, bodies and resource identifiers: keep what is inside.
      return [...el.childNodes];
  }
}
