import { describe, expect, test } from 'vitest';
import { markdownToStorage, mentionedAccountIds, storageToMarkdown, textOccurrences } from './index.js';
import { resetConversionPool, storageToMarkdownAsync } from './pool.js';

const mention = (id: string) => `<ac:link><ri:user ri:account-id="${id}" /></ac:link>`;
const page = `<p>Ask ${mention('557058:0c8b')} or ${mention('acc-bob')}, not ${mention('acc-gone')}.</p>`;
const names = new Map([
  ['557058:0c8b', 'Ada Admin'],
  ['acc-bob', 'Bob [the] Builder'],
]);

describe('mentions by display name', () => {
  test('with names, mentions read @Name and keep the account id in the link; unknown ids stay ids', () => {
    expect(storageToMarkdown(page, { userNames: names })).toBe(
      'Ask [@Ada Admin](confluence-user:557058:0c8b) or [@Bob \\[the\\] Builder](confluence-user:acc-bob), ' +
        'not [@acc-gone](confluence-user:acc-gone).\n',
    );
  });

  test('both forms convert back to the same storage, byte for byte', () => {
    const byName = storageToMarkdown(page, { userNames: names });
    const byId = storageToMarkdown(page);
    expect(byId).toBe(
      'Ask [@557058:0c8b](confluence-user:557058:0c8b) or [@acc-bob](confluence-user:acc-bob), ' +
        'not [@acc-gone](confluence-user:acc-gone).\n',
    );
    expect(markdownToStorage(byName)).toBe(page);
    expect(markdownToStorage(byId)).toBe(page);
  });

  test('without mentions, or with no names, the output is exactly the plain conversion', () => {
    const plain = '<p>No <strong>people</strong> here.</p>';
    expect(storageToMarkdown(plain, { userNames: names })).toBe(storageToMarkdown(plain));
    expect(storageToMarkdown(page, { userNames: new Map() })).toBe(storageToMarkdown(page));
  });

  test('the pooled conversion takes the names too', async () => {
    const large = page.repeat(200);
    expect(await storageToMarkdownAsync(large, { userNames: names })).toBe(
      storageToMarkdown(large, { userNames: names }),
    );
    await resetConversionPool();
  });

  test('mentionedAccountIds lists each mentioned id once, in order, entities decoded', () => {
    expect(mentionedAccountIds(page + mention('acc-bob'))).toEqual(['557058:0c8b', 'acc-bob', 'acc-gone']);
    expect(mentionedAccountIds(`<p>${mention('a&amp;b')}</p>`)).toEqual(['a&b']);
    expect(mentionedAccountIds('<p>nobody</p>')).toEqual([]);
  });
});

describe('textOccurrences (inline comment anchors)', () => {
  test('counts prose as read, across inline markup, never in macro parameters or code bodies', () => {
    const storage =
      '<p>Ship on <strong>Friday</strong> &amp; Friday</p>' +
      '<ac:structured-macro ac:name="code"><ac:parameter ac:name="title">Friday</ac:parameter>' +
      '<ac:plain-text-body><![CDATA[Friday]]></ac:plain-text-body></ac:structured-macro>';
    expect(textOccurrences(storage, 'Friday')).toEqual([
      'Ship on Friday & Friday',
      'Ship on Friday & Friday',
    ]);
    expect(textOccurrences(storage, 'on Friday &')).toHaveLength(1);
    expect(textOccurrences(storage, 'Saturday')).toEqual([]);
    expect(textOccurrences(storage, '')).toEqual([]);
  });
});
