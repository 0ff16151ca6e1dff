import { describe, expect, test } from 'vitest';
import { adfToStorage, parseAdf } from './from-adf.js';
import { storageToText } from './text.js';
import { storageToAdf } from './to-adf.js';
import { storageToView } from './view.js';
import { parseXhtml } from './xhtml.js';

const CODE =
  '<h2>Setup &amp; run</h2><p>Use <strong>pnpm</strong>.</p><ac:structured-macro ac:name="code"><ac:parameter ac:name="language">ts</ac:parameter><ac:plain-text-body><![CDATA[const a = 1 < 2 && "x";]]></ac:plain-text-body></ac:structured-macro>';

const resolver = {
  pageHref: () => '/wiki/spaces/ENG/pages/1/Home',
  userName: () => 'Ada Admin',
  jiraBrowseUrl: 'https://acme.atlassian.net',
};

describe('parseXhtml', () => {
  test('is forgiving: stray end tags, unclosed elements and entities', () => {
    const root = parseXhtml('<p>a &lt; b</i><br>c');
    expect(root.children).toHaveLength(1);
    expect(storageToText('<p>a &lt; b</i><br>c')).toBe('a < b\nc');
  });
});

describe('storageToText', () => {
  test('keeps prose and code, drops macro parameters', () => {
    expect(storageToText(CODE)).toBe('Setup & run\nUse pnpm.\nconst a = 1 < 2 && "x";');
  });

  test('links read as their text or the target title', () => {
    expect(storageToText('<p>See <ac:link><ri:page ri:content-title="Home" /></ac:link>.</p>')).toBe(
      'See Home.',
    );
  });
});

describe('storageToView', () => {
  test('renders macros as HTML and escapes code', () => {
    const html = storageToView(CODE, resolver);
    expect(html).toContain('<h2>Setup &amp; run</h2>');
    expect(html).toContain('brush: ts');
    expect(html).toContain('const a = 1 &lt; 2 &amp;&amp; &quot;x&quot;;');
    expect(html).not.toContain('ac:');
  });

  test('panels, jira issues, mentions and page links', () => {
    const html = storageToView(
      '<ac:structured-macro ac:name="info"><ac:rich-text-body><p>Hi</p></ac:rich-text-body></ac:structured-macro><p><ac:structured-macro ac:name="jira"><ac:parameter ac:name="key">ENG-1</ac:parameter></ac:structured-macro> <ac:link><ri:user ri:account-id="acc-ada" /></ac:link> <ac:link><ri:page ri:content-title="Home" /></ac:link></p>',
      resolver,
    );
    expect(html).toContain('confluence-information-macro-information');
    expect(html).toContain('href="https://acme.atlassian.net/browse/ENG-1"');
    expect(html).toContain('@Ada Admin');
    expect(html).toContain('<a href="/wiki/spaces/ENG/pages/1/Home">Home</a>');
  });
});

describe('ADF', () => {
  test('storage → ADF: headings, marks, code blocks, tables, lists, unknown macros', () => {
    const doc = JSON.parse(
      storageToAdf(
        `${CODE}<ul><li>one</li></ul><table><tbody><tr><th>h</th></tr><tr><td>d</td></tr></tbody></table><ac:structured-macro ac:name="toc"><ac:parameter ac:name="maxLevel">3</ac:parameter></ac:structured-macro>`,
      ),
    ) as { type: string; content: { type: string; attrs?: Record<string, unknown>; content?: unknown[] }[] };
    expect(doc.type).toBe('doc');
    expect(doc.content.map((n) => n.type)).toEqual([
      'heading',
      'paragraph',
      'codeBlock',
      'bulletList',
      'table',
      'extension',
    ]);
    expect(doc.content[1]?.content).toEqual([
      { type: 'text', text: 'Use ' },
      { type: 'text', text: 'pnpm', marks: [{ type: 'strong' }] },
      { type: 'text', text: '.' },
    ]);
    expect(doc.content[2]).toEqual({
      type: 'codeBlock',
      attrs: { language: 'ts' },
      content: [{ type: 'text', text: 'const a = 1 < 2 && "x";' }],
    });
    expect(doc.content[5]?.attrs).toMatchObject({
      extensionKey: 'toc',
      parameters: { macroParams: { maxLevel: { value: '3' } } },
    });
  });

  test('ADF → storage round-trips the common nodes', () => {
    const storage = '<h2>T</h2><p><em>a</em> <a href="https://x.test">b</a></p><ul><li><p>c</p></li></ul>';
    const doc = parseAdf(storageToAdf(storage));
    expect(doc).not.toBeNull();
    expect(adfToStorage(doc ?? { type: 'doc' })).toBe(storage);
  });

  test('code blocks survive both ways, ]]> included', () => {
    const adf = JSON.stringify({
      type: 'doc',
      version: 1,
      content: [
        { type: 'codeBlock', attrs: { language: 'xml' }, content: [{ type: 'text', text: 'a]]>b' }] },
      ],
    });
    const storage = adfToStorage(parseAdf(adf) ?? { type: 'doc' });
    expect(storageToText(storage)).toBe('a]]>b');
    expect(parseAdf('{"type":"paragraph"}')).toBeNull();
    expect(parseAdf('nope')).toBeNull();
  });
});
