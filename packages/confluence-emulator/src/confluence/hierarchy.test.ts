import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { Emulator } from '../emulator.js';
import { startEmulator } from '../emulator.js';
import type { ConfluenceApi } from '../test-support/api.js';
import { apiFor } from '../test-support/api.js';
import { unknownFields, v2ResponseSchema } from '../test-support/openapi.js';
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

async function page(title: string, parentId?: string, status = 'current'): Promise<PageJson> {
  const res = await api.post<PageJson>('/wiki/api/v2/pages', {
    spaceId: eng.id,
    status,
    title,
    ...(parentId === undefined ? {} : { parentId }),
    body: { representation: 'storage', value: `<p>${title}</p>` },
  });
  if (res.status !== 200) throw new Error(`creating ${title}: ${res.status}`);
  return res.body;
}

function expectSpecShape(path: string, body: unknown): void {
  const schema = v2ResponseSchema(path, 'get', '200');
  expect(schema.validate(body) ? null : schema.validate.errors).toBeNull();
  expect(unknownFields(schema.ref, body)).toEqual([]);
}

type Ids = V2List<{ id: string; type?: string; title?: string; childPosition?: number }>;

describe('GET /pages/{id}/ancestors', () => {
  test('ids and types, highest first, shaped as the spec says; the nearest `limit` when there are more', async () => {
    const a = await page('Anc A');
    const b = await page('Anc B', a.id);
    const c = await page('Anc C', b.id);
    const res = await api.get<Ids>(`/wiki/api/v2/pages/${c.id}/ancestors`);
    expect(res.status).toBe(200);
    expectSpecShape('/pages/{id}/ancestors', res.body);
    // a sits under the space homepage.
    expect(res.body.results).toEqual([
      { id: eng.homepageId, type: 'page' },
      { id: a.id, type: 'page' },
      { id: b.id, type: 'page' },
    ]);
    const two = await api.get<Ids>(`/wiki/api/v2/pages/${c.id}/ancestors?limit=2`);
    expect(two.body.results.map((r) => r.id)).toEqual([a.id, b.id]);
    expect(two.body._links.next).toBeUndefined();
    expect((await api.get<Ids>(`/wiki/api/v2/pages/${eng.homepageId}/ancestors`)).body.results).toEqual([]);
  });

  test('404 for a page that is not there, 400 for a bad limit, 401 without read:content.metadata', async () => {
    expect((await api.get('/wiki/api/v2/pages/999999/ancestors')).status).toBe(404);
    const a = await page('Anc lone');
    expect((await api.get(`/wiki/api/v2/pages/${a.id}/ancestors?limit=0`)).status).toBe(400);
    const narrow = await apiFor(emu, { scopes: ['read:page:confluence'] });
    expect((await narrow.get(`/wiki/api/v2/pages/${a.id}/ancestors`)).status).toBe(401);
  });
});

describe('GET /pages/{id}/children', () => {
  test('direct children by position, shaped as the spec says', async () => {
    const parent = await page('Kids parent');
    const first = await page('Kid 1', parent.id);
    const second = await page('Kid 2', parent.id);
    await page('Grandkid', first.id);
    const res = await api.get<Ids>(`/wiki/api/v2/pages/${parent.id}/children`);
    expectSpecShape('/pages/{id}/children', res.body);
    expect(res.body.results.map((r) => r.id)).toEqual([first.id, second.id]);
  });
});

describe('DELETE /pages/{id}', () => {
  test('trashes a page (204): reads of it 404 unless asked for trashed, its children move up to its parent', async () => {
    const parent = await page('Doomed');
    const child = await page('Survivor', parent.id);
    const res = await api.delete(`/wiki/api/v2/pages/${parent.id}`);
    expect(res.status).toBe(204);
    expect((await api.get(`/wiki/api/v2/pages/${parent.id}?status=current`)).status).toBe(404);
    const trashed = await api.get<PageJson>(`/wiki/api/v2/pages/${parent.id}?status=trashed`);
    expect(trashed.body.status).toBe('trashed');
    const kept = await api.get<PageJson>(`/wiki/api/v2/pages/${child.id}`);
    expect(kept.body.parentId).toBe(eng.homepageId);
    // Deleting it again: it is not there any more (in the trash).
    expect((await api.delete(`/wiki/api/v2/pages/${parent.id}`)).status).toBe(404);
  });

  test('purge only a trashed page; draft=true only a draft; 404 for a missing page; 401 without the scope', async () => {
    const p = await page('Purge me');
    expect((await api.delete(`/wiki/api/v2/pages/${p.id}?purge=true`)).status).toBe(400);
    await api.delete(`/wiki/api/v2/pages/${p.id}`);
    expect((await api.delete(`/wiki/api/v2/pages/${p.id}?purge=true`)).status).toBe(204);
    expect((await api.get(`/wiki/api/v2/pages/${p.id}?status=trashed`)).status).toBe(404);

    const draft = await page('A draft', undefined, 'draft');
    expect((await api.delete(`/wiki/api/v2/pages/${draft.id}`)).status).toBe(404);
    expect((await api.delete(`/wiki/api/v2/pages/${draft.id}?draft=true`)).status).toBe(204);
    expect((await api.get(`/wiki/api/v2/pages/${draft.id}?status=draft`)).status).toBe(404);

    expect((await api.delete('/wiki/api/v2/pages/999999')).status).toBe(404);
    expect((await api.delete('/wiki/api/v2/pages/abc')).status).toBe(400);
    const narrow = await apiFor(emu, { scopes: ['read:page:confluence', 'write:page:confluence'] });
    const q = await page('Guarded');
    expect((await narrow.delete(`/wiki/api/v2/pages/${q.id}`)).status).toBe(401);
    expect((await api.get<PageJson>(`/wiki/api/v2/pages/${q.id}`)).body.status).toBe('current');
  });
});
