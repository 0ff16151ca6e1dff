import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { markdownToStorage, normalizeStorage, storageToMarkdown } from './index.js';
import { parseStorage } from './storage-parser.js';

const word = fc.string({ unit: fc.constantFrom(...Array.from('abcdefghij')), minLength: 1, maxLength: 8 });
/** Block markers a line may start with: escaped (they must stay text) and bare (they are structure). */
const LINE_START = [
  ...['1\\.', '2024\\.', '1\\)', '\\-', '\\+', '\\*', '\\#', '\\>', '\\|', '\\=', '\\`\\`\\`', '\\~~~'],
  ...['&#49;.', '2024&#46;', '&#35;', '&#42;', '&gt;', '&#96;&#96;&#96;', '&nbsp;', '&#32;', '\\[!NOTE\\]'],
  ...['1.', '2024.', '1)', '-', '+', '*', '#', '>', '|', '=', '```', '~~~', '---', '<div>', '  ', '\t'],
];
/** Tokens for the middle and end of a line: emphasis, escapes, entities, closing `#`, hard-break spaces. */
const TOKEN = [
  ...['*', '_', '~', '`', '``', '[', ']', '<', '>', '&', '#', '|', '\\', '!', '漢', '🙂', '&amp;', '&#42;'],
  ...['{=confluence-storage}', '  ', '\t', '\u00a0', '1.', '-'],
];
/** Text with characters Markdown, XML or both treat specially, starting and ending anywhere; one word at least. */
const text = fc
  .tuple(
    fc.oneof(word, fc.constantFrom(...LINE_START)),
    fc.array(fc.oneof(word, fc.constantFrom(...TOKEN)), { maxLength: 4 }),
    word,
    fc.array(fc.oneof(word, fc.constantFrom(...TOKEN)), { maxLength: 2 }),
  )
  .map(([start, middle, w, end]) => [start, ...middle, w, ...end].join(' '));

const inline = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: text },
      word.map((w) => `**${w}**`),
      word.map((w) => `*${w}*`),
      word.map((w) => `~~${w}~~`),
      text.map((t) => `\`${t.replace(/`/g, '')}\``),
      fc
        .tuple(
          word,
          fc.constantFrom(
            'https://example.com/x',
            '<confluence-page:Some Page>',
            'confluence-user:557058:abc',
          ),
        )
        .map(([w, u]) => `[${w}](${u})`),
      word.map((w) => `![${w}](https://img.example/${w}.png)`),
      fc.constant('[:smile:](confluence-emoticon:smile)'),
      fc.constant(
        '`<ac:structured-macro ac:name="status"><ac:parameter ac:name="title">OK</ac:parameter></ac:structured-macro>`{=confluence-storage}',
      ),
      fc.constant('<b>raw html</b>'),
      fc.constant('a<br>b'),
    ),
    { minLength: 1, maxLength: 5 },
  )
  .map((parts) => parts.join(' '));

const { block } = fc.letrec<{ block: string }>((tie) => ({
  block: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 4, arbitrary: inline },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...LINE_START), inline).map(([m, t]) => `${m} ${t}`) },
    // Lines of one paragraph, joined by soft and hard breaks: each later line starts a line too.
    fc
      .tuple(inline, fc.array(fc.tuple(fc.constantFrom('\n', '  \n', '\\\n'), inline), { maxLength: 2 }))
      .map(([first, rest]) => first + rest.map(([br, line]) => br + line).join('')),
    fc.tuple(fc.integer({ min: 1, max: 6 }), inline).map(([d, t]) => `${'#'.repeat(d)} ${t}`),
    fc
      .tuple(fc.constantFrom('-', '1.', '- [ ]', '- [x]'), fc.array(inline, { minLength: 1, maxLength: 3 }))
      .map(([marker, items]) => items.map((i) => `${marker} ${i}`).join('\n')),
    tie('block').map((b) =>
      b
        .split('\n')
        .map((l) => `> ${l}`)
        .join('\n'),
    ),
    fc
      .tuple(fc.constantFrom('NOTE', 'TIP', 'WARNING', 'CAUTION'), inline)
      .map(([k, t]) => `> [!${k}]\n> ${t}`),
    fc
      .tuple(fc.constantFrom('', 'ts', 'python title="Ex ample"'), fc.array(text, { maxLength: 3 }))
      .map(([info, lines]) => '````' + info + '\n' + lines.join('\n') + '\n````'),
    fc
      .tuple(inline, inline)
      .map(
        ([a, b]) => `| h1 | h2 |\n| --- | --- |\n| ${a.replace(/\|/g, '\\|')} | ${b.replace(/\|/g, '\\|')} |`,
      ),
    fc.constant('---'),
    fc.constant('```confluence-storage\n<ac:structured-macro ac:name="toc" />\n```'),
  ),
}));
const markdown = fc.array(block, { minLength: 1, maxLength: 5 }).map((b) => b.join('\n\n'));

const once = (md: string): string => storageToMarkdown(markdownToStorage(md));
const meaning = (md: string): string => normalizeStorage(markdownToStorage(md));

describe('Markdown → storage → Markdown', () => {
  // 200 runs: ≈ 1 s idle and ≤ 2 s with both cores busy on a 2-core machine; 60 s limit. Deleting the line-start
  // escape rule fails the meaning check within 50 runs (12 seeds tried).
  test('is stable after one pass, and the Markdown written back means what was read', () => {
    fc.assert(
      fc.property(markdown, (md) => {
        const first = once(md);
        expect(once(first)).toBe(first);
        expect(meaning(first)).toBe(meaning(md));
      }),
      { numRuns: 200 },
    );
  }, 60_000);

  // 300 runs: ≈ 1 s idle and ≤ 4 s with both cores busy on a 2-core machine; 60 s limit.
  test('always yields well-formed storage with only Confluence-safe elements, whatever the input', () => {
    const allowed = new Set([
      ...[
        'p',
        'h1',
        'h2',
        'h3',
        'h4',
        'h5',
        'h6',
        'strong',
        'em',
        's',
        'code',
        'a',
        'br',
        'hr',
        'ul',
        'ol',
        'li',
      ],
      ...['blockquote', 'pre', 'table', 'tbody', 'tr', 'th', 'td', 'ac:structured-macro', 'ac:parameter'],
      ...[
        'ac:plain-text-body',
        'ac:rich-text-body',
        'ac:task-list',
        'ac:task',
        'ac:task-id',
        'ac:task-status',
      ],
      ...['ac:task-body', 'ac:link', 'ri:page', 'ri:user', 'ac:plain-text-link-body', 'ac:link-body'],
      ...['ac:emoticon', 'ac:image', 'ri:url', 'ri:attachment'],
    ]);
    const names = (nodes: ReturnType<typeof parseStorage>['children']): string[] =>
      nodes.flatMap((n) => (n.type === 'element' ? [n.name, ...names(n.children)] : []));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary' }).map((input) => ({ input, hasContent: false })),
          markdown.map((input) => ({ input, hasContent: true })),
        ),
        ({ input, hasContent }) => {
          const storage = markdownToStorage(input.replace(/`{=confluence-storage}/g, '`'));
          // Any string may convert to nothing (blank, a comment); generated Markdown always has content.
          if (hasContent) expect(storage).not.toBe('');
          const doc = parseStorage(storage);
          expect(doc.wellFormed).toBe(true);
          for (const name of names(doc.children)) expect(allowed).toContain(name);
        },
      ),
      { numRuns: 300 },
    );
  }, 60_000);
});
