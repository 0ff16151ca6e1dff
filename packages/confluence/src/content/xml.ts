import { DecodingMode, decodeHTML } from 'entities/decode';

const TEXT_SPECIAL = /[&<>]/;
const ATTRIBUTE_SPECIAL = /[&<>"]/;

/** Escapes character data for XHTML text content. */
export function escapeText(value: string): string {
  // Most text has nothing to escape; testing first avoids a replace with a callback.
  if (!TEXT_SPECIAL.test(value)) return value;
  return value.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/** Escapes a value for a double-quoted XHTML attribute. */
export function escapeAttribute(value: string): string {
  if (!ATTRIBUTE_SPECIAL.test(value)) return value;
  return value.replace(/[&<>"]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;',
  );
}

/**
 * Wraps text in CDATA. A `]]>` inside the text cannot live in one section, so it is split across two:
 * `]]` ends the first section and `>` starts the next.
 */
export function cdata(value: string): string {
  return `<![CDATA[${value.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

/** Decodes XHTML character references; storage format allows the HTML named entities (`&nbsp;`, `&rsquo;`). */
export function decodeEntities(raw: string): string {
  return raw.includes('&') ? decodeHTML(raw, DecodingMode.Strict) : raw;
}

/** A self-closing or paired element with already-escaped content. */
export function element(name: string, attributes: [string, string][], content?: string): string {
  const attrs = attributes.map(([key, value]) => ` ${key}="${escapeAttribute(value)}"`).join('');
  return content === undefined ? `<${name}${attrs} />` : `<${name}${attrs}>${content}</${name}>`;
}

const SAFE_SCHEME = /^(?:https?|mailto|tel|ftp|sftp|ssh|git|irc|news|slack|msteams|zoommtg|notes):/i;
const ANY_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * True for URLs that cannot run script when clicked: relative references, fragments and an allow-list of
 * schemes. Control characters and whitespace are ignored when looking for the scheme, as browsers do.
 */
export function isSafeUrl(url: string): boolean {
  // eslint-disable-next-line no-control-regex -- browsers strip these before reading the scheme
  const compact = url.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  return !ANY_SCHEME.test(compact) || SAFE_SCHEME.test(compact);
}
