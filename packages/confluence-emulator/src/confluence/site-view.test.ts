import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Emulator } from '../emulator.js';
import { startEmulator } from '../emulator.js';
import { ACME_CLOUD_ID } from '../identities.js';
import { ConfluenceApi, request } from '../test-support/api.js';

interface Resource {
  id: string;
  url: string;
}

const SYSTEM_OVERVIEW = 'System Overview';

async function firstPage(api: ConfluenceApi, title: string) {
  const res = await api.get<{
    results: { id: string; _links: { webui: string } }[];
    _links: { base: string };
  }>(`/wiki/api/v2/pages?title=${encodeURIComponent(title)}`);
  const page = res.body.results[0];
  if (page === undefined) throw new Error(`no page ${title}`);
  return { ...page, base: res.body._links.base };
}

describe('serveSites: web links point at the emulator, which serves them', () => {
  let emu: Emulator;
  let api: ConfluenceApi;
  beforeAll(async () => {
    emu = await startEmulator({ port: 0, serveSites: true });
    api = new ConfluenceApi(emu, (await emu.control.issueTokens({ accountId: 'acc-ada' })).access_token);
  });
  afterAll(() => emu.close());

  test("the site url (accessible-resources) and _links.base are the emulator's own", async () => {
    const res = await request<Resource[]>(`${emu.url}/oauth/token/accessible-resources`, {
      headers: { authorization: `Bearer ${api.token}` },
    });
    expect(res.body.find((r) => r.id === ACME_CLOUD_ID)?.url).toBe(`${emu.url}/sites/acme`);
    expect((await firstPage(api, SYSTEM_OVERVIEW)).base).toBe(`${emu.url}/sites/acme/wiki`);
  });

  test("a page's web URL opens a view of that page, its comments anchored; script in it is sandboxed", async () => {
    const page = await firstPage(api, SYSTEM_OVERVIEW);
    const res = await request<string>(`${page.base}${page._links.webui}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('content-security-policy')).toContain('sandbox');
    expect(res.body).toContain(`<h1 id="title-text">${SYSTEM_OVERVIEW}</h1>`);
    expect(res.body).toMatch(/<article class="comment" id="comment-\d+">/);
    // Links inside the body stay on the served site.
    expect(res.body).not.toContain('href="/wiki/');
  });

  test('the site and a space have views too; an unknown page is a 404', async () => {
    const home = await request<string>(`${emu.url}/sites/acme`);
    expect(home.status).toBe(200);
    expect(home.body).toContain(`href="${emu.url}/sites/acme/wiki/spaces/ENG"`);
    const space = await request<string>(`${emu.url}/sites/acme/wiki/spaces/ENG`);
    expect(space.body).toContain(SYSTEM_OVERVIEW);
    expect((await request(`${emu.url}/sites/acme/wiki/spaces/ENG/pages/1/Nope`)).status).toBe(404);
    expect((await request(`${emu.url}/sites/nowhere`)).status).toBe(404);
  });

  test('reset keeps the served URLs', async () => {
    await emu.control.reset();
    const token = (await emu.control.issueTokens({ accountId: 'acc-ada' })).access_token;
    const page = await firstPage(new ConfluenceApi(emu, token), SYSTEM_OVERVIEW);
    expect(page.base).toBe(`${emu.url}/sites/acme/wiki`);
  });
});

describe('without serveSites (the default)', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ port: 0 });
  });
  afterAll(() => emu.close());

  test('sites keep their Atlassian URLs and the emulator serves no views', async () => {
    const token = (await emu.control.issueTokens({ accountId: 'acc-ada' })).access_token;
    expect((await firstPage(new ConfluenceApi(emu, token), SYSTEM_OVERVIEW)).base).toBe(
      'https://acme.atlassian.net/wiki',
    );
    expect((await request(`${emu.url}/sites/acme`)).status).toBe(404);
  });
});
