import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  apiAs,
  consent,
  disconnectAll,
  emulatorControl,
  launch,
  newPage,
  shot,
  signInCookies,
  skipReason,
  type Cookie,
} from './support';

/** The unhappy paths of a connection: a denied consent, and a connection Atlassian stops accepting. */
describe.skipIf(skipReason !== null)('connection health (Chromium)', () => {
  let browser: Browser;
  let page: Page;
  let cookies: Cookie[];
  const row = () => page.getByTestId('connection-row');

  beforeAll(async () => {
    cookies = await signInCookies();
    await disconnectAll(cookies);
    browser = await launch();
    ({ page } = await newPage(browser, { cookies }));
  });
  afterAll(async () => {
    await browser.close();
    await disconnectAll(cookies);
  });

  it('Deny on the consent page brings the admin back with "access denied"', async () => {
    await page.goto('/integrations');
    await page.getByRole('link', { name: 'Connect Confluence' }).click();
    await consent(page, 'deny');
    const banner = page.getByTestId('oauth-banner');
    await expect.poll(() => banner.textContent()).toContain('Access denied');
    expect(await banner.getAttribute('role')).toBe('alert');
    expect(new URL(page.url()).searchParams.get('error')).toBe('access_denied');
    expect(await row().count()).toBe(0);
    await shot(page, '11-integrations-access-denied');

    await banner.getByRole('button', { name: 'Dismiss' }).click();
    expect(new URL(page.url()).search).toBe('');
  });

  it('a revoked connection shows "needs re-authorization", and Reconnect restores it', async () => {
    // One site ticked on the consent page: it connects without the site picker.
    await page.getByRole('link', { name: 'Connect Confluence' }).click();
    await consent(page, 'acme only');
    await expect.poll(() => row().getAttribute('data-status')).toBe('active');

    // The user removes the app at Atlassian: refresh tokens die; the access token is refused from now on.
    await emulatorControl('revoke', { accountId: 'acc-ada' });
    await emulatorControl('expire-tokens', { accountId: 'acc-ada' });
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect
      .poll(() => page.getByTestId('test-result').textContent())
      .toMatch(/Test failed.*(NEEDS_REAUTH|REAUTH_REQUIRED)/);
    await expect.poll(() => row().getAttribute('data-status')).toBe('needs_reauth');
    expect(await row().textContent()).toContain('Needs re-authorization');
    await shot(page, '12-integrations-needs-reauth');

    // Tools say what to do, too.
    const tools = apiAs(cookies);
    const outcome = await tools.tools.invoke.mutate({ name: 'get_confluence_spaces', input: {} });
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'NEEDS_REAUTH' } });

    await row().getByRole('link', { name: 'Reconnect' }).click();
    await consent(page, 'acme only');
    await expect.poll(() => page.getByTestId('oauth-banner').textContent()).toContain('Acme is connected');
    await expect.poll(() => row().getAttribute('data-status')).toBe('active');
    expect(await row().count()).toBe(1);
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => page.getByTestId('test-result').textContent()).toContain('Connection works');
  });

  it('renders page bodies sanitized: markup in a page cannot run script in the panel', async () => {
    let dialogs = 0;
    page.on('dialog', (dialog) => {
      dialogs += 1;
      void dialog.dismiss();
    });
    const created = await apiAs(cookies).tools.invoke.mutate({
      name: 'create_confluence_page',
      input: {
        spaceKey: 'ENG',
        title: `Sanitizer check ${Date.now()}`,
        bodyFormat: 'storage',
        body:
          '<h2>Safe heading</h2><p>Text<img src="x" onerror="alert(1)" /><a href="javascript:alert(2)">link</a></p>' +
          '<ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[<script>alert(3)</script>]]></ac:plain-text-body></ac:structured-macro>',
      },
    });
    if (!created.ok) throw new Error(created.error.message);
    const pageId = (created.result as { id: string }).id;

    await page.goto('/tools');
    await page.getByLabel('Tool', { exact: true }).selectOption('get_confluence_page');
    await page.getByRole('textbox', { name: /Page ID/ }).fill(pageId);
    await page.getByRole('combobox', { name: 'Body format' }).selectOption('storage');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const preview = page.getByTestId('page-preview');
    await preview.getByRole('heading', { name: 'Safe heading' }).waitFor();
    expect(await preview.locator('[onerror], script, a[href^="javascript"]').count()).toBe(0);
    // The code macro shows the markup as text.
    expect(await preview.locator('pre code').textContent()).toBe('<script>alert(3)</script>');
    await page.waitForTimeout(300);
    expect(dialogs).toBe(0);
  });

  it('works at a phone width: navigation, the connection row and the tool form fit', async () => {
    const { context, page: narrow } = await newPage(browser, { width: 390, height: 844, cookies });
    await narrow.goto('/integrations');
    await narrow.getByTestId('connection-row').waitFor();
    const overflow = () =>
      narrow.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await shot(narrow, '13-narrow-integrations', true);
    await narrow.getByRole('link', { name: 'Try tools' }).click();
    await narrow.getByLabel('Tool', { exact: true }).waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await shot(narrow, '14-narrow-tools');
    await context.close();
  });
});
