import { describe, expect, test } from 'vitest';
import { markdownToStorage, storageToPlainText, textToStorage } from './index.js';
import { parseStorage } from './storage-parser.js';

describe('markdownToStorage', () => {
  test('plain text from a user becomes paragraphs, escaped', () => {
    expect(markdownToStorage('Hello team,\nthe build is green.\n\nThanks & bye <3')).toBe(
      '<p>Hello team, the build is green.</p><p>Thanks &amp; bye &lt;3</p>',
    );
    expect(markdownToStorage('line one\nline two', { breaks: true })).toBe('<p>line one<br />line two</p>');
  });

  test('headings, emphasis, strikethrough, code, links and breaks', () => {
    expect(
      markdownToStorage('## Plan\n\nA **bold** _move_ ~~later~~ `x<y` [docs](https://e.com "D")  \nnext'),
    ).toBe(
      '<h2>Plan</h2><p>A <strong>bold</strong> <em>move</em> <s>later</s> <code>x&lt;y</code> ' +
        '<a href="https://e.com" title="D">docs</a><br />next</p>',
    );
  });

  test('lists: nested, ordered with a start, and task lists with fresh ids', () => {
    expect(markdownToStorage('- a\n  - b\n\n3. c')).toBe(
      '<ul><li><p>a</p><ul><li><p>b</p></li></ul></li></ul><ol start="3"><li><p>c</p></li></ol>',
    );
    expect(markdownToStorage('- [x] done\n- [ ] todo\n  - [ ] sub')).toBe(
      '<ac:task-list><ac:task><ac:task-id>1</ac:task-id><ac:task-status>complete</ac:task-status><ac:task-body>done</ac:task-body></ac:task>' +
        '<ac:task><ac:task-id>2</ac:task-id><ac:task-status>incomplete</ac:task-status><ac:task-body>todo</ac:task-body></ac:task>' +
        '<ac:task-list><ac:task><ac:task-id>3</ac:task-id><ac:task-status>incomplete</ac:task-status><ac:task-body>sub</ac:task-body></ac:task></ac:task-list>' +
        '</ac:task-list>',
    );
    expect(markdownToStorage('- [x] done\n- plain')).toBe(
      '<ul><li><p>[x] done</p></li><li><p>plain</p></li></ul>',
    );
  });

  test('fenced code becomes the code macro; info-string pairs become parameters', () => {
    expect(markdownToStorage('```python title="Hello world" linenumbers=true\nprint("]]>")\n```')).toBe(
      '<ac:structured-macro ac:name="code" ac:schema-version="1"><ac:parameter ac:name="language">python</ac:parameter>' +
        '<ac:parameter ac:name="title">Hello world</ac:parameter><ac:parameter ac:name="linenumbers">true</ac:parameter>' +
        '<ac:plain-text-body><![CDATA[print("]]]]><![CDATA[>")]]></ac:plain-text-body></ac:structured-macro>',
    );
  });

  test('GitHub alerts become panels; IMPORTANT maps to note', () => {
    expect(markdownToStorage('> [!TIP] Pro tip\n> Use **cache**.')).toBe(
      '<ac:structured-macro ac:name="tip" ac:schema-version="1"><ac:parameter ac:name="title">Pro tip</ac:parameter>' +
        '<ac:rich-text-body><p>Use <strong>cache</strong>.</p></ac:rich-text-body></ac:structured-macro>',
    );
    expect(markdownToStorage('> [!important]\n> Read me')).toContain('ac:name="note"');
    expect(markdownToStorage('> just a quote')).toBe('<blockquote><p>just a quote</p></blockquote>');
  });

  test('tables get a tbody with th for the header row; an empty header row is left out', () => {
    expect(markdownToStorage('| A | B |\n| - | - |\n| 1 | `x\\|y` |')).toBe(
      '<table><tbody><tr><th><p>A</p></th><th><p>B</p></th></tr><tr><td><p>1</p></td><td><p><code>x|y</code></p></td></tr></tbody></table>',
    );
    expect(markdownToStorage('| | |\n|-|-|\n| 1 | |')).toBe(
      '<table><tbody><tr><td><p>1</p></td><td /></tr></tbody></table>',
    );
  });

  test('Confluence links, mentions, emoticons and images', () => {
    expect(
      markdownToStorage(
        '[Plan](<confluence-page://ENG/Q3 plan#risks>) [@me](confluence-user:123) [:x:](confluence-emoticon:tick) ' +
          '![chart](https://e.com/c.png) ![local](diagram.png)',
      ),
    ).toBe(
      '<p><ac:link ac:anchor="risks"><ri:page ri:space-key="ENG" ri:content-title="Q3 plan" />' +
        '<ac:plain-text-link-body><![CDATA[Plan]]></ac:plain-text-link-body></ac:link> ' +
        '<ac:link><ri:user ri:account-id="123" /></ac:link> <ac:emoticon ac:name="tick" /> ' +
        '<ac:image ac:alt="chart"><ri:url ri:value="https://e.com/c.png" /></ac:image> ' +
        '<ac:image ac:alt="local"><ri:attachment ri:filename="diagram.png" /></ac:image></p>',
    );
  });

  test('HTML comments stay invisible', () => {
    expect(markdownToStorage('<!-- draft: check numbers -->\n\nText <!-- inline --> here')).toBe(
      '<p>Text  here</p>',
    );
  });

  test('raw HTML is shown as text, never run; <br> is the one tag kept', () => {
    const out = markdownToStorage('<script>alert(1)</script>\n\nHi <img src=x onerror=alert(1)> a<br>b');
    expect(out).toBe(
      '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p><p>Hi &lt;img src=x onerror=alert(1)&gt; a<br />b</p>',
    );
  });

  test('script URLs lose their link but keep their text', () => {
    expect(markdownToStorage('[click](javascript:alert(1)) [ok](https://e.com)')).toBe(
      '<p>click <a href="https://e.com">ok</a></p>',
    );
    expect(markdownToStorage('[x](JaVa\tScRiPt:alert(1))')).not.toContain('href');
  });

  test('placeholders pass through; a damaged one is shown as code instead of breaking the page', () => {
    const macro = '<ac:structured-macro ac:name="toc" />';
    expect(markdownToStorage('```confluence-storage\n' + macro + '\n```')).toBe(macro);
    expect(markdownToStorage('Status: `' + macro + '`{=confluence-storage}')).toBe(`<p>Status: ${macro}</p>`);
    const damaged = markdownToStorage('```confluence-storage\n<ac:structured-macro ac:name="toc">\n```');
    expect(damaged).toContain('<![CDATA[<ac:structured-macro ac:name="toc">]]>');
    expect(parseStorage(damaged).wellFormed).toBe(true);
    expect(markdownToStorage('`<b>x</b><i>`{=confluence-storage}')).toBe(
      '<p><code>&lt;b&gt;x&lt;/b&gt;&lt;i&gt;</code>{=confluence-storage}</p>',
    );
    expect(markdownToStorage('`<b>x</b>`\\{=confluence-storage}')).toBe(
      '<p><code>&lt;b&gt;x&lt;/b&gt;</code>{=confluence-storage}</p>',
    );
  });

  test('an indented code block becomes <pre>', () => {
    expect(markdownToStorage('Text\n\n    a < b\n      c')).toBe('<p>Text</p><pre>a &lt; b\n  c</pre>');
  });
});

describe('textToStorage', () => {
  test('escapes everything and keeps line breaks', () => {
    expect(textToStorage('**not bold** <b>\nnext\n\n\nsecond')).toBe(
      '<p>**not bold** &lt;b&gt;<br />next</p><p>second</p>',
    );
  });
});

describe('storageToPlainText', () => {
  test('one line per block, macro parameters left out, link titles shown', () => {
    const storage =
      '<h1>Title</h1><p>See <ac:link><ri:page ri:content-title="Plan" /></ac:link> now&nbsp;</p>' +
      '<ac:structured-macro ac:name="code"><ac:parameter ac:name="language">ts</ac:parameter>' +
      '<ac:plain-text-body><![CDATA[let a = 1;]]></ac:plain-text-body></ac:structured-macro>' +
      '<table><tbody><tr><td>a</td><td>b</td></tr></tbody></table>';
    expect(storageToPlainText(storage)).toBe('Title\nSee Plan now\nlet a = 1;\na\tb');
    expect(storageToPlainText(storage, 12)).toBe('Title\nSee P…');
  });
});
