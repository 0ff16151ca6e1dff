import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  apiAs,
  apiWithKey,
  clientAddress,
  consent,
  disconnectAll,
  hub,
  launch,
  newPage,
  resetConnectionPolicies,
  shot,
  signInCookies,
  skipReason,
  type Cookie,
} from './support';

const SCREENS = [
  { screen: 'desktop', width: 1366, height: 900 },
  { screen: 'phone', width: 390, height: 844 },
];

/**
 * Governance from the panel, at a laptop's width and a phone's: an agent key limited to two tools (with its MCP
 * configuration), its tools edited, a connection made read-only and limited to one space, and all of it in the
 * policy log. What the server does with the limits is checked with the key itself.
 */
describe.skipIf(skipReason !== null)('governance (Chromium)', () => {
  let browser: Browser;
  let admin: Cookie[];

  beforeAll(async () => {
    admin = await signInCookies();
    browser = await launch();
  });
  afterAll(async () => {
    await browser.close();
    // The other suites write pages on Acme: leave no limits behind, and no live connection (as they do).
    await resetConnectionPolicies(admin);
    await disconnectAll(admin);
  });

  describe.each(SCREENS)('$screen ($width px)', ({ screen, width, height }) => {
    let context: BrowserContext;
    let page: Page;
    let key = '';
    const keyName = `agent-${screen}-${Date.now()}`;
    const keyRow = () => page.getByTestId('api-key-row').filter({ hasText: keyName });
    const acme = () => page.getByRole('listitem', { name: 'Acme connection', exact: true });
    const noOverflow = async (where: string) => {
      const { scrollWidth, innerWidth } = await page.evaluate(() => ({
        scrollWidth: document.scrollingElement?.scrollWidth ?? Infinity,
        innerWidth: window.innerWidth,
      }));
      expect(scrollWidth, `${where} overflows at ${width} px`).toBeLessThanOrEqual(width);
      expect(innerWidth).toBe(width);
    };
    /** The left and right edges of what matches, in page pixels. */
    const edges = (locator: Locator) =>
      locator.evaluateAll((elements) =>
        elements.map((e) => {
          const box = e.getBoundingClientRect();
          return { left: box.left, right: box.right, height: box.height };
        }),
      );
    const keyTools = async () => (await apiWithKey(key).tools.list.query()).map((t) => t.name).sort();

    beforeAll(async () => {
      await resetConnectionPolicies(admin);
      ({ context, page } = await newPage(browser, {
        width,
        height,
        headers: { 'x-forwarded-for': clientAddress() },
      }));
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: hub().baseUrl });
    });
    afterAll(async () => {
      await context.close();
      if (key !== '') {
        const own = (await apiAs(admin).apiKeys.list.query()).find((k) => k.name === keyName);
        if (own !== undefined) await apiAs(admin).apiKeys.revoke.mutate({ id: own.id });
      }
    });

    it('signs in and connects the demo site if it is not connected', async () => {
      const { email, password } = hub();
      await page.goto('/');
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByRole('heading', { name: 'Integrations' }).waitFor();
      const connect = page.getByRole('link', { name: 'Connect Confluence' });
      await Promise.race([acme().waitFor(), connect.waitFor()]);
      if ((await acme().count()) === 0) {
        await connect.click();
        await consent(page, 'acme only');
      }
      await expect.poll(() => acme().getAttribute('data-status')).toBe('active');
      await noOverflow('Integrations');
    });

    it('creates an agent key limited to two tools, with an MCP configuration to copy', async () => {
      await page.getByRole('link', { name: 'API keys' }).click();
      await page.getByRole('textbox', { name: /Name/ }).fill(keyName);
      await page.getByRole('radio', { name: 'Agent', exact: true }).check();
      const tools = page.getByTestId('new-key-tools');
      await tools.getByRole('radio', { name: 'Only the tools I choose' }).check();
      await tools.getByRole('checkbox', { name: /^Read a page/ }).check();
      await tools.getByRole('checkbox', { name: /^Search pages/ }).check();
      await noOverflow('The create-key form');
      await page.getByRole('button', { name: 'Create key', exact: true }).click();

      key = await page.getByLabel('New API key').inputValue();
      expect(key).toMatch(/^hub_/);
      const snippet = (await page.getByTestId('mcp-config').textContent()) ?? '';
      const config = JSON.parse(snippet) as unknown;
      expect(config).toEqual({
        mcpServers: {
          confluence: {
            type: 'http',
            url: `${hub().baseUrl}/mcp`,
            headers: { Authorization: `Bearer ${key}` },
          },
        },
      });
      const copy = page.getByTestId('copy-mcp-config');
      expect(await copy.textContent()).toBe('Copy configuration');
      await copy.click();
      await expect.poll(() => copy.textContent()).toContain('Copied');
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(snippet);
      await noOverflow('The new key with its MCP configuration');
      await shot(page, `20-api-key-mcp-${screen}`, true);

      // The server holds the key to those two tools, over tRPC and over MCP at the snippet's URL.
      expect(await keyTools()).toEqual(['get_confluence_page', 'search_confluence_pages']);
      expect(await mcpToolNames(`${hub().baseUrl}/mcp`, key)).toEqual([
        'get_confluence_page',
        'search_confluence_pages',
      ]);
      const refused = await apiWithKey(key).tools.invoke.mutate({
        name: 'get_confluence_spaces',
        input: {},
      });
      expect(refused.ok ? null : refused.error.kind).toBe('FORBIDDEN_TOOL');

      await page.getByRole('button', { name: 'Done', exact: true }).click();
      const row = await keyRow().textContent();
      expect(row).toContain('Agent');
      expect(row).toContain('2 tools');
    });

    it("edits the key's tools", async () => {
      await keyRow()
        .getByRole('button', { name: /Edit access/ })
        .click();
      const dialog = page.getByTestId('edit-key-policy');
      await dialog.getByRole('checkbox', { name: /^List spaces/ }).check();
      await noOverflow('The edit-access dialog');
      await shot(page, `21-api-key-edit-${screen}`);
      await dialog.getByRole('button', { name: 'Save access' }).click();
      await expect.poll(() => page.getByTestId('notice').textContent()).toContain('3 tools');
      expect(await dialog.isVisible()).toBe(false);
      await keyRow().getByTestId('key-tools').getByText('3 tools').click();
      expect(await keyRow().getByTestId('key-tools').textContent()).toContain('get_confluence_spaces');
      expect(await keyTools()).toEqual([
        'get_confluence_page',
        'get_confluence_spaces',
        'search_confluence_pages',
      ]);
    });

    it('makes the connection read-only and limits it to the ENG space', async () => {
      await page.getByRole('link', { name: 'Integrations' }).click();
      const policy = acme().getByTestId('connection-policy');
      const saved = () =>
        expect.poll(() => policy.getByTestId('policy-state').textContent()).toContain('Saved');
      for (const capability of ['Write pages', 'Comment']) {
        const toggle = policy.getByRole('switch', { name: capability });
        await toggle.click();
        await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('false');
        await saved();
      }
      expect(await policy.getByTestId('capability-summary').textContent()).toBe(
        'Read-only: agents can read and search but not change pages.',
      );

      await policy.getByRole('radio', { name: 'Only these spaces' }).check();
      const spaceKey = policy.getByRole('textbox', { name: 'Space key to allow' });
      await spaceKey.fill('EN G');
      await policy.getByRole('button', { name: 'Add', exact: true }).click();
      await expect.poll(() => policy.getByRole('alert').textContent()).toContain('letters, digits');
      await spaceKey.fill('ENG');
      await policy.getByRole('button', { name: 'Add', exact: true }).click();
      await expect.poll(() => policy.getByTestId('spaces-summary').textContent()).toContain('Only ENG');
      // The input empties once the save has come back, which may be a moment after the summary changes.
      await expect.poll(() => spaceKey.inputValue()).toBe('');
      // The last space cannot be removed: "All spaces" is how the list goes away.
      await policy.getByRole('button', { name: 'Remove ENG' }).click();
      expect(await policy.getByRole('alert').textContent()).toContain('at least one space');
      await noOverflow('The connection policy');
      await shot(page, `22-connection-policy-${screen}`, true);

      const stored = (await apiAs(admin).integrations.list.query()).find((c) => c.site.name === 'Acme');
      expect(stored?.policy).toEqual({ capabilities: ['read', 'search'], allowedSpaceKeys: ['ENG'] });
      // What the key now sees: only the ENG space.
      const spaces = await apiWithKey(key).tools.invoke.mutate({ name: 'get_confluence_spaces', input: {} });
      if (!spaces.ok) throw new Error(`get_confluence_spaces failed: ${spaces.error.message}`);
      const keys = (spaces.result as { spaces: { key: string }[] }).spaces.map((s) => s.key);
      expect(keys).toEqual(['ENG']);

      // The tester offers only what the connection now allows: no write tools.
      await page.getByRole('link', { name: 'Try tools' }).click();
      const toolSelect = page.getByLabel('Tool', { exact: true });
      await expect
        .poll(() =>
          toolSelect.locator('optgroup').evaluateAll((groups) => groups.map((g) => g.getAttribute('label'))),
        )
        .toEqual(['Read']);
      expect(await toolSelect.locator('option').allTextContents()).not.toContain('Create a page');
      await noOverflow('The tool tester');
    });

    it('lists these changes in the Activity policy log', async () => {
      await page.getByRole('link', { name: 'Activity' }).click();
      await page.getByRole('tab', { name: 'Policy changes' }).click();
      const items = page.getByTestId('policy-change');
      // Newest first: the space limit, then the capabilities.
      await expect.poll(() => items.nth(0).textContent()).toContain('spaces: All → ENG');
      expect(await items.nth(0).textContent()).toContain('Changed connection “Acme”');
      expect(await items.nth(1).textContent()).toContain(
        'capabilities: Read, Search, Comment → Read, Search',
      );
      expect(await items.nth(2).textContent()).toContain(
        'capabilities: Read, Search, Write pages, Comment → Read, Search, Comment',
      );
      const edited = await items.nth(3).textContent();
      expect(edited).toContain(`Changed key “${keyName}”`);
      expect(edited).toContain(
        'tools: get_confluence_page, search_confluence_pages → get_confluence_spaces, get_confluence_page, search_confluence_pages',
      );
      const created = await items.nth(4).textContent();
      expect(created).toContain(`Created key “${keyName}”`);
      expect(created).toContain('kind: Agent');
      expect(created).toContain('tools: get_confluence_page, search_confluence_pages');
      const { principal } = await apiAs(admin).session.me.query();
      expect(created).toContain(`by ${principal.name}`);
      await noOverflow('The policy log');
      await shot(page, `23-activity-policy-${screen}`, true);
    });

    it('every page fits the screen, with every menu item in sight, and its links open the demo site', async () => {
      const pages = [
        { link: 'Integrations', ready: () => acme().waitFor() },
        { link: 'Try tools', ready: () => page.getByTestId('tool-summary').waitFor() },
        { link: 'Activity', ready: () => page.getByTestId('activity-row').first().waitFor() },
        { link: 'API keys', ready: () => keyRow().waitFor() },
      ];
      const menu = page.getByRole('navigation', { name: 'Main' });
      for (const { link, ready } of pages) {
        await menu.getByRole('link', { name: link, exact: true }).click();
        await page.getByRole('heading', { level: 1, name: link }).waitFor();
        await ready();
        await noOverflow(link);
        // No item hidden past the edge of a scrolling menu: all four are on screen.
        for (const item of await edges(menu.getByRole('link'))) {
          expect(item.left, `${link}: a menu item starts off screen`).toBeGreaterThanOrEqual(0);
          expect(item.right, `${link}: a menu item ends off screen`).toBeLessThanOrEqual(width);
        }
        expect(await menu.getByRole('link').count()).toBe(4);
      }
      // On the keys page, a key's actions are on screen without scrolling sideways.
      const [revoke] = await edges(keyRow().getByRole('button', { name: /^Revoke/ }));
      expect(revoke?.right).toBeLessThanOrEqual(width);
      await shot(page, `24-api-keys-${screen}`, true);

      await page.getByRole('link', { name: 'Integrations', exact: true }).first().click();
      const href =
        (await acme()
          .getByRole('link', { name: /opens in a new tab/ })
          .getAttribute('href')) ?? '';
      expect(href).toBe(`${hub().emulatorUrl}/sites/acme`);
      expect((await fetch(href)).status).toBe(200);
    });

    it('draws the activity chart at its own width: labels as large on a phone as on a laptop, none overlapping', async () => {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Activity' }).click();
      const chart = page.getByTestId('activity-chart');
      await page.getByTestId('chart-bucket').first().waitFor();
      // Drawn 1:1 (a 720-wide drawing squeezed into a phone shrinks its 11 px labels to 5 px).
      await expect
        .poll(() =>
          chart.evaluate(
            (svg: SVGSVGElement) => svg.getBoundingClientRect().width / svg.viewBox.baseVal.width,
          ),
        )
        .toBeGreaterThan(0.95);
      const labels = await edges(page.getByTestId('time-label'));
      expect(labels.length).toBeGreaterThanOrEqual(2);
      for (const label of labels) expect(label.height).toBeGreaterThanOrEqual(10);
      const sorted = [...labels].sort((a, b) => a.left - b.left);
      sorted.slice(1).forEach((label, i) => expect(label.left).toBeGreaterThanOrEqual(sorted[i]?.right ?? 0));
      await noOverflow('The activity chart');
      await shot(page, `25-activity-chart-${screen}`);
    });
  });
});

/** tools/list over MCP (Streamable HTTP; the hub answers statelessly, in JSON), as a client with the key would. */
async function mcpToolNames(url: string, key: string): Promise<string[]> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${key}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }),
  });
  const body = (await response.json()) as { result?: { tools: { name: string }[] } };
  if (body.result === undefined) throw new Error(`MCP tools/list failed: ${JSON.stringify(body)}`);
  return body.result.tools.map((t) => t.name).sort();
}
