import type { AdfNode } from './adf.js';
import type { PageUrlResolver } from './to-adf-inline.js';
import { inlines, macroAttrs } from './to-adf-inline.js';
import type { XElement, XNode } from './xhtml.js';
import { elements, firstElement, macroParam, parseXhtml, textOf } from './xhtml.js';

export type { PageUrlResolver };

const PANEL_TYPES: Record<string, string> = {
  info: 'info',
  note: 'note',
  warning: 'warning',
  tip: 'success',
};
const BLOCK_NAMES = new Set(['p', 'ul', 'ol', 'table', 'pre', 'blockquote', 'hr', 'div', 'ac:task-list']);
/** Macros that sit inside a line of text; every other macro is a block. */
const INLINE_MACROS = new Set(['jira', 'status', 'anchor']);

/** Storage XHTML as an ADF document (the `atlas_doc_format` representation), serialized as a JSON string. */
export function storageToAdf(storage: string, pageUrl: PageUrlResolver = () => undefined): string {
  const content = new AdfWriter(pageUrl).blocks(parseXhtml(storage).children);
  return JSON.stringify({ type: 'doc', version: 1, content });
}

class AdfWriter {
  constructor(private readonly pageUrl: PageUrlResolver) {}

  /** Block content; loose inline content between blocks is gathered into paragraphs. */
  blocks(nodes: XNode[]): AdfNode[] {
    const out: AdfNode[] = [];
    let pending: XNode[] = [];
    const flush = (): void => {
      const content = inlines(pending, [], this.pageUrl);
      pending = [];
      if (content.some((n) => n.type !== 'text' || (n.text ?? '').trim().length > 0)) {
        out.push({ type: 'paragraph', content });
      }
    };
    for (const node of nodes) {
      if (node.type === 'element' && isBlock(node)) {
        flush();
        out.push(...this.block(node));
      } else {
        pending.push(node);
      }
    }
    flush();
    return out;
  }

  private block(el: XElement): AdfNode[] {
    const heading = /^h([1-6])$/.exec(el.name);
    if (heading?.[1] !== undefined) {
      const content = inlines(el.children, [], this.pageUrl);
      return [{ type: 'heading', attrs: { level: Number(heading[1]) }, content }];
    }
    switch (el.name) {
      case 'p':
        return [{ type: 'paragraph', content: inlines(el.children, [], this.pageUrl) }];
      case 'ul':
      case 'ol':
        return [this.list(el.name === 'ul' ? 'bulletList' : 'orderedList', elements(el, 'li'))];
      case 'ac:task-list':
        return [
          this.list(
            'bulletList',
            elements(el, 'ac:task').map((t) => firstElement(t, 'ac:task-body') ?? t),
          ),
        ];
      case 'pre':
        return [codeBlock('', textOf(el))];
      case 'blockquote':
        return [{ type: 'blockquote', content: this.blocks(el.children) }];
      case 'hr':
        return [{ type: 'rule' }];
      case 'table':
        return [this.table(el)];
      case 'ac:structured-macro':
        return [this.macro(el)];
      default:
        return this.blocks(el.children);
    }
  }

  private list(type: string, items: XElement[]): AdfNode {
    const content = items.map((li) => ({ type: 'listItem', content: this.blocks(li.children) }));
    return type === 'orderedList' ? { type, attrs: { order: 1 }, content } : { type, content };
  }

  private table(el: XElement): AdfNode {
    const sections = new Set(['thead', 'tbody', 'tfoot']);
    const rows = el.children.flatMap((c) =>
      c.type !== 'element' ? [] : c.name === 'tr' ? [c] : sections.has(c.name) ? elements(c, 'tr') : [],
    );
    const cell = (c: XElement): AdfNode => ({
      type: c.name === 'th' ? 'tableHeader' : 'tableCell',
      attrs: {},
      content: ensureBlocks(this.blocks(c.children)),
    });
    return {
      type: 'table',
      attrs: { isNumberColumnEnabled: false, layout: 'default' },
      content: rows.map((tr) => ({
        type: 'tableRow',
        content: tr.children
          .filter((c): c is XElement => c.type === 'element' && (c.name === 'td' || c.name === 'th'))
          .map(cell),
      })),
    };
  }

  /** code → codeBlock, info/note/warning/tip → panel, anything else → (bodied) extension. */
  private macro(el: XElement): AdfNode {
    const name = el.attrs['ac:name'] ?? '';
    if (name === 'code' || name === 'noformat') {
      return codeBlock(
        macroParam(el, 'language') ?? '',
        textOf(firstElement(el, 'ac:plain-text-body') ?? el),
      );
    }
    const body = firstElement(el, 'ac:rich-text-body');
    const panelType = PANEL_TYPES[name];
    if (panelType !== undefined) {
      return {
        type: 'panel',
        attrs: { panelType },
        content: ensureBlocks(this.blocks(body?.children ?? [])),
      };
    }
    if (body === undefined) return { type: 'extension', attrs: macroAttrs(el) };
    return {
      type: 'bodiedExtension',
      attrs: macroAttrs(el),
      content: ensureBlocks(this.blocks(body.children)),
    };
  }
}

function isBlock(el: XElement): boolean {
  if (BLOCK_NAMES.has(el.name) || /^h[1-6]$/.test(el.name)) return true;
  return el.name === 'ac:structured-macro' && !INLINE_MACROS.has(el.attrs['ac:name'] ?? '');
}

function codeBlock(language: string, code: string): AdfNode {
  const content = code.length === 0 ? [] : [{ type: 'text', text: code }];
  return { type: 'codeBlock', attrs: language === '' ? {} : { language }, content };
}

function ensureBlocks(content: AdfNode[]): AdfNode[] {
  return content.length > 0 ? content : [{ type: 'paragraph', content: [] }];
}
