import { Parser } from 'htmlparser2';
import { decodeEntities } from './xml.js';

/** Source offsets of a node: `source.slice(start, end)` is its exact text. */
interface Span {
  start: number;
  end: number;
}

export interface StorageElement extends Span {
  type: 'element';
  name: string;
  /** Attributes in source order, values decoded. */
  attributes: [string, string][];
  children: StorageNode[];
}

export interface StorageText extends Span {
  type: 'text';
  /** Decoded character data. */
  value: string;
}

export interface StorageCdata extends Span {
  type: 'cdata';
  value: string;
}

/** Comments and processing instructions: kept only as raw source. */
export interface StorageOpaque extends Span {
  type: 'opaque';
}

export type StorageNode = StorageElement | StorageText | StorageCdata | StorageOpaque;

export interface StorageDocument {
  source: string;
  children: StorageNode[];
  /** False when tags did not nest, an attribute was not quoted, or text held a stray `<` or `&`. */
  wellFormed: boolean;
}

const STRAY_MARKUP = /<|&(?!(?:#\d+|#x[\da-f]+|[a-z][a-z\d]*);)/i;

/** Shared by the many elements without attributes (the tree is read-only once parsed). */
const NO_ATTRIBUTES: [string, string][] = [];

/** Text or an attribute value with a `<` or a `&` that starts no character reference. */
function hasStrayMarkup(value: string): boolean {
  return (value.includes('<') || value.includes('&')) && STRAY_MARKUP.test(value);
}

/**
 * htmlparser2 silently ignores a closing tag that matches no open element; overriding its
 * tokenizer callback lets us notice it, so well-formedness is known without a second parser.
 * An element is created when its name is read and joins the tree when its start tag ends: asking
 * htmlparser2 for `onopentag` instead would make it build an attribute object per element as well.
 */
class CheckingParser extends Parser {
  strayClose = false;
  /** True while htmlparser2 handles `/>`; it reports such closes as "implied", like real implied ones. */
  selfClosing = false;
  /** The element whose start tag is being read. */
  opening: StorageElement | undefined;
  constructor(
    private readonly source: string,
    private readonly open: readonly StorageElement[],
    private readonly onOpened: (el: StorageElement) => void,
    cbs: ConstructorParameters<typeof Parser>[0],
  ) {
    super(cbs, { xmlMode: true, decodeEntities: false });
  }
  /** Start of the closing tag being handled: where elements it closes implicitly end. */
  closeTagStart: number | undefined;
  override onclosetag(start: number, endIndex: number): void {
    const name = this.open[this.open.length - 1]?.name;
    if (name?.length !== endIndex - start || !this.source.startsWith(name, start)) this.strayClose = true;
    this.closeTagStart = this.source.lastIndexOf('<', start);
    super.onclosetag(start, endIndex);
    this.closeTagStart = undefined;
  }
  override onopentagend(endIndex: number): void {
    this.startTagEnded();
    super.onopentagend(endIndex);
  }
  override onselfclosingtag(endIndex: number): void {
    this.startTagEnded();
    this.selfClosing = true;
    super.onselfclosingtag(endIndex);
    this.selfClosing = false;
  }
  private startTagEnded(): void {
    if (this.opening) this.onOpened(this.opening);
    this.opening = undefined;
  }
}

/**
 * Parses Confluence storage format (XHTML with `ac:`/`ri:` elements) into a light tree that keeps the
 * source offsets of every node, so that any element can later be copied out byte for byte.
 */
export function parseStorage(source: string): StorageDocument {
  const root: StorageElement = {
    type: 'element',
    name: '#root',
    attributes: [],
    children: [],
    start: 0,
    end: 0,
  };
  /** Open elements below the root; `current` is the innermost open element or the root. */
  const stack: StorageElement[] = [];
  let current = root;
  const state = { wellFormed: true };
  let cdataNode: StorageCdata | undefined;

  const parser: CheckingParser = new CheckingParser(
    source,
    stack,
    (el) => {
      current.children.push(el);
      stack.push(el);
      current = el;
    },
    {
      onopentagname(name) {
        const start = parser.startIndex;
        parser.opening = {
          type: 'element',
          name,
          attributes: NO_ATTRIBUTES,
          children: [],
          start,
          end: start,
        };
      },
      onattribute(name, value, quote) {
        if (typeof quote !== 'string' || hasStrayMarkup(value)) state.wellFormed = false;
        const el = parser.opening;
        if (!el) return;
        if (el.attributes === NO_ATTRIBUTES) el.attributes = [];
        el.attributes.push([name, decodeEntities(value)]);
      },
      onclosetag(_name, isImplied) {
        const implied = isImplied && !parser.selfClosing;
        if (implied) state.wellFormed = false;
        const el = stack.pop();
        current = stack[stack.length - 1] ?? root;
        if (el) el.end = implied ? (parser.closeTagStart ?? source.length) : parser.endIndex + 1;
      },
      ontext(data) {
        if (cdataNode) {
          cdataNode.value += data;
          return;
        }
        const start = parser.startIndex;
        const end = parser.endIndex + 1;
        if (hasStrayMarkup(data)) state.wellFormed = false;
        const siblings = current.children;
        const last = siblings[siblings.length - 1];
        if (last?.type === 'text' && last.end === start) {
          last.value += decodeEntities(data);
          last.end = end;
        } else {
          siblings.push({ type: 'text', value: decodeEntities(data), start, end });
        }
      },
      oncdatastart() {
        cdataNode = { type: 'cdata', value: '', start: parser.startIndex, end: parser.endIndex + 1 };
        current.children.push(cdataNode);
      },
      oncdataend() {
        if (cdataNode) cdataNode.end = parser.endIndex + 1;
        cdataNode = undefined;
      },
      oncomment() {
        current.children.push({ type: 'opaque', start: parser.startIndex, end: parser.endIndex + 1 });
      },
      onprocessinginstruction() {
        current.children.push({ type: 'opaque', start: parser.startIndex, end: parser.endIndex + 1 });
      },
    },
  );
  parser.end(source);
  return { source, children: root.children, wellFormed: state.wellFormed && !parser.strayClose };
}

/** The value of an attribute, or undefined. */
export function attribute(el: StorageElement, name: string): string | undefined {
  return el.attributes.find(([key]) => key === name)?.[1];
}

/** Child elements only (text, CDATA and comments skipped). */
export function childElements(el: StorageElement): StorageElement[] {
  return el.children.filter((c): c is StorageElement => c.type === 'element');
}

/** Concatenated text and CDATA content of a node, recursively. */
export function textContent(node: StorageNode): string {
  if (node.type === 'text' || node.type === 'cdata') return node.value;
  if (node.type === 'opaque') return '';
  return node.children.map(textContent).join('');
}

/** True for a text node holding only XML whitespace. */
export function isBlankText(node: StorageNode): boolean {
  return node.type === 'text' && !/[^ \t\r\n]/.test(node.value);
}
