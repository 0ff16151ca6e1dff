import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  ACME,
  apiAs,
  consent,
  disconnectAll,
  launch,
  newPage,
  shot,
  signInCookies,
  skipReason,
} from './support';
import type { Cookie } from './support';

/**
 * The default connection's rule with two sites (Ada's consent reaches Acme and Acme Sandbox): disconnecting the
 * default keeps it the default, so calls that name no connection are refused; nothing moves to the sandbox.
 */
describe.skipIf(skipReason !== null)('default connection (Chromium)', () => {
  let browser: Browser;
  let page: Page;
  let cookies: Cookie[];
  const siteRow = (name: string) => page.getByRole('listitem', { name: `${name} connection`, exact: true });
  const defaultBadge = (name: string) => siteRow(name).getByText('Default', { exact: true });
  const defaultOption = () => page.locator('#tool-connection option[value=""]').textContent();

  beforeAll(async () => {
    cookies = await signInCookies();
    await disconnectAll(cookies);
    browser = await launch();
    ({ page } = await newPage(browser, { cookies }));
  });
  afterAll(async () => {
    await browser.close();
    // The other suites expect Acme to be the workspace's default (the first site they connect keeps it).
    const client = apiAs(cookies);
    const acme = (await client.integrations.list.query()).find((c) => c.site.cloudId === ACME);
    if (acme !== undefined && acme.status !== 'disconnected' && !acme.isDefault) {
      await client.integrations.setDefault.mutate({ connectionId: acme.id });
    }
    await disconnectAll(cookies);
  });

  it('disconnecting the default keeps it the default: calls naming no connection are refused, not moved', async () => {
    await page.goto('/integrations');
    await page.getByRole('link', { name: 'Connect Confluence' }).click();
    await consent(page, 'acme only');
    await expect.poll(() => defaultBadge('Acme').count()).toBe(1);
    await page.getByRole('link', { name: 'Connect another site' }).click();
    await consent(page, 'both sites');
    await page
      .getByTestId('site-picker')
      .getByRole('radio', { name: /Acme Sandbox/ })
      .check();
    await page.getByRole('button', { name: 'Connect site' }).click();
    await expect
      .poll(() => page.getByTestId('oauth-banner').textContent())
      .toContain('Acme Sandbox is connected');
    expect(await defaultBadge('Acme Sandbox').count()).toBe(0);
    expect(await page.getByTestId('default-notice').count()).toBe(0);

    await siteRow('Acme').getByRole('button', { name: 'Disconnect' }).click();
    const dialog = page.getByTestId('confirm-disconnect');
    await expect
      .poll(() => dialog.getByTestId('disconnect-consequence').textContent())
      .toContain('stays the default: calls that name no connection are refused');
    await dialog.getByRole('button', { name: 'Disconnect' }).click();
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('It is still the default');

    const notice = page.getByTestId('default-notice');
    await expect.poll(() => notice.textContent()).toContain('The default connection, Acme, is disconnected');
    expect(await notice.textContent()).toContain('refused (NOT_CONNECTED)');
    expect(await notice.getByRole('link', { name: 'Reconnect Acme' }).count()).toBe(1);
    // The sandbox is live, but not the default: no badge, and Set as default is the way out.
    expect(await defaultBadge('Acme Sandbox').count()).toBe(0);
    expect(await siteRow('Acme Sandbox').getByRole('button', { name: 'Set as default' }).count()).toBe(1);
    await shot(page, '15-integrations-default-disconnected');

    await page.getByRole('link', { name: 'Try tools' }).click();
    await expect.poll(defaultOption).toBe('Workspace default (Acme — disconnected: calls are refused)');
    expect(await page.getByTestId('default-refused').textContent()).toContain('Choose a connection below');

    // A write without a connection is not sent: the confirmation asks for a connection instead.
    await page.getByLabel('Tool', { exact: true }).selectOption('create_confluence_page');
    await page.getByRole('textbox', { name: /Space key/ }).fill('SBX');
    await page.getByRole('textbox', { name: 'Title' }).fill(`Must not land ${Date.now()}`);
    await page.getByRole('textbox', { name: 'Body' }).fill('x');
    await page.getByRole('button', { name: 'Run…', exact: true }).click();
    const confirm = page.getByTestId('confirm-write');
    await expect.poll(() => confirm.textContent()).toContain('Choose a connection first');
    expect(await confirm.textContent()).not.toContain('Acme Sandbox');
    expect(await confirm.getByRole('button', { name: 'Create page' }).count()).toBe(0);
    await shot(page, '16-tools-default-refused');
    await confirm.getByRole('button', { name: 'Choose a connection' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('tool-connection');

    // A read is sent, and the API refuses it just as the picker said.
    await page.getByLabel('Tool', { exact: true }).selectOption('get_confluence_spaces');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const error = page.getByTestId('tool-error');
    await expect.poll(() => error.textContent()).toContain('NOT_CONNECTED');
    expect(await error.textContent()).toContain('default Confluence connection, Acme, was disconnected');
  });

  it('"Set as default" is what moves the default; reconnecting the old default does not take it back', async () => {
    await page.getByRole('link', { name: 'Integrations' }).click();
    await siteRow('Acme Sandbox').getByRole('button', { name: 'Set as default' }).click();
    await expect.poll(() => defaultBadge('Acme Sandbox').count()).toBe(1);
    expect(await page.getByTestId('default-notice').count()).toBe(0);

    await page.getByRole('link', { name: 'Try tools' }).click();
    await expect.poll(defaultOption).toBe('Workspace default (Acme Sandbox)');
    await page.getByLabel('Tool', { exact: true }).selectOption('add_confluence_comment');
    await page.getByRole('textbox', { name: /Page ID/ }).fill('1');
    await page.getByRole('textbox', { name: 'Body' }).fill('x');
    await page.getByRole('button', { name: 'Run…', exact: true }).click();
    const confirm = page.getByTestId('confirm-write');
    await expect
      .poll(() => confirm.textContent())
      .toContain('post a comment on Acme Sandbox (the workspace default)');
    await confirm.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('link', { name: 'Integrations' }).click();
    await page.getByRole('link', { name: 'Connect another site' }).click();
    await consent(page, 'acme only');
    await expect.poll(() => page.getByTestId('oauth-banner').textContent()).toContain('Acme is connected');
    expect(await defaultBadge('Acme').count()).toBe(0);
    expect(await defaultBadge('Acme Sandbox').count()).toBe(1);

    await siteRow('Acme').getByRole('button', { name: 'Set as default' }).click();
    await expect.poll(() => defaultBadge('Acme').count()).toBe(1);
    expect(await defaultBadge('Acme Sandbox').count()).toBe(0);
  });
});
