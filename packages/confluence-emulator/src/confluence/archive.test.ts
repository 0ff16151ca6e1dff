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
  api = await apiFor(emu);
  page = await newEngPage(api, 'To archive');
});

describe('POST /wiki/rest/api/content/archive (v1)', () => {
  test('archives the pages and answers 202 with a long task that reads finished', async () => {
    const res = await api.post<{ id: string; links: { status: string } }>('/wiki/rest/api/content/archive', {
      pages: [{ id: Number(page.id) }],
    });
    expect(res.status).toBe(202);
    const task = await api.get<{ finished: boolean; successful: boolean }>(res.body.links.status);
    expect(task.body).toMatchObject({ finished: true, successful: true, percentageComplete: 100 });
    const read = await api.get<PageJson>(`/wiki/api/v2/pages/${page.id}?status=current&status=archived`);
    expect(read.body.status).toBe('archived');
  });

  test('the spec’s 400s: an id that is no page, a page already archived, an empty or malformed body', async () => {
    expect((await api.post('/wiki/rest/api/content/archive', { pages: [{ id: 999999 }] })).status).toBe(400);
    await api.post('/wiki/rest/api/content/archive', { pages: [{ id: page.id }] });
    const again = await api.post<{ message: string }>('/wiki/rest/api/content/archive', {
      pages: [{ id: page.id }],
    });
    expect(again.status).toBe(400);
    expect(again.body.message).toMatch(/already archived/);
    expect((await api.post('/wiki/rest/api/content/archive', { pages: [] })).status).toBe(400);
    expect((await api.post('/wiki/rest/api/content/archive', { ids: [page.id] })).status).toBe(400);
    expect((await api.get('/wiki/rest/api/longtask/424242')).status).toBe(404);
  });
});
