import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Emulator } from '../emulator.js';
import { startEmulator } from '../emulator.js';
import { SANDBOX_CLOUD_ID } from '../identities.js';
import type { ConfluenceApi } from '../test-support/api.js';
import { apiFor } from '../test-support/api.js';
import type { SpaceJson, V2Error, V2List } from '../test-support/shapes.js';

let emu: Emulator;
let api: ConfluenceApi;
beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  api = await apiFor(emu);
});
afterAll(() => emu.close());

const keys = (list: V2List<SpaceJson>) => list.results.map((s) => s.key);

describe('GET /wiki/api/v2/spaces', () => {
  test('lists the seeded spaces with v2 fields and no description unless asked', async () => {
    const res = await api.get<V2List<SpaceJson>>('/wiki/api/v2/spaces');
    expect(res.status).toBe(200);
    expect(keys(res.body)).toEqual(['ENG', 'HR', '~acc-ada', 'OLD']);
    const eng = res.body.results[0];
    expect(eng).toMatchObject({
      key: 'ENG',
      name: 'Engineering',
      type: 'global',
      status: 'current',
      _links: { webui: '/spaces/ENG' },
    });
    expect(eng?.id).toMatch(/^\d+$/);
    expect(eng?.homepageId).toMatch(/^\d+$/);
    expect(eng).not.toHaveProperty('description');
    expect(res.body._links).toEqual({ base: 'https://acme.atlassian.net/wiki' });
    expect(res.headers.get('link')).toBeNull();
  });

  test('filters by keys, ids, type, status and labels', async () => {
    expect(keys((await api.get<V2List<SpaceJson>>('/wiki/api/v2/spaces?keys=HR,eng')).body)).toEqual([
      'ENG',
      'HR',
    ]);
    expect(keys((await api.get<V2List<SpaceJson>>('/wiki/api/v2/spaces?type=personal')).body)).toEqual([
      '~acc-ada',
    ]);
    expect(keys((await api.get<V2List<SpaceJson>>('/wiki/api/v2/spaces?status=archived')).body)).toEqual([
      'OLD',
    ]);
    expect(keys((await api.get<V2List<SpaceJson>>('/wiki/api/v2/spaces?labels=team')).body)).toEqual(['ENG']);
    const all = await api.get<V2List<SpaceJson>>('/wiki/api/v2/spaces');
    const hr = all.body.results.find((s) => s.key === 'HR');
    expect(keys((await api.get<V2List<SpaceJson>>(`/wiki/api/v2/spaces?ids=${hr?.id ?? ''}`)).body)).toEqual([
      'HR',
    ]);
  });

  test('sorts and renders descriptions on request', async () => {
    const byName = await api.get<V2List<SpaceJson>>(
      '/wiki/api/v2/spaces?sort=-name&description-format=plain',
    );
    expect(byName.body.results.map((s) => s.name)).toEqual([
      'People & HR',
      'Old Wiki (archived)',
      'Engineering',
      'Ada Admin',
    ]);
    expect(byName.body.results[2]?.description?.plain?.value).toContain('Architecture, runbooks');
    const view = await api.get<V2List<SpaceJson>>('/wiki/api/v2/spaces?keys=HR&description-format=view');
    expect(view.body.results[0]?.description?.view?.value).toBe(
      '<p>Policies, benefits and hiring at Acme.</p>',
    );
  });

  test('paginates with an opaque cursor, _links.next and a Link header, to the end', async () => {
    const { pages, results } = await api.all<SpaceJson>('/wiki/api/v2/spaces?limit=3');
    expect(pages).toHaveLength(2);
    expect(results.map((s) => s.key)).toEqual(['ENG', 'HR', '~acc-ada', 'OLD']);
    const first = pages[0];
    const next = (first?.body as V2List<SpaceJson> | undefined)?._links.next ?? '';
    expect(next).toMatch(/^\/wiki\/api\/v2\/spaces\?limit=3&cursor=[\w-]+$/);
    expect(first?.headers.get('link')).toBe(
      `<${next}>; rel="next", <https://acme.atlassian.net/wiki>; rel="base"`,
    );
    expect(pages[1]?.headers.get('link')).toBeNull();
  });

  test.each(['0', '251', 'ten', '-1'])('limit=%s is a 400', async (limit) => {
    const res = await api.get<V2Error>(`/wiki/api/v2/spaces?limit=${limit}`);
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({
      status: 400,
      code: 'INVALID_REQUEST_PARAMETER',
      detail: null,
    });
  });

  test('bad enum values and cursors are 400s', async () => {
    expect((await api.get('/wiki/api/v2/spaces?type=wiki')).status).toBe(400);
    expect((await api.get('/wiki/api/v2/spaces?sort=size')).status).toBe(400);
    expect((await api.get('/wiki/api/v2/spaces?cursor=garbage')).status).toBe(400);
  });

  test('the sandbox site has its own space', async () => {
    const sandbox = await apiFor(emu, { cloudIds: [SANDBOX_CLOUD_ID] });
    const res = await sandbox.get<V2List<SpaceJson>>('/wiki/api/v2/spaces');
    expect(keys(res.body)).toEqual(['SBX']);
    expect(res.body._links.base).toBe('https://acme-sandbox.atlassian.net/wiki');
  });
});

describe('GET /wiki/api/v2/spaces/{id}', () => {
  test('returns the space with _links.base, labels on request', async () => {
    const list = await api.get<V2List<SpaceJson>>('/wiki/api/v2/spaces?keys=ENG');
    const id = list.body.results[0]?.id ?? '';
    const res = await api.get<SpaceJson>(`/wiki/api/v2/spaces/${id}?include-labels=true`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id,
      key: 'ENG',
      _links: { webui: '/spaces/ENG', base: 'https://acme.atlassian.net/wiki' },
    });
    expect(res.body.labels?.results.map((l) => l.name)).toEqual(['engineering', 'team']);
  });

  test('404 for a missing space, 400 for a non-numeric id', async () => {
    const missing = await api.get<V2Error>('/wiki/api/v2/spaces/999999');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({
      errors: [{ status: 404, code: 'NOT_FOUND', title: 'Not Found', detail: null }],
    });
    expect((await api.get('/wiki/api/v2/spaces/ENG')).status).toBe(400);
  });
});
