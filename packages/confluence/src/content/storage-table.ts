import type { PhrasingContent, Table, TableCell, TableRow } from 'mdast';
import { normalizeWhitespace } from './phrasing-whitespace.js';
import { type StorageElement, type StorageNode, isBlankText } from './storage-parser.js';
import { type ReadContext, phrasing } from './storage-phrasing.js';
import { isBlockElement } from './storage-to-mdast.js';

/** Presentation attributes Confluence adds to tables; dropping them only resets width and layout. */
const TABLE_ATTRIBUTES = new Set([
  'data-layout',
  'data-table-width',
  'data-table-display-mode',
  'ac:local-id',
]);
const TABLE_CLASSES = new Set(['confluenceTable', 'wrapped', 'relative-table', 'fixed-table']);

const NO_OTHER_ATTRIBUTES: ReadonlySet<string> = new Set();

function ignorable(el: StorageElement, allowed: ReadonlySet<string>): boolean {
  return el.attributes.every(([key, value]) => {
    if (key === 'class')
      return value.split(/\s+/).every((c) => c === '' || TABLE_CLASSES.has(c) || /^confluenceT[dh]$/.test(c));
    if (key === 'colspan' || key === 'rowspan') return value === '1';
    return allowed.has(key);
  });
}

/**
 * Reads a table as a GFM table. Undefined (the caller keeps it verbatim) when GFM cannot hold it:
 * merged or styled cells, block content in a cell beyond a single paragraph, header cells outside
 * the first row, ragged rows, or a pipe escape inside a code span.
 */
export function readTable(el: StorageElement, ctx: ReadContext): Table | undefined {
  if (!ignorable(el, TABLE_ATTRIBUTES)) return undefined;
  const trs: StorageElement[] = [];
  for (const child of el.children) {
    if (isBlankText(child)) continue;
    if (child.type !== 'element') return undefined;
    if (child.name === 'colgroup') continue;
    if (child.name === 'tr') trs.push(child);
    else if (['thead', 'tbody', 'tfoot'].includes(child.name) && child.attributes.length === 0) {
      for (const row of child.children) {
        if (isBlankText(row)) continue;
        if (row.type !== 'element' || row.name !== 'tr') return undefined;
        trs.push(row);
      }
    } else return undefined;
  }
  const rows: { header: boolean; cells: TableCell[] }[] = [];
  for (const tr of trs) {
    const row = readRow(tr, ctx);
    if (!row) return undefined;
    rows.push(row);
  }
  const [first, ...rest] = rows;
  if (!first || rest.some((r) => r.header || r.cells.length !== first.cells.length)) return undefined;
  if (first.header && first.cells.every((c) => c.children.length === 0)) return undefined;
  const emptyHeader: TableRow = {
    type: 'tableRow',
    children: first.cells.map(() => ({ type: 'tableCell', children: [] })),
  };
  const body = (first.header ? rest : rows).map((r): TableRow => ({ type: 'tableRow', children: r.cells }));
  const header: TableRow = first.header ? { type: 'tableRow', children: first.cells } : emptyHeader;
  return { type: 'table', align: first.cells.map(() => null), children: [header, ...body] };
}

function readRow(tr: StorageElement, ctx: ReadContext): { header: boolean; cells: TableCell[] } | undefined {
  if (tr.attributes.length > 0) return undefined;
  const cells: TableCell[] = [];
  let headers = 0;
  for (const child of tr.children) {
    if (isBlankText(child)) continue;
    if (child.type !== 'element' || (child.name !== 'th' && child.name !== 'td')) return undefined;
    if (!ignorable(child, NO_OTHER_ATTRIBUTES)) return undefined;
    const content = cellPhrasing(child.children, ctx);
    if (!content) return undefined;
    if (child.name === 'th') headers++;
    cells.push({ type: 'tableCell', children: content });
  }
  // A row is all header cells or none.
  if ((headers > 0 && headers < cells.length) || cells.length === 0) return undefined;
  return { header: headers > 0, cells };
}

function cellPhrasing(nodes: StorageNode[], ctx: ReadContext): PhrasingContent[] | undefined {
  let inline = nodes;
  if (nodes.some(isBlockElement)) {
    const blocks = nodes.filter((n) => !isBlankText(n));
    const [only] = blocks;
    if (blocks.length !== 1 || only?.type !== 'element' || only.name !== 'p' || only.attributes.length > 0) {
      return undefined;
    }
    inline = only.children;
  }
  const content = normalizeWhitespace(phrasing(inline, ctx));
  return content.some(hasEscapedPipe) ? undefined : content;
}

/** GFM turns `\|` in a cell into `|` even inside code, so such code cannot be written in a cell. */
function hasEscapedPipe(node: PhrasingContent): boolean {
  if (node.type === 'inlineCode' || node.type === 'confluenceInline') return node.value.includes('\\|');
  return 'children' in node && node.children.some(hasEscapedPipe);
}
