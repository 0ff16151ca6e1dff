import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { markdownToStorage, storageToMarkdown } from './index.js';
import {
  RAW_INLINE_BASE64_MARK,
  RAW_INLINE_MARK,
  decodeInline,
  encodeInline,
  inlinePlaceholderMarkdown,
  isWellFormedStorage,
} from './placeholder.js';

describe('inline placeholders', () => {
  test('keep single-line storage as it is, readable', () => {
    expect(inlinePlaceholderMarkdown('<ac:emoticon ac:name="x" />')).toBe(
      '`<ac:emoticon ac:name="x" />`{=confluence-storage}',
    );
  });

  test('use a fence longer than any backtick run inside', () => {
    expect(inlinePlaceholderMarkdown('<x a="``" />')).toBe('```<x a="``" />```{=confluence-storage}');
  });

  test('write line breaks as visible glyphs, and fall back to base64 when the glyphs are already there', () => {
    expect(encodeInline('<x>\r\n</x>')).toEqual({ payload: '<x>␍␤</x>', mark: RAW_INLINE_MARK });
    const tricky = encodeInline('<x>␤</x>');
    expect(tricky.mark).toBe(RAW_INLINE_BASE64_MARK);
    expect(decodeInline(tricky.payload, tricky.mark)).toBe('<x>␤</x>');
    expect(decodeInline('%%%', RAW_INLINE_BASE64_MARK)).toBeUndefined();
  });

  test('encode and decode are inverse for any text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', '\n', '\r', '␤', '␍', '`', ' ', '漢', '🙂') }),
        (raw) => {
          const { payload, mark } = encodeInline(raw);
          expect(payload).not.toMatch(/[\r\n]/);
          expect(decodeInline(payload, mark)).toBe(raw);
        },
      ),
    );
  });

  test('an inline element with blank lines inside a list item and a quote comes back byte for byte', () => {
    const macro =
      '<ac:structured-macro ac:name="x"><ac:plain-text-body><![CDATA[a\n\n\tb\r\n]]></ac:plain-text-body></ac:structured-macro>';
    for (const storage of [
      `<ul><li><p>before ${macro} after</p></li></ul>`,
      `<blockquote><p>before ${macro} after</p></blockquote>`,
      `<table><tbody><tr><th>h</th></tr><tr><td>in ${macro} cell</td></tr></tbody></table>`,
    ]) {
      expect(markdownToStorage(storageToMarkdown(storage))).toContain(macro);
    }
  });
});

describe('block placeholders', () => {
  test('code with tabs inside a list item and carriage returns survive as base64', () => {
    const go =
      '<ac:structured-macro ac:name="code"><ac:parameter ac:name="language">go</ac:parameter><ac:plain-text-body><![CDATA[func f() {\n\treturn\n}]]></ac:plain-text-body></ac:structured-macro>';
    const md = storageToMarkdown(`<ul><li><p>step</p>${go}</li></ul>`);
    expect(md).toContain('```confluence-storage-base64');
    expect(markdownToStorage(md)).toContain(go);
    const crlf =
      '<ac:structured-macro ac:name="x"><ac:plain-text-body><![CDATA[a\r\nb]]></ac:plain-text-body></ac:structured-macro>';
    expect(markdownToStorage(storageToMarkdown(crlf))).toBe(crlf);
  });
});

describe('malformed storage', () => {
  test('an unclosed element is neither duplicated nor sent back broken', () => {
    const back = markdownToStorage(storageToMarkdown('<p>a <span>b</p><p>zeta</p>'));
    expect(back.match(/zeta/g)).toHaveLength(1);
    expect(isWellFormedStorage(back)).toBe(true);
  });
});

describe('isWellFormedStorage', () => {
  test.each([
    ['<a><b /></a>', true],
    ['<p>x &amp; &nbsp; &#160;</p><!-- c --><![CDATA[<]]>', true],
    ['<a><b></a>', false],
    ['<a></b>', false],
    ['</a>', false],
    ['<a>', false],
    ['<a x=1 />', false],
    ['<p>AT&T</p>', false],
    ['<p>1 < 2</p>', false],
  ])('%s → %s', (xml, expected) => {
    expect(isWellFormedStorage(xml)).toBe(expected);
  });
});
