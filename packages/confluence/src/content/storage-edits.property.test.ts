// Surgical edits leave everything outside the edited part byte for byte as it was: random storage documents
// (macros, layouts, unknown elements, entities, headings at several depths) and random edits.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { EditNotApplicableError } from '../errors.js';
import { applyStorageEdits } from './storage-edits.js';

/** Noise words: never the target heading nor the needle, in any combination. */
const word = fc.constantFrom(
  'alpha',
  'beta',
  'gamma',
  'it&#39;s',
  'a&amp;b',
  '&lt;tag&gt;',
  'caf&#xe9;',
  '🙂',
  'x',
);
const words = fc.array(word, { minLength: 1, maxLength: 5 }).map((w) => w.join(' '));
const inline = fc.oneof(
  words,
  words.map((w) => `<strong>${w}</strong>`),
  words.map((w) => `<a href="https://e.org/?a=1&amp;b=2">${w}</a>`),
  fc.constant('<ac:emoticon ac:name="smile" />'),
  words.map((w) => `<ac:link><ri:page ri:content-title="${w}" /></ac:link>`),
);
const paragraph = fc
  .array(inline, { minLength: 1, maxLength: 4 })
  .map((parts) => `<p>${parts.join(' ')}</p>`);
const level = fc.integer({ min: 1, max: 6 });
/** A noise heading: its text is never the target's. */
const heading = fc.tuple(level, words).map(([n, w]) => ({ html: `<h${n}>${w}</h${n}>`, level: n }));
const macro = fc
  .tuple(words, paragraph)
  .map(
    ([p, body]) =>
      `<ac:structured-macro ac:name="info" ac:schema-version="1" ac:macro-id="m-1"><ac:parameter ac:name="title">${p}</ac:parameter>` +
      `<ac:rich-text-body><h2>${p}</h2>${body}</ac:rich-text-body></ac:structured-macro>`,
  );
const code = words.map(
  (w) =>
    `<ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[${w} ]]> <p>]]></ac:plain-text-body></ac:structured-macro>`,
);
const layout = fc
  .tuple(heading, paragraph)
  .map(
    ([h, p]) =>
      `<ac:layout><ac:layout-section ac:type="two_equal"><ac:layout-cell>${h.html}${p}</ac:layout-cell>` +
      `<ac:layout-cell><p>x</p></ac:layout-cell></ac:layout-section></ac:layout>`,
  );
const unknown = words.map((w) => `<foo:widget data-x="1">${w}<foo:part/></foo:widget><!-- note -->`);
/** A top-level block: what it is (a heading has a level) and its exact source. */
const block = fc.oneof(
  paragraph.map((html) => ({ html, level: 0 })),
  heading,
  macro.map((html) => ({ html, level: 0 })),
  code.map((html) => ({ html, level: 0 })),
  layout.map((html) => ({ html, level: 0 })),
  unknown.map((html) => ({ html, level: 0 })),
  fc.constant({ html: '<table><tbody><tr><td><p>cell</p></td></tr></tbody></table>', level: 0 }),
);
const blocks = fc.array(block, { maxLength: 8 });
const insertion = fc.oneof(paragraph, macro, fc.constant(''));

/** A document with a unique target heading at a random place among random blocks. */
const withTarget = fc.tuple(blocks, blocks, level).map(([before, after, n]) => {
  const head = before.map((b) => b.html).join('');
  const target = `<h${n}>Target <em>heading</em></h${n}>`;
  // The section ends at the first later top-level heading of the same or a higher level.
  const stop = after.findIndex((b) => b.level > 0 && b.level <= n);
  const inSection = (stop === -1 ? after : after.slice(0, stop)).map((b) => b.html).join('');
  const rest = (stop === -1 ? [] : after.slice(stop)).map((b) => b.html).join('');
  return {
    doc: head + target + inSection + rest,
    headingEnd: head.length + target.length,
    sectionEnd: head.length + target.length + inSection.length,
  };
});

/** A document with the needle "needle phrase" once, split by inline markup, at a random place. */
const needleSplits = [
  'needle phrase',
  'nee<strong>dle phr</strong>ase',
  '<em>needle</em> <a href="#a">phrase</a>',
  'needle&#32;phrase',
  'ne&#x65;dle phras<code>e</code>',
];
const withNeedle = fc
  .tuple(blocks, blocks, fc.constantFrom(...needleSplits), words, words)
  .map(([before, after, needle, left, right]) => {
    const head = `${before.map((b) => b.html).join('')}<p>${left} `;
    return {
      doc: `${head}${needle} ${right}</p>${after.map((b) => b.html).join('')}`,
      matchStart: head.length,
      matchEnd: head.length + needle.length,
      needle,
    };
  });

/** result is doc with [start, end) replaced by something, and nothing else changed. */
function onlyChanged(doc: string, result: string, start: number, end: number) {
  expect(result.slice(0, start)).toBe(doc.slice(0, start));
  expect(result.slice(result.length - (doc.length - end))).toBe(doc.slice(end));
}

describe('surgical edits change only what they are about', () => {
  test('append and prepend add around an untouched body', () => {
    fc.assert(
      fc.property(blocks, insertion, (bs, body) => {
        const doc = bs.map((b) => b.html).join('');
        expect(applyStorageEdits(doc, [{ op: 'append', body }])).toBe(doc + body);
        expect(applyStorageEdits(doc, [{ op: 'prepend', body }])).toBe(body + doc);
      }),
    );
  });

  test('insert_after_heading inserts right after the heading; replace_section swaps exactly its section', () => {
    fc.assert(
      fc.property(withTarget, insertion, ({ doc, headingEnd, sectionEnd }, body) => {
        const inserted = applyStorageEdits(doc, [
          { op: 'insert_after_heading', heading: 'Target heading', body },
        ]);
        expect(inserted).toBe(doc.slice(0, headingEnd) + body + doc.slice(headingEnd));
        const replaced = applyStorageEdits(doc, [
          { op: 'replace_section', heading: ' Target   heading ', body },
        ]);
        expect(replaced).toBe(doc.slice(0, headingEnd) + body + doc.slice(sectionEnd));
      }),
    );
  });

  test('replace_text rewrites only the matched characters, across inline markup, keeping the markup', () => {
    fc.assert(
      fc.property(
        withNeedle,
        fc.constantFrom('pin', 'a <b> & c', ''),
        ({ doc, matchStart, matchEnd, needle }, replace) => {
          const result = applyStorageEdits(doc, [{ op: 'replace_text', find: 'needle phrase', replace }]);
          onlyChanged(doc, result, matchStart, matchEnd);
          const middle = result.slice(matchStart, result.length - (doc.length - matchEnd));
          // The markup inside the match stays (emptied), the replacement is escaped text.
          const tags = (s: string) => s.match(/<[^>]+>/g) ?? [];
          expect(tags(middle)).toEqual(tags(needle));
          expect(middle.replace(/<[^>]+>/g, '')).toBe(
            replace.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
          );
        },
      ),
    );
  });

  test('edits apply in order; one that cannot apply fails the whole list', () => {
    fc.assert(
      fc.property(withTarget, ({ doc }) => {
        const edits = [
          { op: 'append', body: '<p>end</p>' },
          { op: 'replace_section', heading: 'No such heading', body: '' },
        ] as const;
        expect(() => applyStorageEdits(doc, edits)).toThrow(EditNotApplicableError);
      }),
    );
  });
});

describe('edit errors say what was found', () => {
  const doc = '<h2>Setup</h2><p>one one</p><h3>Setup</h3><p>two</p>';

  test('a missing heading lists the headings; an ambiguous one counts them; a level prefix picks one', () => {
    expect(() =>
      applyStorageEdits(doc, [{ op: 'insert_after_heading', heading: 'Install', body: '' }]),
    ).toThrow(/edits\[0\] \(insert_after_heading\): no heading "Install".*## Setup \| ### Setup/);
    expect(() => applyStorageEdits(doc, [{ op: 'replace_section', heading: 'Setup', body: '' }])).toThrow(
      /2 headings read "Setup"/,
    );
    expect(applyStorageEdits(doc, [{ op: 'replace_section', heading: '## Setup', body: '<p>new</p>' }])).toBe(
      '<h2>Setup</h2><p>new</p>',
    );
    expect(applyStorageEdits(doc, [{ op: 'replace_section', heading: '### Setup', body: '' }])).toBe(
      '<h2>Setup</h2><p>one one</p><h3>Setup</h3>',
    );
  });

  test('a count mismatch says how many matches there are; expectedCount replaces them all', () => {
    let error: unknown;
    try {
      applyStorageEdits(doc, [{ op: 'replace_text', find: 'one', replace: '1' }]);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ kind: 'EDIT_NOT_APPLICABLE', editIndex: 0, matchCount: 2 });
    expect((error as Error).message).toMatch(/"one" occurs 2 times, expected 1.*expectedCount: 2/);
    expect(
      applyStorageEdits(doc, [{ op: 'replace_text', find: 'one', replace: '1', expectedCount: 2 }]),
    ).toBe('<h2>Setup</h2><p>1 1</p><h3>Setup</h3><p>two</p>');
    expect(() => applyStorageEdits(doc, [{ op: 'replace_text', find: 'three', replace: '3' }])).toThrow(
      /"three" is not on the page/,
    );
  });

  test('macro parameters and code are not prose: replace_text leaves them alone', () => {
    const code =
      '<ac:structured-macro ac:name="code"><ac:parameter ac:name="title">key</ac:parameter>' +
      '<ac:plain-text-body><![CDATA[key]]></ac:plain-text-body></ac:structured-macro><p>key</p>';
    expect(applyStorageEdits(code, [{ op: 'replace_text', find: 'key', replace: 'lock' }])).toBe(
      code.replace('<p>key</p>', '<p>lock</p>'),
    );
  });
});
