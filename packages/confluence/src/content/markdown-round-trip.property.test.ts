import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { markdownToStorage, storageToMarkdown } from './index.js';
import { parseStorage } from './storage-parser.js';

const word = fc.string({ unit: fc.constantFrom(...Array.from('abcdefghij')), minLength: 1, maxLength: 8 });
/** Text with characters that Markdown, XML or both treat specially, plus non-ASCII. */
const text = fc
  .array(
    fc.oneof(
      word,
      fc.constantFrom(
        '*',
        '_',
        '~',
        '`',
        '[',
        ']',
        '<',
        '>',
        '&',
        '#',
        '|',
        '\\',
        '!',
        '漢',
        '🙂',
        '&amp;',
        '{=confluence-storage}',
      ),
    ),
    {
      minLength: 1,
      maxLength: 6,
    },
  )
  .map((parts) => `${parts.join(' ')} z`);

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

describe('Markdown → storage → Markdown', () => {
  test('is stable after one pass', () => {
    fc.assert(
      fc.property(markdown, (md) => {
        const first = once(md);
        expect(once(first)).toBe(first);
      }),
      { numRuns: 300 },
    );
  });

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
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), markdown), (input) => {
        const doc = parseStorage(markdownToStorage(input.replace(/`{=confluence-storage}/g, '`')));
        expect(doc.wellFormed).toBe(true);
        for (const name of names(doc.children)) expect(allowed).toContain(name);
      }),
      { numRuns: 300 },
    );
  });
});
