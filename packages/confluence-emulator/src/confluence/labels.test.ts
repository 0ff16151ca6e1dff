import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { Emulator } from '../emulator.js';
import { startEmulator } from '../emulator.js';
import type { ConfluenceApi } from '../test-support/api.js';
import { apiFor, newEngPage } from '../test-support/api.js';
import type { PageJson } from '../test-support/shapes.js';

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
    scopes: [
      'read:page:confluence',
      'write:page:confluence',
      'read:space:confluence',
      'write:label:confluence',
    ],
  });
  page = await newEngPage(api, 'Labelled');
});

type Labels = { results: { name: string }[]; meta?: { hasMore: boolean } };

describe('labels', () => {
  test('v1 POST adds labels (lower-cased, kept once); invalid ones are a 400', async () => {
    const added = await api.post<{ results: { name: string; label: string }[] }>(
      `/wiki/rest/api/content/${page.id}/label`,
      [{ prefix: 'global', name: 'Runbook' }, { name: 'ops' }],
    );
    expect(added.status).toBe(200);
    expect(added.body.results.map((l) => l.name)).toEqual(['runbook', 'ops']);
    await api.post(`/wiki/rest/api/content/${page.id}/label`, { name: 'ops' });
    const read = await api.get<{ labels: Labels }>(`/wiki/api/v2/pages/${page.id}?include-labels=true`);
    expect(read.body.labels.results.map((l) => l.name)).toEqual(['runbook', 'ops']);
    expect((await api.post(`/wiki/rest/api/content/${page.id}/label`, { name: 'two words' })).status).toBe(
      400,
    );
    expect((await api.post('/wiki/rest/api/content/999999/label', { name: 'x' })).status).toBe(404);
  });

  test('include-labels holds at most 50 (meta.hasMore); GET /pages/{id}/labels pages through all of them', async () => {
    const names = Array.from({ length: 60 }, (_, i) => ({ name: `l${String(i).padStart(2, '0')}` }));
    await api.post(`/wiki/rest/api/content/${page.id}/label`, names);
    const read = await api.get<{ labels: Labels }>(`/wiki/api/v2/pages/${page.id}?include-labels=true`);
    expect(read.body.labels.results).toHaveLength(50);
    expect(read.body.labels.meta).toEqual({ hasMore: true });
    const all: string[] = [];
    let next: string | undefined = `/wiki/api/v2/pages/${page.id}/labels?limit=25`;
    while (next !== undefined) {
      const res: { body: Labels & { _links: { next?: string } } } = await api.get(next);
      all.push(...res.body.results.map((l) => l.name));
      next = res.body._links.next;
    }
    expect(all).toEqual(names.map((n) => n.name));
  });

  test('v1 DELETE removes a label by ?name= or by path; 204 also when it was not there', async () => {
    await api.post(`/wiki/rest/api/content/${page.id}/label`, [{ name: 'a' }, { name: 'b' }, { name: 'c' }]);
    expect((await api.delete(`/wiki/rest/api/content/${page.id}/label?name=a`)).status).toBe(204);
    expect((await api.delete(`/wiki/rest/api/content/${page.id}/label/b`)).status).toBe(204);
    expect((await api.delete(`/wiki/rest/api/content/${page.id}/label?name=zzz`)).status).toBe(204);
    const read = await api.get<{ labels: Labels }>(`/wiki/api/v2/pages/${page.id}?include-labels=true`);
    expect(read.body.labels.results.map((l) => l.name)).toEqual(['c']);
    expect((await api.delete('/wiki/rest/api/content/999999/label?name=c')).status).toBe(404);
  });
});
