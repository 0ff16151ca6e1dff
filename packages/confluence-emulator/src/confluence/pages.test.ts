import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Emulator } from '../emulator.js';
import { startEmulator } from '../emulator.js';
import type { ConfluenceApi } from '../test-support/api.js';
import { apiFor } from '../test-support/api.js';
import type { PageJson, SpaceJson, V2Error, V2List } from '../test-support/shapes.js';

let emu: Emulator;
let api: ConfluenceApi;
let eng: SpaceJson;
beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  api = await apiFor(emu);
  const spaces = await api.get<V2List<SpaceJson>>('/wiki/api/v2/spaces?keys=ENG');
  const found = spaces.body.results[0];
  if (found === undefined) throw new Error('ENG missing');
  eng = found;
});
afterAll(() => emu.close());

async function pageByTitle(title: string): Promise<PageJson> {
  const res = await api.get<V2List<PageJson>>(
    `/wiki/api/v2/spaces/${eng.id}/pages?title=${encodeURIComponent(title)}`,
  );
  const page = res.body.results[0];
  if (page === undefined) throw new Error(`no page ${title}`);
  return page;
}

describe('GET /wiki/api/v2/spaces/{id}/pages', () => {
  test('pages through 60+ ENG pages at limit 25 following _links.next to the end', async () => {
    const { pages, results } = await api.all<PageJson>(`/wiki/api/v2/spaces/${eng.id}/pages?limit=25`);
    expect(results.length).toBeGreaterThanOrEqual(60);
    expect(pages).toHaveLength(Math.ceil(results.length / 25));
    expect(new Set(results.map((p) => p.id)).size).toBe(results.length);
    for (const page of pages.slice(0, -1))
      expect(page.headers.get('link')).toMatch(
        /^<\/wiki\/api\/v2\/spaces\/\d+\/pages\?limit=25&cursor=[\w-]+>; rel="next"/,
      );
    expect(pages.at(-1)?.headers.get('link')).toBeNull();
    expect(results.every((p) => p.spaceId === eng.id && p.body === undefined)).toBe(true);
    const ids = results.map((p) => Number(p.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  test('default limit is 25', async () => {
    const res = await api.get<V2List<PageJson>>(`/wiki/api/v2/spaces/${eng.id}/pages`);
    expect(res.body.results).toHaveLength(25);
    expect(res.body._links.next).toMatch(/^\/wiki\/api\/v2\/spaces\/\d+\/pages\?cursor=[\w-]+$/);
  });

  test('depth=root gives the pages without a parent (the homepage)', async () => {
    const res = await api.get<V2List<PageJson>>(`/wiki/api/v2/spaces/${eng.id}/pages?depth=root`);
    expect(res.body.results.map((p) => p.title)).toEqual(['Engineering Home']);
    expect(res.body.results[0]).toMatchObject({ id: eng.homepageId, parentId: null, parentType: null });
  });

  test('title is an exact filter; sort=title orders; body-format=storage includes bodies', async () => {
    const page = await pageByTitle('System Overview');
    expect(page).toMatchObject({
      title: 'System Overview',
      status: 'current',
      parentType: 'page',
      authorId: 'acc-ada',
    });
    expect(
      (await api.get<V2List<PageJson>>(`/wiki/api/v2/spaces/${eng.id}/pages?title=System`)).body.results,
    ).toEqual([]);
    const sorted = await api.get<V2List<PageJson>>(
      `/wiki/api/v2/spaces/${eng.id}/pages?sort=-title&limit=3&body-format=storage`,
    );
    const titles = sorted.body.results.map((p) => p.title);
    expect(titles).toEqual([...titles].sort((a, b) => b.localeCompare(a, 'en', { sensitivity: 'base' })));
    expect(sorted.body.results[0]?.body?.storage?.representation).toBe('storage');
    const next = await api.get<V2List<PageJson>>(sorted.body._links.next ?? '');
    expect(
      next.body.results[0]?.title.localeCompare(titles[2] ?? '', 'en', { sensitivity: 'base' }),
    ).toBeLessThan(0);
  });

  test('404 for a missing space, 400 for view bodies in a list', async () => {
    expect((await api.get<V2Error>('/wiki/api/v2/spaces/424242/pages')).status).toBe(404);
    expect((await api.get(`/wiki/api/v2/spaces/${eng.id}/pages?body-format=view`)).status).toBe(400);
    expect((await api.get(`/wiki/api/v2/spaces/${eng.id}/pages?depth=deep`)).status).toBe(400);
  });
});

describe('GET /wiki/api/v2/pages/{id}', () => {
  test('has version and links but no body unless body-format is given', async () => {
    const { id } = await pageByTitle('System Overview');
    const res = await api.get<PageJson>(`/wiki/api/v2/pages/${id}`);
    expect(res.status).toBe(200);
    expect(res.body).not.toHaveProperty('body');
    expect(res.body.version).toMatchObject({
      number: 3,
      message: 'Updated component status',
      minorEdit: false,
    });
    expect(res.body._links).toMatchObject({
      base: 'https://acme.atlassian.net/wiki',
      webui: `/spaces/ENG/pages/${id}/System+Overview`,
      editui: `/pages/resumedraft.action?draftId=${id}`,
    });
    expect(res.body._links.tinyui).toMatch(/^\/x\/[\w-]+$/);
  });

  test('storage body keeps macros; view renders them; atlas_doc_format is a JSON string', async () => {
    const { id } = await pageByTitle('System Overview');
    const storage = await api.get<PageJson>(`/wiki/api/v2/pages/${id}?body-format=storage`);
    const xhtml = storage.body.body?.storage?.value ?? '';
    expect(xhtml).toContain('<ac:structured-macro ac:name="code"');
    expect(xhtml).toContain('<ac:parameter ac:name="language">ts</ac:parameter>');
    expect(xhtml).toContain('<![CDATA[export interface ServiceHealth');
    expect(xhtml).toContain('<ac:structured-macro ac:name="jira"');
    expect(xhtml).toContain('<table');

    const view = await api.get<PageJson>(`/wiki/api/v2/pages/${id}?body-format=view`);
    const html = view.body.body?.view?.value ?? '';
    expect(html).toContain('<pre class="syntaxhighlighter-pre"');
    expect(html).toContain('export interface ServiceHealth');
    expect(html).not.toContain('ac:structured-macro');

    const adf = await api.get<PageJson>(`/wiki/api/v2/pages/${id}?body-format=atlas_doc_format`);
    const value = adf.body.body?.atlas_doc_format?.value ?? '';
    expect(typeof value).toBe('string');
    const doc = JSON.parse(value) as {
      type: string;
      content: { type: string; attrs?: Record<string, unknown> }[];
    };
    expect(doc.type).toBe('doc');
    expect(doc.content.find((n) => n.type === 'codeBlock')?.attrs).toEqual({ language: 'ts' });
    expect(doc.content.some((n) => n.type === 'table')).toBe(true);
  });

  test('include-labels, include-version=false, version=N', async () => {
    const { id } = await pageByTitle('System Overview');
    const labelled = await api.get<PageJson>(
      `/wiki/api/v2/pages/${id}?include-labels=true&include-version=false`,
    );
    expect(labelled.body.labels?.results.map((l) => l.name)).toEqual(['architecture', 'overview']);
    expect(labelled.body.labels?.results[0]?.prefix).toBe('global');
    expect(labelled.body.labels?._links).toEqual({ self: `/wiki/api/v2/pages/${id}/labels` });
    expect(labelled.body).not.toHaveProperty('version');
    const first = await api.get<PageJson>(`/wiki/api/v2/pages/${id}?version=1`);
    expect(first.body.version?.number).toBe(1);
    expect((await api.get(`/wiki/api/v2/pages/${id}?version=99`)).status).toBe(404);
  });

  test('404 for a missing page, 400 for a bad body-format', async () => {
    const missing = await api.get<V2Error>('/wiki/api/v2/pages/1');
    expect(missing.status).toBe(404);
    expect(missing.body.errors[0]?.code).toBe('NOT_FOUND');
    const { id } = await pageByTitle('System Overview');
    expect((await api.get(`/wiki/api/v2/pages/${id}?body-format=markdown`)).status).toBe(400);
  });

  test('the tree is several levels deep', async () => {
    const appendix = await pageByTitle('ADR-008 Appendix: Retry benchmark results');
    const chain: string[] = [];
    let parentId = appendix.parentId;
    while (parentId !== null) {
      const parent = await api.get<PageJson>(`/wiki/api/v2/pages/${parentId}`);
      chain.unshift(parent.body.title);
      parentId = parent.body.parentId;
    }
    expect(chain).toEqual([
      'Engineering Home',
      'Architecture',
      'Architecture Decision Records',
      'ADR-008: Retry policy for service-to-service calls',
    ]);
  });

  test('GET /pages lists across spaces and filters by id', async () => {
    const { id } = await pageByTitle('System Overview');
    const res = await api.get<V2List<PageJson>>(`/wiki/api/v2/pages?id=${id}`);
    expect(res.body.results.map((p) => p.title)).toEqual(['System Overview']);
  });
});

describe('array parameters, as the spec documents each', () => {
  test('status is one parameter per value; a comma-joined status is one unknown value (400)', async () => {
    const page = await pageByTitle('System Overview');
    const repeated = await api.get<PageJson>(`/wiki/api/v2/pages/${page.id}?status=current&status=archived`);
    expect(repeated.status).toBe(200);
    const joined = await api.get<V2Error>(`/wiki/api/v2/pages/${page.id}?status=current,archived`);
    expect(joined.status).toBe(400);
    expect(joined.body.errors[0]?.title).toMatch(/Invalid value for 'status': current,archived/);
    const listed = await api.get<V2Error>(`/wiki/api/v2/spaces/${eng.id}/pages?status=current,archived`);
    expect(listed.status).toBe(400);
  });

  test('keys, ids and labels on GET /spaces take the documented comma-separated list', async () => {
    const spaces = await api.get<V2List<SpaceJson>>('/wiki/api/v2/spaces?keys=ENG,HR');
    expect(spaces.body.results.map((s) => s.key).sort()).toEqual(['ENG', 'HR']);
  });
});
