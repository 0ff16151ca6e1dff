import type { AdfMark, AdfNode } from './adf.js';
import { isAdfNode } from './adf.js';
import { escapeXml } from './xhtml.js';

const PANEL_MACROS: Record<string, string> = {
  info: 'info',
  note: 'note',
  warning: 'warning',
  success: 'tip',
};
const MARK_TAGS: Record<string, string> = {
  strong: 'strong',
  em: 'em',
  code: 'code',
  underline: 'u',
  strike: 's',
};

/** Parses an `atlas_doc_format` value; null when it is not a JSON ADF document. */
export function parseAdf(value: string): AdfNode | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return null;
  }
  return isAdfNode(parsed) && parsed.type === 'doc' ? parsed : null;
}

/** An ADF document as storage XHTML, so ADF-written pages are searchable and readable in every format. */
export function adfToStorage(doc: AdfNode): string {
  return children(doc);
}

function children(node: AdfNode): string {
  return (node.content ?? []).map(render).join('');
}

function attr(node: AdfNode, name: string): string {
  const value = node.attrs?.[name];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

function macroParams(node: AdfNode): string {
  const params = (node.attrs?.parameters as { macroParams?: Record<string, { value?: unknown }> } | undefined)
    ?.macroParams;
  return Object.entries(params ?? {})
    .map(([k, v]) => {
      const value = typeof v.value === 'string' || typeof v.value === 'number' ? String(v.value) : '';
      return `<ac:parameter ac:name="${escapeXml(k)}">${escapeXml(value)}</ac:parameter>`;
    })
    .join('');
}

function render(node: AdfNode): string {
  switch (node.type) {
    case 'paragraph':
      return `<p>${children(node)}</p>`;
    case 'heading':
      return `<h${attr(node, 'level') || '1'}>${children(node)}</h${attr(node, 'level') || '1'}>`;
    case 'bulletList':
      return `<ul>${children(node)}</ul>`;
    case 'orderedList':
      return `<ol>${children(node)}</ol>`;
    case 'listItem':
      return `<li>${children(node)}</li>`;
    case 'blockquote':
      return `<blockquote>${children(node)}</blockquote>`;
    case 'rule':
      return '<hr />';
    case 'hardBreak':
      return '<br />';
    case 'table':
      return `<table><tbody>${children(node)}</tbody></table>`;
    case 'tableRow':
      return `<tr>${children(node)}</tr>`;
    case 'tableHeader':
      return `<th>${children(node)}</th>`;
    case 'tableCell':
      return `<td>${children(node)}</td>`;
    case 'codeBlock': {
      const code = (node.content ?? []).map((t) => t.text ?? '').join('');
      const language = attr(node, 'language');
      const lang =
        language === '' ? '' : `<ac:parameter ac:name="language">${escapeXml(language)}</ac:parameter>`;
      return `<ac:structured-macro ac:name="code">${lang}<ac:plain-text-body><![CDATA[${code.replaceAll(']]>', ']]]]><![CDATA[>')}]]></ac:plain-text-body></ac:structured-macro>`;
    }
    case 'panel': {
      const macro = PANEL_MACROS[attr(node, 'panelType')] ?? 'info';
      return `<ac:structured-macro ac:name="${macro}"><ac:rich-text-body>${children(node)}</ac:rich-text-body></ac:structured-macro>`;
    }
    case 'extension':
    case 'inlineExtension':
    case 'bodiedExtension': {
      const body =
        node.type === 'bodiedExtension' ? `<ac:rich-text-body>${children(node)}</ac:rich-text-body>` : '';
      return `<ac:structured-macro ac:name="${escapeXml(attr(node, 'extensionKey'))}">${macroParams(node)}${body}</ac:structured-macro>`;
    }
    case 'mention':
      return `<ac:link><ri:user ri:account-id="${escapeXml(attr(node, 'id'))}" /></ac:link>`;
    case 'inlineCard':
      return `<a href="${escapeXml(attr(node, 'url'))}">${escapeXml(attr(node, 'url'))}</a>`;
    case 'text':
      return applyMarks(escapeXml(node.text ?? ''), node.marks ?? []);
    default:
      return children(node);
  }
}

function applyMarks(text: string, marks: AdfMark[]): string {
  return marks.reduce((inner, mark) => {
    if (mark.type === 'link') {
      const href = typeof mark.attrs?.href === 'string' ? mark.attrs.href : '';
      return `<a href="${escapeXml(href)}">${inner}</a>`;
    }
    if (mark.type === 'annotation' && mark.attrs?.annotationType === 'inlineComment') {
      const ref = typeof mark.attrs.id === 'string' ? mark.attrs.id : '';
      return `<ac:inline-comment-marker ac:ref="${escapeXml(ref)}">${inner}</ac:inline-comment-marker>`;
    }
    const tag = MARK_TAGS[mark.type];
    return tag === undefined ? inner : `<${tag}>${inner}</${tag}>`;
  }, text);
}
