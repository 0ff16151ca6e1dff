import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  apiAs,
  consent,
  disconnectAll,
  hub,
  launch,
  newPage,
  shot,
  signInCookies,
  skipReason,
} from './support';

/**
 * A newcomer's path through the panel, in order, in one browser tab: sign in, connect Confluence through the
 * emulator's consent page, test the connection, run the tools, read the activity log, manage an API key, and
 * disconnect again.
 */
describe.skipIf(skipReason !== null)('panel journey (Chromium)', () => {
  let browser: Browser;
  let page: Page;
  const button = (name: string | RegExp) =>
    page.getByRole('button', { name, exact: typeof name === 'string' });
  const row = () => page.getByTestId('connection-row');
  /** tRPC with the panel's own session (another sign-in would count against the sign-in rate limit). */
  const sessionApi = async () =>
    apiAs(
      (await page.context().cookies()).map((c) => ({ name: c.name, value: c.value, url: hub().baseUrl })),
    );

  beforeAll(async () => {
    await disconnectAll(await signInCookies());
    browser = await launch();
    ({ page } = await newPage(browser));
  });
  afterAll(async () => {
    await browser.close();
  });

  it('signs in (a wrong password says so) and shows the user and workspace', async () => {
    const { email, password } = hub();
    await page.goto('/');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('not-the-password');
    await shot(page, '01-sign-in');
    await button('Sign in').click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Wrong email or password');

    await page.getByLabel('Password').fill(password);
    await button('Sign in').click();
    await page.getByRole('heading', { name: 'Integrations' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/integrations');
    expect(await page.getByTestId('current-user').textContent()).toBe(email);
    expect(await page.getByTestId('workspace-name').textContent()).toBe('Demo workspace');
    await page.getByRole('link', { name: 'Connect Confluence' }).waitFor();
    await shot(page, '02-integrations-not-connected');
  });

  it('connects Confluence through the consent page and the site picker; the connection is active', async () => {
    await page.getByRole('link', { name: 'Connect Confluence' }).click();
    await page.locator('#account').waitFor();
    await shot(page, '03-emulator-consent', true);
    await consent(page, 'both sites');

    // Ada's consent reached two sites: one connection per consent, so the panel asks which.
    const picker = page.getByTestId('site-picker');
    await picker.getByLabel(/Acme Sandbox/).waitFor();
    await shot(page, '04-site-picker');
    // Connecting goes on in the picker: the "Not connected" card offers no second way in meanwhile.
    expect(await page.getByRole('link', { name: 'Connect Confluence', exact: true }).count()).toBe(0);
    expect(await page.getByTestId('choosing-site').textContent()).toContain('Finish connecting above');
    await picker.getByRole('radio', { name: /^Acme http/ }).check();
    await button('Connect site').click();

    await expect.poll(() => page.getByTestId('oauth-banner').textContent()).toContain('Acme is connected');
    expect(await row().getAttribute('data-status')).toBe('active');
    expect(await row().textContent()).toContain('Ada Admin');
    expect(await row().textContent()).toContain('Default');
    // The consent's tokens are not a refresh.
    expect(await row().textContent()).toContain('Last refreshNot yet refreshed');
  });

  it("links the site to the emulator's own pages in demo mode, not to acme.atlassian.net", async () => {
    const siteLink = row().getByRole('link', { name: /opens in a new tab/ });
    const href = (await siteLink.getAttribute('href')) ?? '';
    expect(href).toBe(`${hub().emulatorUrl}/sites/acme`);
    const site = await fetch(href);
    expect(site.status).toBe(200);
    expect(await site.text()).toContain('Engineering');
  });

  it('tests the connection and shows the latency', async () => {
    await button('Test connection').click();
    await expect
      .poll(() => page.getByTestId('test-result').textContent())
      .toMatch(/Connection works: Confluence answered in \d+ ms/);
    await shot(page, '05-integrations-connected');
  });

  it('searches, reads a hit, updates it with the version prefilled, comments and replies', async () => {
    await page.getByRole('link', { name: 'Try tools' }).click();
    await page.getByLabel('Tool', { exact: true }).selectOption('search_confluence_pages');
    // Admins read a sentence; what agents get stays one click away.
    expect(await page.getByTestId('tool-summary').textContent()).toBe(
      'Finds pages by words, title, space, label or a CQL query.',
    );
    await page.getByText('Description agents see').click();
    await page
      .getByTestId('tool-agent-description')
      .getByText(/call again with the same query/)
      .waitFor();
    await page.getByRole('textbox', { name: 'Title' }).fill('System Overview');
    await page.getByRole('textbox', { name: 'Space keys' }).fill('ENG');
    await button('Run').click();
    const hit = page.getByTestId('result-item').filter({ hasText: 'System Overview' });
    await hit.waitFor();
    await shot(page, '06-tools-search');

    const hitUrl = (await hit.getByRole('link', { name: 'Open in Confluence' }).getAttribute('href')) ?? '';
    expect(hitUrl.startsWith(`${hub().emulatorUrl}/sites/acme/wiki/spaces/ENG/pages/`)).toBe(true);
    await hit.getByRole('button', { name: 'Open page' }).click();
    await expect.poll(() => page.getByTestId('page-title').textContent()).toBe('System Overview');
    const version = Number((await page.getByTestId('page-version').textContent())?.replace(/\D/g, ''));
    expect(version).toBeGreaterThanOrEqual(1);
    expect(await page.getByTestId('page-markdown').textContent()).toContain('#');
    await page.getByRole('tab', { name: 'Preview' }).click();
    await page.getByTestId('page-preview').locator('h1, h2').first().waitFor();
    await shot(page, '07-tools-page-preview');

    await button('Edit this page').click();
    expect(await page.getByLabel('Tool', { exact: true }).inputValue()).toBe('update_confluence_page');
    expect(await page.getByRole('spinbutton', { name: /Version/ }).inputValue()).toBe(String(version));
    const body = page.getByRole('textbox', { name: 'Body' });
    await body.fill(`${await body.inputValue()}\n\nEdited in the browser suite.`);
    await page.getByRole('textbox', { name: 'Version message' }).fill('browser suite');
    await button('Run…').click();
    const confirm = page.getByTestId('confirm-write');
    await confirm.getByText('replace the page with a new version').waitFor();
    expect(await confirm.getByRole('heading').textContent()).toBe('Update this page in Confluence?');
    await shot(page, '08-tools-confirm-write');
    await confirm.getByRole('button', { name: 'Update page' }).click();
    await expect
      .poll(() => page.getByTestId('write-result').textContent())
      .toContain(`version ${version} → ${version + 1}`);
    // "Open in Confluence" opens the emulator's view of that page, at its new version.
    const opened = page.waitForEvent('popup');
    await page.getByTestId('write-result').getByRole('link', { name: 'Open in Confluence' }).click();
    const view = await opened;
    expect(view.url().startsWith(`${hub().emulatorUrl}/sites/acme/wiki/spaces/ENG/pages/`)).toBe(true);
    expect(await view.locator('#title-text').textContent()).toBe('System Overview');
    expect(await view.locator('main').textContent()).toContain(`Version ${version + 1}`);
    expect(await view.locator('#main-content').textContent()).toContain('Edited in the browser suite.');
    await view.close();

    await button('Comment on it').click();
    // Another tool: the update's result is gone until this one runs.
    expect(await page.getByTestId('write-result').count()).toBe(0);
    await page.getByRole('textbox', { name: 'Body' }).fill('Reviewed in the browser suite.');
    await button('Run…').click();
    await page.getByTestId('confirm-write').getByRole('button', { name: 'Post comment' }).click();
    await expect.poll(() => page.getByTestId('write-result').textContent()).toContain('Comment posted');

    await button('Reply to this comment').click();
    expect(await page.getByRole('textbox', { name: 'Parent comment ID' }).inputValue()).toMatch(/^\d+$/);
    await page.getByRole('textbox', { name: 'Body' }).fill('Thanks!');
    await button('Run…').click();
    await page.getByTestId('confirm-write').getByRole('button', { name: 'Post reply' }).click();
    await expect.poll(() => page.getByTestId('write-result').textContent()).toContain('Reply posted');
  });

  it('shows those calls in the activity log, filterable by tool', async () => {
    await page.getByRole('link', { name: 'Activity' }).click();
    const tools = () =>
      page.getByTestId('activity-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-tool')));
    // Rows are written within a second of the call: refresh until they are all there.
    const counts = async () => {
      await button('Refresh').click();
      await page.getByRole('button', { name: 'Refresh' }).and(page.locator(':not([aria-busy])')).waitFor();
      const all = await tools();
      return Object.fromEntries(
        ['search_confluence_pages', 'update_confluence_page', 'add_confluence_comment'].map((t) => [
          t,
          all.filter((x) => x === t).length,
        ]),
      );
    };
    await expect
      .poll(counts, { timeout: 20_000 })
      .toEqual({ search_confluence_pages: 1, update_confluence_page: 1, add_confluence_comment: 2 });
    expect(await tools()).toContain('get_confluence_page');
    // One word for one thing, and the duration says what it measures.
    expect(await page.getByTestId('activity-row').first().textContent()).toContain('Succeeded');
    expect(
      await page.getByRole('columnheader', { name: 'Server time' }).locator('abbr').getAttribute('title'),
    ).toContain('Time the hub spent on the call');
    await page.locator('svg[role=img] desc').filter({ hasText: /calls/ }).waitFor({ state: 'attached' });
    await shot(page, '09-activity', true);

    await page.getByLabel('Tool', { exact: true }).selectOption('update_confluence_page');
    await expect.poll(tools).toEqual(['update_confluence_page']);
  });

  it('after a save the form is at the new version; a conflict re-reads and re-applies, never overwrites', async () => {
    const api = await sessionApi();
    const title = `Update flow ${Date.now()}`;
    const made = await api.confluence.createPage.mutate({
      spaceKey: 'ENG',
      title,
      body: '# Plan\n\nfirst line\n\nsecond line',
    });
    if (made.dryRun) throw new Error('not a dry run');
    await page.getByRole('link', { name: 'Try tools' }).click();
    await page.getByLabel('Tool', { exact: true }).selectOption('update_confluence_page');
    await page.getByRole('textbox', { name: 'Page ID' }).fill(made.id);
    const version = page.getByRole('spinbutton', { name: /Version/ });
    await version.fill('1');
    const body = page.getByRole('textbox', { name: 'Body' });
    await body.fill('# Plan\n\nfirst line\n\nsecond line\n\nmine added');
    const save = async () => {
      await button('Run…').click();
      await page.getByTestId('confirm-write').getByRole('button', { name: 'Update page' }).click();
    };
    await save();
    await expect.poll(() => page.getByTestId('write-result').textContent()).toContain('version 1 → 2');
    // The form moved to the version it saved: the next change starts from it.
    await expect.poll(() => version.inputValue()).toBe('2');

    // Someone else saves version 3 meanwhile, changing another line.
    await api.confluence.updatePage.mutate({
      pageId: made.id,
      version: 2,
      body: '# Plan\n\nfirst line (theirs)\n\nsecond line\n\nmine added',
    });
    await body.fill(`${await body.inputValue()}\n\nanother of mine`);
    await save();
    await page.getByTestId('tool-error').getByText('VERSION_CONFLICT').waitFor();
    await button('Re-read and re-apply my change').click();
    const resolver = page.getByTestId('conflict-resolver');
    await expect.poll(() => resolver.getByTestId('diff').textContent()).toContain('first line (theirs)');
    await shot(page, '09-tools-version-conflict');
    await resolver.getByRole('button', { name: 'Load my change on version 3' }).click();
    expect(await version.inputValue()).toBe('3');
    expect(await body.inputValue()).toContain('first line (theirs)');
    expect(await body.inputValue()).toContain('another of mine');
    await save();
    await expect.poll(() => page.getByTestId('write-result').textContent()).toContain('version 3 → 4');
    const stored = await api.confluence.getPage.query({ pageId: made.id });
    expect(stored.version.number).toBe(4);
    expect(stored.body.value).toContain('first line (theirs)');
    expect(stored.body.value).toContain('another of mine');
  });

  it('creates an API key shown once that works, then revokes it', async () => {
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.getByRole('textbox', { name: /Name/ }).fill('browser-suite-bot');
    await button('Create key').click();
    const key = await page.getByLabel('New API key').inputValue();
    expect(key).toMatch(/^hub_[A-Za-z]{64}$/);
    await shot(page, '10-api-key-created');
    const me = () =>
      fetch(`${hub().baseUrl}/trpc/session.me`, { headers: { authorization: `Bearer ${key}` } });
    expect((await me()).status).toBe(200);

    // The key is in an input's value (a property, not markup): look there as well as in the HTML.
    const whereKeyIs = () =>
      page.evaluate((secret) => {
        const places = document.documentElement.outerHTML.includes(secret) ? ['the HTML'] : [];
        for (const field of document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>(
          'input, textarea',
        )) {
          if (field.value.includes(secret)) places.push(`the value of #${field.id || field.name}`);
        }
        return places;
      }, key);
    expect(await whereKeyIs()).toContain('the value of #new-key-value');
    await button('Done').click();
    await expect.poll(whereKeyIs).toEqual([]);
    const keyRow = page.getByTestId('api-key-row').filter({ hasText: 'browser-suite-bot' });
    expect(await keyRow.textContent()).toContain(key.slice(0, 10));
    await keyRow.getByRole('button', { name: /Revoke/ }).click();
    await page.getByTestId('confirm-revoke').getByRole('button', { name: 'Revoke key' }).click();
    await expect.poll(() => keyRow.textContent()).toContain('Revoked');
    expect((await me()).status).toBe(401);
  });

  it('disconnects after a confirmation', async () => {
    await page.getByRole('link', { name: 'Integrations' }).click();
    await button('Disconnect').click();
    const dialog = page.getByTestId('confirm-disconnect');
    await dialog.getByText('deletes this site').waitFor();
    await dialog.getByRole('button', { name: 'Disconnect' }).click();
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('Disconnected Acme');
    await page.getByRole('link', { name: 'Connect Confluence' }).waitFor();
    expect(await row().count()).toBe(0);
    // Other suites may have left disconnected rows of their own: none is live, and Acme is disconnected.
    const connections = await (await sessionApi()).integrations.list.query();
    expect(connections.filter((c) => c.status !== 'disconnected')).toEqual([]);
    expect(connections.find((c) => c.site.name === 'Acme')?.status).toBe('disconnected');
  });

  it('signs out', async () => {
    await button('Sign out').click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.goto('/integrations');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  });
});
