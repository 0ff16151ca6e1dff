/**
 * Conversion between Confluence storage format (XHTML with `ac:`/`ri:` elements) and Markdown.
 *
 * Supported both ways: headings, paragraphs, bold/italic/strikethrough/inline code, links, lists
 * (nested, ordered with start), quotes, rules, line breaks (`<br>`), GFM tables, external images,
 * the code macro (fenced code; params in the info string: ` ```ts title="Example" linenumbers=true `),
 * `<pre>` (indented code), panels (`info` ⇄ `> [!NOTE]`, `tip` ⇄ `[!TIP]`, `note` ⇄ `[!WARNING]`,
 * `warning` ⇄ `[!CAUTION]`, title after the marker), task lists (`- [ ]`/`- [x]`), and page links,
 * mentions and emoticons as `confluence-page:`, `confluence-user:`, `confluence-emoticon:` links.
 *
 * Everything else is kept byte for byte in a placeholder an agent can read and move:
 * - a block element becomes a fenced block with the info string `confluence-storage`; the fence is
 *   longer than any backtick run inside, so CDATA, `-->`, backticks and blank lines are safe;
 * - an inline element becomes a code span followed by `{=confluence-storage}` (Pandoc's raw-inline
 *   syntax), e.g. `` `<ac:structured-macro ac:name="status">…</ac:structured-macro>`{=confluence-storage} ``.
 *   Line breaks inside it are written `␤`/`␍`; an element that already holds those glyphs is base64
 *   encoded and marked `{=confluence-storage-base64}`.
 *
 * Markdown → storage escapes all raw HTML (keeping `<br>`, dropping comments), drops `javascript:`-style
 * URLs, and passes placeholders through only when they are well-formed XML (otherwise they become
 * visible code).
 *
 * @packageDocumentation
 */
import { stringifyMarkdown } from './markdown-io.js';
import { parseMarkdown } from './markdown-parse.js';
import { rootToStorage } from './mdast-to-storage.js';
import { createWriteContext } from './phrasing-to-storage.js';
import { parseStorage } from './storage-parser.js';
import { storageToMdast } from './storage-to-mdast.js';
import { decodeEntities, escapeText } from './xml.js';

export { normalizeStorage } from './normalize-storage.js';
export { storageToPlainText } from './plain-text.js';
export { textOccurrences } from './storage-edits.js';

/** Options for {@link markdownToStorage}. */
export interface MarkdownToStorageOptions {
  /** Turn single line breaks into `<br />` (as GitHub comments do) instead of spaces. Default false. */
  breaks?: boolean;
}

/** Options for {@link storageToMarkdown}. */
export interface StorageToMarkdownOptions {
  /**
   * Display names by account id: a mention reads `[@Ada Admin](confluence-user:<id>)` instead of
   * `[@<id>](confluence-user:<id>)` (the link text is not stored, so both convert back to the same mention).
   * Look the names up before converting ({@link mentionedAccountIds}): the conversion itself does no I/O.
   */
  userNames?: ReadonlyMap<string, string>;
}

/**
 * Converts Confluence storage format to Markdown. Elements without a Markdown form are kept verbatim
 * in `confluence-storage` placeholders, so `markdownToStorage` gives them back unchanged.
 */
export function storageToMarkdown(storage: string, options: StorageToMarkdownOptions = {}): string {
  return stringifyMarkdown(storageToMdast(parseStorage(storage), options.userNames));
}

/**
 * The account ids a storage body mentions (`<ri:user ri:account-id="…">`), each once, in order. A scan of the
 * text, no parse: cheap enough to run before every conversion.
 */
export function mentionedAccountIds(storage: string): string[] {
  if (!storage.includes('ri:user')) return [];
  const ids = new Set<string>();
  for (const m of storage.matchAll(/<ri:user\b[^>]*?\bri:account-id\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    const id = decodeEntities(m[1] ?? m[2] ?? '').trim();
    if (id !== '') ids.add(id);
  }
  return [...ids];
}

/**
 * Converts Markdown (CommonMark with GFM tables, strikethrough and task lists) to storage format:
 * well-formed XHTML with self-closed void elements, escaped text and raw HTML shown as text.
 * Plain text without Markdown syntax becomes `<p>` paragraphs.
 */
export function markdownToStorage(markdown: string, options: MarkdownToStorageOptions = {}): string {
  return rootToStorage(parseMarkdown(markdown), createWriteContext(options.breaks ?? false));
}

/**
 * Plain text (no Markdown at all) to storage: blank lines separate paragraphs, single line breaks
 * become `<br />`, and every character is escaped. For comments typed by people.
 */
export function textToStorage(text: string): string {
  return text
    .split(/(?:\r\n?|\n)[ \t]*(?:\r\n?|\n)\s*/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .map((paragraph) => `<p>${escapeText(paragraph).replace(/\r\n?|\n/g, '<br />')}</p>`)
    .join('');
}
