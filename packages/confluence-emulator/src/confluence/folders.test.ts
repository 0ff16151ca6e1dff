import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { Emulator } from '../emulator.js';
import { startEmulator } from '../emulator.js';
import type { ConfluenceApi } from '../test-support/api.js';
import { apiFor } from '../test-support/api.js';
import { unknownFields, v1ComponentSchema, v2ResponseSchema } from '../test-support/openapi.js';
import type { PageJson, SpaceJson, V2List } from '../test-support/shapes.js';

let emu: Emulator;
let api: ConfluenceApi;
let eng: SpaceJson;
beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
});
afterAll(() => emu.close());
beforeEach(async () => {
  await emu.control.reset();
  api = await apiFor(emu);
  eng = (await api.get<V2List<SpaceJson>>('/wiki/api/v2/spaces?keys=ENG')).body.results[0] ?? eng;
});

async function page(title: string, parentId?: string): Promise<PageJson> {
  const res = await api.post<PageJson>('/wiki/api/v2/pages', {
    spaceId: eng.id,
    status: 'current',
    title,
    ...(parentId === undefined ? {} : { parentId }),
    body: { representation: 'storage', value: `<p>${title}</p>` },
  });
  if (res.status !== 200) throw new Error(`creating ${title}: ${res.status}`);
  return res.body;
}

interface V1Content {
  id: string;
  type: string;
  status: string;
  title: string;
  _links: Record<string, string>;
}
interface V1List {
  results: V1Content[];
  start: number;
  limit: number;
  size: number;
  _links: Record<string, string>;
}

function expectContentArray(body: unknown): void {
  const schema = v1ComponentSchema('ContentArray');
  expect(schema.validate(body) ? null : schema.validate.errors).toBeNull();
  expect(unknownFields(schema.ref, body)).toEqual([]);
}

/** parent → [Kid page, Box folder → [In box 1, In box 2, Inner folder → [Deep page]]] */
async function tree() {
  const parent = await page('Tree parent');
  const kid = await page('Tree kid', parent.id);
  const box = await emu.control.seedFolder({
    parentId: parent.id,
    title: 'Box',
    pages: ['In box 1', 'In box 2'],
  });
  const inner = await emu.control.seedFolder({
    parentId: box.folderId,
    title: 'Inner',
    pages: ['Deep page'],
  });
  return { parent, kid, box, inner };
}

describe('GET /folders/{id}', () => {
  test('the folder, shaped as the spec says; 404 for a page id or a missing folder; 401 without read:folder', async () => {
    const { parent, box, inner } = await tree();
    const res = await api.get(`/wiki/api/v2/folders/${box.folderId}`);
    expect(res.status).toBe(200);
    const schema = v2ResponseSchema('/folders/{id}', 'get', '200');
    expect(schema.validate(res.body) ? null : schema.validate.errors).toBeNull();
    expect(unknownFields(schema.ref, res.body)).toEqual([]);
    expect(res.body).toMatchObject({
      id: box.folderId,
      type: 'folder',
      status: 'current',
      title: 'Box',
      parentId: parent.id,
      parentType: 'page',
      _links: { webui: `/spaces/ENG/folder/${box.folderId}` },
    });
    expect((await api.get(`/wiki/api/v2/folders/${inner.folderId}`)).body).toMatchObject({
      parentId: box.folderId,
      parentType: 'folder',
    });
    expect((await api.get(`/wiki/api/v2/folders/${parent.id}`)).status).toBe(404);
    expect((await api.get('/wiki/api/v2/folders/999999')).status).toBe(404);
    expect((await api.get('/wiki/api/v2/folders/abc')).status).toBe(400);
    const narrow = await apiFor(emu, { scopes: ['read:page:confluence'] });
    expect((await narrow.get(`/wiki/api/v2/folders/${box.folderId}`)).status).toBe(401);
  });

  test('a page inside a folder names it as its parent, with parentType folder', async () => {
    const { box } = await tree();
    const inside = await api.get<PageJson>(`/wiki/api/v2/pages/${box.pageIds[0]}`);
    expect(inside.body).toMatchObject({ parentId: box.folderId, parentType: 'folder' });
    // A folder is not a page: the v2 children listing does not take it, and a page's children skip folders.
    expect((await api.get(`/wiki/api/v2/pages/${box.folderId}/children`)).status).toBe(404);
  });
});

describe('folders in the page tree', () => {
  test('the ancestors of a page in a folder name the folders (type folder), highest first', async () => {
    const { parent, box, inner } = await tree();
    const deep = inner.pageIds[0] ?? '';
    const res = await api.get<V2List<{ id: string; type: string }>>(`/wiki/api/v2/pages/${deep}/ancestors`);
    expect(res.body.results).toEqual([
      { id: eng.homepageId, type: 'page' },
      { id: parent.id, type: 'page' },
      { id: box.folderId, type: 'folder' },
      { id: inner.folderId, type: 'folder' },
    ]);
    const shape = v2ResponseSchema('/pages/{id}/ancestors', 'get', '200');
    expect(shape.validate(res.body) ? null : shape.validate.errors).toBeNull();
  });

  test('deleting a page moves its folders up to its parent, as its pages', async () => {
    const { parent, kid, box } = await tree();
    expect((await api.delete(`/wiki/api/v2/pages/${parent.id}`)).status).toBe(204);
    expect((await api.get(`/wiki/api/v2/folders/${box.folderId}`)).body).toMatchObject({
      parentId: eng.homepageId,
      parentType: 'page',
    });
    expect((await api.get<PageJson>(`/wiki/api/v2/pages/${kid.id}`)).body.parentId).toBe(eng.homepageId);
  });
});

describe('GET /rest/api/content/{id}/descendant/{type}', () => {
  test("depth=root: a page's folders, a folder's pages and folders, as a v1 ContentArray", async () => {
    const { parent, box, inner } = await tree();
    const folders = await api.get<V1List>(`/wiki/rest/api/content/${parent.id}/descendant/folder?depth=root`);
    expect(folders.status).toBe(200);
    expectContentArray(folders.body);
    expect(folders.body.results.map((r) => [r.id, r.type, r.title])).toEqual([
      [box.folderId, 'folder', 'Box'],
    ]);
    expect(folders.body.results[0]?._links.webui).toBe(`/spaces/ENG/folder/${box.folderId}`);
    expect(folders.body).toMatchObject({ start: 0, limit: 25, size: 1 });
    expect(folders.body._links.next).toBeUndefined();

    const boxPages = await api.get<V1List>(
      `/wiki/rest/api/content/${box.folderId}/descendant/page?depth=root`,
    );
    expectContentArray(boxPages.body);
    expect(boxPages.body.results.map((r) => r.id)).toEqual(box.pageIds);
    expect(boxPages.body.results.every((r) => r.type === 'page' && r.status === 'current')).toBe(true);
    const boxFolders = await api.get<V1List>(
      `/wiki/rest/api/content/${box.folderId}/descendant/folder?depth=root`,
    );
    expect(boxFolders.body.results.map((r) => r.id)).toEqual([inner.folderId]);
    // A page's direct pages: not the ones inside its folder.
    const parentPages = await api.get<V1List>(
      `/wiki/rest/api/content/${parent.id}/descendant/page?depth=root`,
    );
    expect(parentPages.body.results.map((r) => r.title)).toEqual(['Tree kid']);
  });

  test('depth all or a number reaches into folders, depth-first in tree order', async () => {
    const { parent, inner } = await tree();
    const all = await api.get<V1List>(`/wiki/rest/api/content/${parent.id}/descendant/page`);
    expect(all.body.results.map((r) => r.title)).toEqual(['Tree kid', 'In box 1', 'In box 2', 'Deep page']);
    const two = await api.get<V1List>(`/wiki/rest/api/content/${parent.id}/descendant/page?depth=2`);
    expect(two.body.results.map((r) => r.title)).toEqual(['Tree kid', 'In box 1', 'In box 2']);
    const allFolders = await api.get<V1List>(
      `/wiki/rest/api/content/${parent.id}/descendant/folder?depth=all`,
    );
    expect(allFolders.body.results.map((r) => r.title)).toEqual(['Box', 'Inner']);
    expect(allFolders.body.results[1]?.id).toBe(inner.folderId);
  });

  test('start/limit paging with a relative next link, followed to the end', async () => {
    const parent = await page('Many folders');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await emu.control.seedFolder({ parentId: parent.id, title: `F${i}` })).folderId);
    const first = await api.get<V1List>(
      `/wiki/rest/api/content/${parent.id}/descendant/folder?depth=root&limit=2`,
    );
    expect(first.body).toMatchObject({ start: 0, limit: 2, size: 2 });
    expect(first.body._links.next).toMatch(
      new RegExp(`^/rest/api/content/${parent.id}/descendant/folder\\?.*start=2`),
    );
    const seen = [...first.body.results.map((r) => r.id)];
    let next = first.body._links.next;
    while (next !== undefined) {
      const res = await api.get<V1List>(`/wiki${next}`);
      expectContentArray(res.body);
      seen.push(...res.body.results.map((r) => r.id));
      next = res.body._links.next;
    }
    expect(seen).toEqual(ids);
  });

  test('404 (v1 body) for missing or trashed content, 400 for bad params or types, 401 without the scope', async () => {
    const { parent } = await tree();
    const missing = await api.get<{ statusCode: number }>('/wiki/rest/api/content/999999/descendant/page');
    expect(missing.status).toBe(404);
    expect(missing.body.statusCode).toBe(404);
    const trashed = await page('Trash tree');
    await api.delete(`/wiki/api/v2/pages/${trashed.id}`);
    expect((await api.get(`/wiki/rest/api/content/${trashed.id}/descendant/folder`)).status).toBe(404);
    for (const bad of ['depth=0', 'depth=101', 'depth=x', 'start=-1', 'limit=abc']) {
      expect((await api.get(`/wiki/rest/api/content/${parent.id}/descendant/page?${bad}`)).status, bad).toBe(
        400,
      );
    }
    expect((await api.get(`/wiki/rest/api/content/${parent.id}/descendant/whiteboard`)).status).toBe(400);
    const narrow = await apiFor(emu, { scopes: ['read:page:confluence'] });
    expect((await narrow.get(`/wiki/rest/api/content/${parent.id}/descendant/page`)).status).toBe(401);
    const classic = await apiFor(emu, { scopes: ['read:confluence-content.summary'] });
    expect((await classic.get(`/wiki/rest/api/content/${parent.id}/descendant/page`)).status).toBe(200);
  });
});

describe('POST /__control/folders', () => {
  test('refuses a missing parent and a taken page title', async () => {
    await expect(emu.control.seedFolder({ parentId: '999999', title: 'X' })).rejects.toThrow(
      /No page or folder/,
    );
    const p = await page('Seed parent');
    await expect(
      emu.control.seedFolder({ parentId: p.id, title: 'Y', pages: ['Seed parent'] }),
    ).rejects.toThrow(/already has a page/);
  });
});
