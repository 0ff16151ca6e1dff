import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { Emulator } from '../emulator.js';
import { startEmulator } from '../emulator.js';
import type { ConfluenceApi } from '../test-support/api.js';
import { apiFor, newEngPage } from '../test-support/api.js';
import { unknownFields, v2ResponseSchema } from '../test-support/openapi.js';
import type { PageJson } from '../test-support/shapes.js';

interface PageVersionJson {
  number: number;
  message: string;
  minorEdit: boolean;
  authorId: string;
  createdAt: string;
  page: { id: string; title: string; body?: { storage?: { value: string } } };
}

let emu: Emulator;
let api: ConfluenceApi;
let page: PageJson;
beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
});
afterAll(() => emu.close());
beforeEach(async () => {
  await emu.control.reset();
  api = await apiFor(emu, {
    scopes: ['read:page:confluence', 'write:page:confluence', 'read:space:confluence'],
  });
  page = await newEngPage(api, 'History');
  for (const [n, title, minorEdit] of [
    [2, 'History', false],
    [3, 'History renamed', true],
  ] as const) {
    await emu.control.advanceClock(1000);
    const res = await api.put(`/wiki/api/v2/pages/${page.id}`, {
      id: page.id,
      status: 'current',
      title,
      body: { representation: 'storage', value: `<p>v${n}</p>` },
      version: { number: n, message: `edit ${n}`, minorEdit },
    });
    expect(res.status).toBe(200);
  }
});

describe('GET /pages/{id}/versions', () => {
  test('newest first by default, oldest first with sort=modified-date; cursor-paged; the spec shape', async () => {
    const all = await api.all<PageVersionJson>(`/wiki/api/v2/pages/${page.id}/versions?limit=2`);
    expect(all.pages).toHaveLength(2);
    expect(all.results.map((v) => v.number)).toEqual([3, 2, 1]);
    expect(all.results[0]).toMatchObject({
      message: 'edit 3',
      minorEdit: true,
      authorId: 'acc-ada',
      page: { id: page.id, title: 'History renamed' },
    });
    expect(all.results[0]?.page.body).toBeUndefined();
    const schema = v2ResponseSchema('/pages/{id}/versions', 'get', '200');
    for (const res of all.pages) {
      expect(schema.validate(res.body) ? null : schema.validate.errors).toBeNull();
      expect(unknownFields(schema.ref, res.body)).toEqual([]);
    }
    const oldest = await api.get<{ results: PageVersionJson[] }>(
      `/wiki/api/v2/pages/${page.id}/versions?sort=modified-date`,
    );
    expect(oldest.body.results.map((v) => v.number)).toEqual([1, 2, 3]);
  });

  test('body-format=storage gives each version its body as it was', async () => {
    const res = await api.get<{ results: PageVersionJson[] }>(
      `/wiki/api/v2/pages/${page.id}/versions?body-format=storage`,
    );
    expect(res.body.results.map((v) => v.page.body?.storage?.value)).toEqual([
      '<p>v3</p>',
      '<p>v2</p>',
      '<p>old</p>',
    ]);
    expect(v2ResponseSchema('/pages/{id}/versions', 'get', '200').validate(res.body)).toBe(true);
  });

  test('404 for a page that is not there, 400 for a bad sort or limit', async () => {
    expect((await api.get('/wiki/api/v2/pages/999999999/versions')).status).toBe(404);
    expect((await api.get(`/wiki/api/v2/pages/${page.id}/versions?sort=title`)).status).toBe(400);
    expect((await api.get(`/wiki/api/v2/pages/${page.id}/versions?limit=0`)).status).toBe(400);
  });

  test('GET /pages/{id}?version=N reads an old version (title and body as they were)', async () => {
    const old = await api.get<{
      title: string;
      version: { number: number };
      body: { storage: { value: string } };
    }>(`/wiki/api/v2/pages/${page.id}?version=1&body-format=storage`);
    expect(old.body).toMatchObject({
      title: 'History',
      version: { number: 1 },
      body: { storage: { value: '<p>old</p>' } },
    });
  });
});
