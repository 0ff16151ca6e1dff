import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { Emulator } from '../emulator.js';
import { startEmulator } from '../emulator.js';
import type { ConfluenceApi } from '../test-support/api.js';
import { apiFor, request } from '../test-support/api.js';
import type { PageJson, SpaceJson, V2List } from '../test-support/shapes.js';

let emu: Emulator;
let api: ConfluenceApi;
let eng: SpaceJson;
let hr: SpaceJson;
beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
});
afterAll(() => emu.close());
beforeEach(async () => {
  await emu.control.reset();
  api = await apiFor(emu);
  const spaces = (await api.get<V2List<SpaceJson>>('/wiki/api/v2/spaces?keys=ENG,HR')).body.results;
  eng = spaces.find((s) => s.key === 'ENG') ?? eng;
  hr = spaces.find((s) => s.key === 'HR') ?? hr;
});

async function page(title: string, parentId?: string, space: SpaceJson = eng): Promise<PageJson> {
  const res = await api.post<PageJson>('/wiki/api/v2/pages', {
    spaceId: space.id,
    title,
    ...(parentId === undefined ? {} : { parentId }),
    body: { representation: 'storage', value: `<p>${title}</p>` },
  });
  if (res.status !== 200) throw new Error(`creating ${title}: ${res.status}`);
  return res.body;
}

const read = async (id: string) => (await api.get<PageJson>(`/wiki/api/v2/pages/${id}`)).body;
const childIds = async (id: string) =>
  (await api.get<V2List<{ id: string }>>(`/wiki/api/v2/pages/${id}/children`)).body.results.map((c) => c.id);
const move = (id: string, position: string, target: string) =>
  api.put<{ pageId?: string; message?: string }>(
    `/wiki/rest/api/content/${id}/move/${position}/${target}`,
    {},
  );

describe('PUT /wiki/rest/api/content/{pageId}/move/{position}/{targetId}', () => {
  test('append, before and after place the page; the answer is {pageId}', async () => {
    const a = await page('Move A');
    const b = await page('Move B');
    const c = await page('Move C');
    const appended = await move(c.id, 'append', a.id);
    expect(appended.status).toBe(200);
    expect(appended.body).toEqual({ pageId: c.id });
    expect((await read(c.id)).parentId).toBe(a.id);
    const x = await page('Move X', a.id);
    expect(await childIds(a.id)).toEqual([c.id, x.id]);
    await move(x.id, 'before', c.id);
    expect(await childIds(a.id)).toEqual([x.id, c.id]);
    await move(b.id, 'after', x.id);
    expect(await childIds(a.id)).toEqual([x.id, b.id, c.id]);
    expect((await read(b.id)).parentId).toBe(a.id);
  });

  test('into another space the subtree moves along; a title the space has is a 400', async () => {
    const root = await page('Travelling root');
    const leaf = await page('Travelling leaf', root.id);
    const res = await move(root.id, 'append', hr.homepageId);
    expect(res.status).toBe(200);
    expect(await read(root.id)).toMatchObject({ spaceId: hr.id, parentId: hr.homepageId });
    expect(await read(leaf.id)).toMatchObject({ spaceId: hr.id, parentId: root.id });
    const clash = await page('Travelling root', undefined, eng);
    const refused = await move(clash.id, 'append', hr.homepageId);
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/already exists in the target space/);
    expect((await read(clash.id)).spaceId).toBe(eng.id);
  });

  test('a loop is a 400, a missing page or target a 404, a bad position a 400', async () => {
    const top = await page('Loop top');
    const below = await page('Loop below', top.id);
    for (const [position, target] of [
      ['append', below.id],
      ['append', top.id],
      ['before', below.id],
    ] as const) {
      const res = await move(top.id, position, target);
      expect(res.status, `${position} ${target}`).toBe(400);
      expect(res.body.message).toMatch(/parent-child loop/);
    }
    expect((await read(below.id)).parentId).toBe(top.id);
    expect((await move('999999', 'append', top.id)).status).toBe(404);
    expect((await move(top.id, 'append', '999999')).status).toBe(404);
    expect((await move(top.id, 'sideways', below.id)).status).toBe(400);
  });
});

type V1Content = { id: string; type: string; title: string; space: { key: string } };
type Task = { id: string; links: { status: string } };
type TaskStatus = {
  finished: boolean;
  successful: boolean;
  percentageComplete: number;
  additionalDetails: { destinationId: string | null };
};

describe('POST /wiki/rest/api/content/{id}/copy', () => {
  test('copies one page under a parent (labels when asked), into a space root, or over an existing page', async () => {
    const source = await page('Copy source');
    await api.post(`/wiki/rest/api/content/${source.id}/label`, [{ name: 'keep' }]);
    const parent = await page('Copy parent', undefined, hr);
    const res = await api.post<V1Content>(`/wiki/rest/api/content/${source.id}/copy`, {
      destination: { type: 'parent_page', value: parent.id },
      copyLabels: true,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ type: 'page', title: 'Copy source', space: { key: 'HR' } });
    const copy = await api.get<PageJson & { labels: { results: { name: string }[] } }>(
      `/wiki/api/v2/pages/${res.body.id}?include-labels=true&body-format=storage`,
    );
    expect(copy.body).toMatchObject({ parentId: parent.id, spaceId: hr.id });
    expect(copy.body.labels.results.map((l) => l.name)).toEqual(['keep']);

    const root = await api.post<V1Content>(`/wiki/rest/api/content/${source.id}/copy`, {
      destination: { type: 'space', value: 'HR' },
      pageTitle: 'Copy at the root',
    });
    expect(await read(root.body.id)).toMatchObject({ parentId: null, title: 'Copy at the root' });
    const target = await page('Copy target');
    const over = await api.post<V1Content>(`/wiki/rest/api/content/${source.id}/copy`, {
      destination: { type: 'existing_page', value: target.id },
      pageTitle: 'Copy target',
    });
    expect(over.body.id).toBe(target.id);
    expect((await read(target.id)).version?.number).toBe(2);
  });

  test('a title the destination space has is a 400; a missing source or destination a 404; no destination a 400', async () => {
    const source = await page('Copy twin');
    const same = await api.post<{ message: string }>(`/wiki/rest/api/content/${source.id}/copy`, {
      destination: { type: 'parent_page', value: eng.homepageId },
    });
    expect(same.status).toBe(400);
    expect(same.body.message).toMatch(/title already exists/);
    const missing = { destination: { type: 'parent_page', value: '999999' } };
    expect((await api.post(`/wiki/rest/api/content/${source.id}/copy`, missing)).status).toBe(404);
    expect((await api.post('/wiki/rest/api/content/999999/copy', missing)).status).toBe(404);
    expect((await api.post(`/wiki/rest/api/content/${source.id}/copy`, {})).status).toBe(400);
  });
});

describe('copies carry attachments when asked (copyAttachments)', () => {
  test('single and hierarchy copies: the files come along with copyAttachments, not without', async () => {
    const source = await page('With a file');
    const form = new FormData();
    form.append('file', new Blob(['hello'], { type: 'text/plain' }), 'notes.txt');
    form.append('minorEdit', 'false');
    const uploaded = await request(`${api.base}/wiki/rest/api/content/${source.id}/child/attachment`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${api.token}`, 'x-atlassian-token': 'no-check' },
      body: form,
    });
    expect(uploaded.status).toBe(200);
    const files = async (id: string) =>
      (await api.get<V2List<{ title: string }>>(`/wiki/api/v2/pages/${id}/attachments`)).body.results.map(
        (a) => a.title,
      );
    const withFiles = await api.post<V1Content>(`/wiki/rest/api/content/${source.id}/copy`, {
      destination: { type: 'space', value: 'HR' },
      copyAttachments: true,
    });
    expect(await files(withFiles.body.id)).toEqual(['notes.txt']);
    const without = await api.post<V1Content>(`/wiki/rest/api/content/${source.id}/copy`, {
      destination: { type: 'parent_page', value: hr.homepageId },
      pageTitle: 'With no file',
    });
    expect(without.status).toBe(200);
    expect(await files(without.body.id)).toEqual([]);
    const tree = await api.post<Task>(`/wiki/rest/api/content/${source.id}/pagehierarchy/copy`, {
      destinationPageId: eng.homepageId,
      copyAttachments: true,
      titleOptions: { prefix: 'Tree ' },
    });
    await api.get(`/wiki/rest/api/longtask/${tree.body.id}`);
    const done = await api.get<TaskStatus>(`/wiki/rest/api/longtask/${tree.body.id}`);
    expect(await files(done.body.additionalDetails.destinationId ?? '')).toEqual(['notes.txt']);
    expect(await files(source.id)).toEqual(['notes.txt']);
  });
});

describe('POST /wiki/rest/api/content/{id}/pagehierarchy/copy', () => {
  test('202 with a long task that reads running, then finished with the new root; the subtree is copied', async () => {
    const root = await page('Tree root');
    const kid = await page('Tree kid', root.id);
    await page('Tree grandkid', kid.id);
    const started = await api.post<Task>(`/wiki/rest/api/content/${root.id}/pagehierarchy/copy`, {
      destinationPageId: eng.homepageId,
      titleOptions: { prefix: 'Copy of ' },
    });
    expect(started.status).toBe(202);
    expect(started.body.links.status).toBe(`/wiki/rest/api/longtask/${started.body.id}`);
    const first = await api.get<TaskStatus>(`/wiki/rest/api/longtask/${started.body.id}`);
    expect(first.body).toMatchObject({ finished: false, additionalDetails: { destinationId: null } });
    const done = await api.get<TaskStatus>(`/wiki/rest/api/longtask/${started.body.id}`);
    expect(done.body).toMatchObject({ finished: true, successful: true, percentageComplete: 100 });
    const newRoot = done.body.additionalDetails.destinationId ?? '';
    expect(await read(newRoot)).toMatchObject({ title: 'Copy of Tree root', parentId: eng.homepageId });
    const [newKid] = await childIds(newRoot);
    expect(await read(newKid ?? '')).toMatchObject({ title: 'Copy of Tree kid' });
    const [newGrandkid] = await childIds(newKid ?? '');
    expect(await read(newGrandkid ?? '')).toMatchObject({ title: 'Copy of Tree grandkid' });
  });

  test('copyDescendants false copies the page alone; clashing titles are a 400; a missing destination a 404', async () => {
    const root = await page('Solo root');
    await page('Solo kid', root.id);
    const clash = await api.post(`/wiki/rest/api/content/${root.id}/pagehierarchy/copy`, {
      destinationPageId: eng.homepageId,
    });
    expect(clash.status).toBe(400);
    const solo = await api.post<Task>(`/wiki/rest/api/content/${root.id}/pagehierarchy/copy`, {
      destinationPageId: hr.homepageId,
      copyDescendants: false,
    });
    await api.get(`/wiki/rest/api/longtask/${solo.body.id}`);
    const done = await api.get<TaskStatus>(`/wiki/rest/api/longtask/${solo.body.id}`);
    expect(await childIds(done.body.additionalDetails.destinationId ?? '')).toEqual([]);
    const missing = await api.post(`/wiki/rest/api/content/${root.id}/pagehierarchy/copy`, {
      destinationPageId: '999999',
    });
    expect(missing.status).toBe(404);
  });
});
