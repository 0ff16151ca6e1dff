import type { BlockContent } from 'mdast';
import { MACRO_BOOKKEEPING, PANEL_TO_ALERT, type Params, formatCodeInfo } from './macros.js';
import { type StorageElement, attribute, isBlankText, textContent } from './storage-parser.js';
import { type ReadContext, rawOf } from './storage-phrasing.js';
import { flow } from './storage-to-mdast.js';

/**
 * Reads the code macro as a fenced code block and the info/note/warning/tip panels as GitHub alerts.
 * Undefined for any other macro, or one with content these forms cannot hold; the caller keeps it verbatim.
 */
export function readMacro(el: StorageElement, ctx: ReadContext): BlockContent[] | undefined {
  if (el.attributes.some(([key]) => !MACRO_BOOKKEEPING.has(key))) return undefined;
  const name = attribute(el, 'ac:name') ?? '';
  const params: Params = [];
  const bodies = new Map<string, StorageElement>();
  for (const child of el.children) {
    if (isBlankText(child)) continue;
    if (child.type !== 'element' || bodies.has(child.name)) return undefined;
    if (child.name === 'ac:parameter') {
      const paramName = attribute(child, 'ac:name');
      const plain = child.children.every((c) => c.type === 'text');
      if (paramName === undefined || child.attributes.length !== 1 || !plain) return undefined;
      params.push([paramName, textContent(child)]);
    } else bodies.set(child.name, child);
  }
  if (name === 'code') return readCode(params, bodies, rawOf(el, ctx));
  const kind = PANEL_TO_ALERT[name];
  if (kind === undefined || params.some(([key]) => key !== 'title')) return undefined;
  const body = bodies.get('ac:rich-text-body');
  if (bodies.size !== (body ? 1 : 0) || (body && body.attributes.length > 0)) return undefined;
  const title = params.find(([key]) => key === 'title')?.[1] ?? '';
  if (/[\r\n]/.test(title) || title !== title.replace(/\s+/g, ' ').trim()) return undefined;
  return [{ type: 'confluenceAlert', kind, title, children: body ? flow(body.children, ctx) : [] }];
}

function readCode(
  params: Params,
  bodies: Map<string, StorageElement>,
  verbatim: string,
): BlockContent[] | undefined {
  const body = bodies.get('ac:plain-text-body');
  if (!body || bodies.size !== 1 || body.attributes.length > 0) return undefined;
  if (body.children.some((c) => c.type !== 'cdata' && c.type !== 'text')) return undefined;
  const info = formatCodeInfo(params);
  if (!info) return undefined;
  return [{ type: 'code', lang: info.lang, meta: info.meta, value: textContent(body), data: { verbatim } }];
}
