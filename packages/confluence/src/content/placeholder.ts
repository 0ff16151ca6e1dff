import type { Code, Literal, Parent, BlockContent } from 'mdast';
import { parseStorage } from './storage-parser.js';

/** Info string of a fenced block that holds storage format verbatim. */
export const RAW_BLOCK_LANG = 'confluence-storage';
/** Suffix that marks an inline code span as verbatim storage format. */
export const RAW_INLINE_MARK = '{=confluence-storage}';
/** Suffix for the rare inline element whose text holds both a line break and a `␤`/`␍` glyph. */
export const RAW_INLINE_BASE64_MARK = '{=confluence-storage-base64}';

const NEWLINE_GLYPH = '\u2424'; // ␤
const RETURN_GLYPH = '\u240D'; // ␍

/** Inline storage kept verbatim (an unknown inline macro, a status lozenge, an attachment image…). */
export interface ConfluenceInline extends Literal {
  type: 'confluenceInline';
}

export type AlertKind = 'NOTE' | 'TIP' | 'IMPORTANT' | 'WARNING' | 'CAUTION';

/** A Confluence panel macro, written as a GitHub alert (`> [!NOTE] Optional title`). */
export interface ConfluenceAlert extends Parent {
  type: 'confluenceAlert';
  kind: AlertKind;
  title: string;
  children: BlockContent[];
}

declare module 'mdast' {
  interface PhrasingContentMap {
    confluenceInline: ConfluenceInline;
  }
  interface BlockContentMap {
    confluenceAlert: ConfluenceAlert;
  }
  interface RootContentMap {
    confluenceInline: ConfluenceInline;
    confluenceAlert: ConfluenceAlert;
  }
}

/** Info string of the rare block placeholder whose text holds a carriage return (Markdown drops those). */
export const RAW_BLOCK_BASE64_LANG = 'confluence-storage-base64';

/** A fenced `confluence-storage` block holding `raw` byte for byte. */
export function rawBlock(raw: string): Code {
  if (raw.includes('\r')) return base64Block(raw);
  return { type: 'code', lang: RAW_BLOCK_LANG, meta: null, value: raw };
}

/** A block placeholder that survives any Markdown parser, at the cost of readability. */
export function base64Block(raw: string): Code {
  return { type: 'code', lang: RAW_BLOCK_BASE64_LANG, meta: null, value: toBase64(raw) };
}

/** The storage held by a block placeholder, or undefined when it is not one (or is damaged). */
export function rawBlockContent(lang: string | null | undefined, value: string): string | undefined {
  if (lang === RAW_BLOCK_LANG) return value;
  return lang === RAW_BLOCK_BASE64_LANG ? decodeInline(value, RAW_INLINE_BASE64_MARK) : undefined;
}

/**
 * Turns verbatim inline storage into a code-span payload. A code span cannot hold a blank line and a
 * line break inside list items or quotes would be re-indented, so line breaks become the visible glyphs
 * `␤` and `␍`. Text that already holds such a glyph is base64-encoded instead, to stay reversible.
 */
export function encodeInline(raw: string): { payload: string; mark: string } {
  if (raw.includes(NEWLINE_GLYPH) || raw.includes(RETURN_GLYPH)) {
    return { payload: toBase64(raw), mark: RAW_INLINE_BASE64_MARK };
  }
  return { payload: raw.replace(/\r/g, RETURN_GLYPH).replace(/\n/g, NEWLINE_GLYPH), mark: RAW_INLINE_MARK };
}

/** Inverse of {@link encodeInline}; undefined when a base64 payload is damaged. */
export function decodeInline(payload: string, mark: string): string | undefined {
  if (mark === RAW_INLINE_MARK) {
    return payload.replaceAll(RETURN_GLYPH, '\r').replaceAll(NEWLINE_GLYPH, '\n');
  }
  try {
    return fromBase64(payload);
  } catch {
    return undefined;
  }
}

/** The code-span markdown for an inline placeholder (fence longer than any backtick run inside). */
export function inlinePlaceholderMarkdown(raw: string): string {
  const { payload, mark } = encodeInline(raw);
  let longest = 0;
  for (const run of payload.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  const pad = /^[`]|[`]$/.test(payload) || (/^ /.test(payload) && / $/.test(payload)) ? ' ' : '';
  return `${fence}${pad}${payload}${pad}${fence}${mark}`;
}

/**
 * Placeholders typed or edited by hand reach storage unescaped, so they must at least be well-formed:
 * tags nested and closed, attributes quoted, no stray `<` or `&`.
 */
export function isWellFormedStorage(raw: string): boolean {
  return parseStorage(raw).wellFormed;
}

function toBase64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fromBase64(base64: string): string {
  const binary = atob(base64.replace(/\s+/g, ''));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}
