import { describe, expect, it } from 'vitest';

import { storageToSafeHtml } from './storage-preview';

function dom(html: string): HTMLElement {
  const div = document.createElement('div');
  div.innerHTML = html;
  return div;
}

// Sanitizing itself is checked in real Chromium by the browser suite (e2e/connection-health.test.ts): happy-dom's parser is
// not faithful enough to judge DOMPurify.
describe('storageToSafeHtml', () => {
  it('renders the macros pages use as plain HTML', () => {
    const out = dom(
      storageToSafeHtml(
        '<h2>Steps</h2>' +
          '<ac:structured-macro ac:name="info"><ac:parameter ac:name="title">When</ac:parameter><ac:rich-text-body><p>Now <ac:structured-macro ac:name="status"><ac:parameter ac:name="colour">Green</ac:parameter><ac:parameter ac:name="title">Done</ac:parameter></ac:structured-macro></p></ac:rich-text-body></ac:structured-macro>' +
          '<ac:structured-macro ac:name="code"><ac:parameter ac:name="language">ts</ac:parameter><ac:plain-text-body><![CDATA[if (a < b) run();]]></ac:plain-text-body></ac:structured-macro>' +
          '<p>See <ac:link><ri:page ri:content-title="System Overview" /></ac:link> and <ac:link><ri:user ri:account-id="acc-bob" /></ac:link>, ticket <ac:structured-macro ac:name="jira"><ac:parameter ac:name="key">PLAT-1</ac:parameter></ac:structured-macro>.</p>',
      ),
    );
    expect(out.querySelector('.cf-panel-info .cf-panel-title')?.textContent).toBe('When');
    expect(out.querySelector('.cf-panel-info .cf-status-green')?.textContent).toBe('Done');
    expect(out.querySelector('pre code')?.textContent).toBe('if (a < b) run();');
    expect(out.querySelector('figcaption')?.textContent).toBe('ts');
    expect(out.querySelector('.cf-link')?.textContent).toBe('System Overview');
    expect(out.querySelector('.cf-mention')?.textContent).toBe('@acc-bob');
    expect(out.querySelector('.cf-macro')?.textContent).toBe('jira: PLAT-1');
    expect(out.textContent).toContain('See System Overview and @acc-bob, ticket jira: PLAT-1.');
    expect(out.innerHTML).not.toMatch(/ac:|ri:/);
  });
});
