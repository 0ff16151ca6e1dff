/**
 * A forgiving parser for Confluence storage format (XHTML with `ac:`/`ri:` elements and CDATA). It never
 * throws: stray end tags are ignored and unclosed elements are closed at the end, as the editor is lenient too.
 */
export type XNode = XElement | XText;

export interface XElement {
  type: 'element';
  name: string;
  attrs: Record<string, string>;
  children: XNode[];
}

export interface XText {
  type: 'text';
  value: string;
  /** CDATA keeps its text verbatim (code macro bodies). */
  cdata: boolean;
}

export const VOID_ELEMENTS: ReadonlySet<string> = new Set([
  'br',
  'hr',
  'img',
  'col',
  'input',
  'meta',
  'link',
  'wbr',
]);

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  ndash: '\u2013',
  mdash: '\u2014',
  hellip: '\u2026',
  rsquo: '\u2019',
  lsquo: '\u2018',
  rdquo: '\u201d',
  ldquo: '\u201c',
  copy: '\u00a9',
  rarr: '\u2192',
  larr: '\u2190',
};

export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref.startsWith('#x') || ref.startsWith('#X')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    return NAMED_ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;',
  );
}

export function parseXhtml(source: string): XElement {
  const root: XElement = { type: 'element', name: '#root', attrs: {}, children: [] };
  const stack: XElement[] = [root];
  const top = (): XElement => stack[stack.length - 1] ?? root;
  let i = 0;
  while (i < source.length) {
    const lt = source.indexOf('<', i);
    if (lt === -1 || lt > i) {
      const end = lt === -1 ? source.length : lt;
      pushText(top(), decodeEntities(source.slice(i, end)), false);
      i = end;
      continue;
    }
    if (source.startsWith('<![CDATA[', lt)) {
      const end = source.indexOf(']]>', lt);
      const stop = end === -1 ? source.length : end;
      pushText(top(), source.slice(lt + 9, stop), true);
      i = end === -1 ? source.length : end + 3;
    } else if (source.startsWith('<!--', lt)) {
      const end = source.indexOf('-->', lt);
      i = end === -1 ? source.length : end + 3;
    } else if (source.startsWith('</', lt)) {
      const end = source.indexOf('>', lt);
      const name = source.slice(lt + 2, end === -1 ? source.length : end).trim();
      const at = stack.map((e) => e.name).lastIndexOf(name);
      if (at > 0) stack.length = at;
      i = end === -1 ? source.length : end + 1;
    } else {
      const tag = readTag(source, lt);
      if (tag === null) {
        pushText(top(), '<', false);
        i = lt + 1;
        continue;
      }
      const el: XElement = { type: 'element', name: tag.name, attrs: tag.attrs, children: [] };
      top().children.push(el);
      if (!tag.selfClosing && !VOID_ELEMENTS.has(tag.name)) stack.push(el);
      i = tag.end;
    }
  }
  return root;
}

function pushText(parent: XElement, value: string, cdata: boolean): void {
  if (value.length > 0) parent.children.push({ type: 'text', value, cdata });
}

interface Tag {
  name: string;
  attrs: Record<string, string>;
  selfClosing: boolean;
  end: number;
}

function readTag(source: string, lt: number): Tag | null {
  const nameMatch = /^<([a-zA-Z][\w:.-]*)/.exec(source.slice(lt, lt + 64));
  if (nameMatch?.[1] === undefined) return null;
  const name = nameMatch[1];
  const attrs: Record<string, string> = {};
  let i = lt + nameMatch[0].length;
  const attrRe = /\s*([\w:.-]+)\s*(?:=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?/y;
  for (;;) {
    while (i < source.length && /\s/.test(source.charAt(i))) i++;
    const c = source.charAt(i);
    if (c === '>') return { name, attrs, selfClosing: false, end: i + 1 };
    if (c === '/' && source.charAt(i + 1) === '>') return { name, attrs, selfClosing: true, end: i + 2 };
    if (c === '') return null;
    attrRe.lastIndex = i;
    const m = attrRe.exec(source);
    if (m?.[1] === undefined || m[0].length === 0) {
      i++;
      continue;
    }
    attrs[m[1]] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
    i = attrRe.lastIndex;
  }
}

export function elements(node: XElement, name: string): XElement[] {
  return node.children.filter((c): c is XElement => c.type === 'element' && c.name === name);
}

export function firstElement(node: XElement, name: string): XElement | undefined {
  return elements(node, name)[0];
}

/** The value of `<ac:parameter ac:name="…">` directly inside a macro. */
export function macroParam(macro: XElement, paramName: string): string | undefined {
  const param = elements(macro, 'ac:parameter').find((p) => p.attrs['ac:name'] === paramName);
  return param === undefined ? undefined : textOf(param);
}

export function textOf(node: XNode): string {
  if (node.type === 'text') return node.value;
  return node.children.map(textOf).join('');
}
