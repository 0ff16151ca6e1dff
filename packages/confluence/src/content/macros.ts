import type { AlertKind } from './placeholder.js';
import { cdata, element, escapeText } from './xml.js';

/** Panel macro name → GitHub alert, matched by colour and meaning (Confluence "note" is yellow). */
export const PANEL_TO_ALERT: Readonly<Record<string, AlertKind>> = {
  info: 'NOTE',
  tip: 'TIP',
  note: 'WARNING',
  warning: 'CAUTION',
};

/** GitHub alert → panel macro. IMPORTANT has no panel of its own and becomes "note". */
export const ALERT_TO_PANEL: Readonly<Record<AlertKind, string>> = {
  NOTE: 'info',
  TIP: 'tip',
  WARNING: 'note',
  CAUTION: 'warning',
  IMPORTANT: 'note',
};

/** Attributes Confluence puts on every macro; they carry no content and are regenerated when absent. */
export const MACRO_BOOKKEEPING = new Set(['ac:name', 'ac:schema-version', 'ac:macro-id', 'ac:local-id']);

export type Params = [string, string][];

const BARE_VALUE = /^[^\s"'`=\\]+$/;

/**
 * Code macro parameters → fenced-code info string: the language, then `key=value` pairs
 * (`ts title="Example" linenumbers=true`). Undefined when a value cannot live in an info string.
 */
export function formatCodeInfo(params: Params): { lang: string | null; meta: string | null } | undefined {
  let lang: string | null = null;
  const pairs: string[] = [];
  for (const [name, value] of params) {
    // marked also reads a backslash before a non-ASCII symbol as an escape, unlike CommonMark.
    if (/[`\r\n]|\\[\u0080-\u{10ffff}]/u.test(value) || !/^[\w.-]+$/.test(name)) return undefined;
    if (name === 'language') {
      if (!BARE_VALUE.test(value) || lang !== null) return undefined;
      lang = value;
    } else {
      pairs.push(
        BARE_VALUE.test(value) ? `${name}=${value}` : `${name}="${value.replace(/["\\]/g, '\\$&')}"`,
      );
    }
  }
  const meta = pairs.length > 0 ? pairs.join(' ') : null;
  // An info string starts with the language; without one, the pairs stand in its place.
  if (lang === null && meta !== null) return { lang: meta, meta: null };
  return { lang, meta };
}

/** Inverse of {@link formatCodeInfo}. */
export function parseCodeInfo(lang: string | null | undefined, meta: string | null | undefined): Params {
  const info = [lang, meta].filter(Boolean).join(' ');
  const params: Params = [];
  const pair = /([^\s=]+)(?:=("(?:[^"\\]|\\.)*"|\S*))?/g;
  let first = true;
  for (const match of info.matchAll(pair)) {
    const [, key = '', value] = match;
    if (first && value === undefined) params.push(['language', key]);
    else if (value === undefined) params.push([key, 'true']);
    else params.push([key, value.startsWith('"') ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value]);
    first = false;
  }
  return params;
}

function parameters(params: Params): string {
  return params
    .map(([name, value]) => element('ac:parameter', [['ac:name', name]], escapeText(value)))
    .join('');
}

export function codeMacroStorage(params: Params, body: string): string {
  return (
    `<ac:structured-macro ac:name="code" ac:schema-version="1">${parameters(params)}` +
    `<ac:plain-text-body>${cdata(body)}</ac:plain-text-body></ac:structured-macro>`
  );
}

export function panelMacroStorage(kind: AlertKind, title: string, body: string): string {
  const params: Params = title ? [['title', title]] : [];
  return (
    `<ac:structured-macro ac:name="${ALERT_TO_PANEL[kind]}" ac:schema-version="1">${parameters(params)}` +
    `<ac:rich-text-body>${body}</ac:rich-text-body></ac:structured-macro>`
  );
}
