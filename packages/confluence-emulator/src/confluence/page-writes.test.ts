import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { Emulator } from '../emulator.js';
import { startEmulator } from '../emulator.js';
import type { ConfluenceApi } from '../test-support/api.js';
import { apiFor, request } from '../test-support/api.js';
import type { PageJson, SearchJson, SpaceJson, V2Error, V2List } from '../test-support/shapes.js';

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
  const spaces = await api.get<V2List<SpaceJson>>('/wiki/api/v2/spaces?keys=ENG');
  eng = spaces.body.results[0] ?? eng;
});

const storage = (value: string) => ({ representation: 'storage', value });

function create(body: Record<string, unknown>, query = '') {
  return api.post<PageJson & V2Error>(`/wiki/api/v2/pages${query}`, body);
}

describe('POST /wiki/api/v2/pages', () => {
  test('answers 200 with the page, placed under the space homepage by default', async () => {
    const res = await create({
      spaceId: eng.id,
      status: 'current',
      title: 'Q3 Planning',
      body: storage('<p>Goals</p>'),
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      title: 'Q3 Planning',
      status: 'current',
      spaceId: eng.id,
      parentId: eng.homepageId,
      parentType: 'page',
      authorId: 'acc-ada',
      version: { number: 1, message: '' },
      body: { storage: { representation: 'storage', value: '<p>Goals</p>' } },
    });
    expect(res.body.id).toMatch(/^\d+$/);
    expect(res.body._links.webui).toBe(`/spaces/ENG/pages/${res.body.id}/Q3+Planning`);
    const fetched = await api.get<PageJson>(`/wiki/api/v2/pages/${res.body.id}?body-format=storage`);
    expect(fetched.body.body?.storage?.value).toBe('<p>Goals</p>');
  });

  test('root-level=true puts it at the top; parentId puts it under that page', async () => {
    const root = await create({ spaceId: eng.id, title: 'Top level', body: storage('') }, '?root-level=true');
    expect(root.body.parentId).toBeNull();
    const child = await create({
      spaceId: eng.id,
      title: 'Child',
      parentId: root.body.id,
      body: storage('<p>x</p>'),
    });
    expect(child.body.parentId).toBe(root.body.id);
    const both = await create(
      { spaceId: eng.id, title: 'Both', parentId: root.body.id, body: storage('') },
      '?root-level=true',
    );
    expect(both.status).toBe(400);
  });

  test('a duplicate title in the space is a 400 like Atlassian’s', async () => {
    const res = await create({ spaceId: eng.id, title: 'System Overview', body: storage('<p>again</p>') });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ status: 400, code: 'BAD_REQUEST', detail: null });
    expect(res.body.errors[0]?.title).toContain('A page with this title already exists');
    const draft = await create({
      spaceId: eng.id,
      status: 'draft',
      title: 'System Overview',
      body: storage(''),
    });
    expect(draft.status).toBe(200);
  });

  test('validation: missing spaceId or title 400, unknown space 404, unknown parent 400', async () => {
    expect((await create({ title: 'No space', body: storage('') })).status).toBe(400);
    expect((await create({ spaceId: eng.id, body: storage('') })).status).toBe(400);
    expect((await create({ spaceId: '9999999', title: 'x', body: storage('') })).status).toBe(404);
    expect((await create({ spaceId: eng.id, title: 'x', parentId: '1', body: storage('') })).status).toBe(
      400,
    );
    const notJson = await request(`${api.base}/wiki/api/v2/pages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json' },
      body: '{"spaceId":',
    });
    expect(notJson.status).toBe(400);
  });

  test('a request over 5 MB is a 413', async () => {
    const big = 'x'.repeat(5 * 1024 * 1024 + 10);
    const res = await create({ spaceId: eng.id, title: 'Huge', body: storage(`<p>${big}</p>`) });
    expect(res.status).toBe(413);
    expect(res.body.errors[0]?.status).toBe(413);
  });

  test('an atlas_doc_format body comes back verbatim and reads as storage too', async () => {
    const adf = JSON.stringify({
      type: 'doc',
      version: 1,
      content: [
        { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Plan' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'Ship it', marks: [{ type: 'strong' }] }] },
      ],
    });
    const res = await create({
      spaceId: eng.id,
      title: 'ADF page',
      body: { representation: 'atlas_doc_format', value: adf },
    });
    expect(res.status).toBe(200);
    expect(res.body.body?.atlas_doc_format?.value).toBe(adf);
    const asStorage = await api.get<PageJson>(`/wiki/api/v2/pages/${res.body.id}?body-format=storage`);
    expect(asStorage.body.body?.storage?.value).toBe('<h2>Plan</h2><p><strong>Ship it</strong></p>');
    const bad = await create({
      spaceId: eng.id,
      title: 'Bad ADF',
      body: { representation: 'atlas_doc_format', value: '{oops' },
    });
    expect(bad.status).toBe(400);
  });

  test('a new page is searchable at once', async () => {
    await create({
      spaceId: eng.id,
      title: 'Kubernetes upgrade plan',
      body: storage('<p>Upgrade the zebrafish cluster.</p>'),
    });
    const res = await api.get<SearchJson>(
      `/wiki/rest/api/search?cql=${encodeURIComponent('text ~ zebrafish')}`,
    );
    expect(res.body.results.map((r) => r.content.title)).toEqual(['Kubernetes upgrade plan']);
  });
});

describe('PUT /wiki/api/v2/pages/{id}', () => {
  async function existing(): Promise<PageJson> {
    const res = await create({ spaceId: eng.id, title: 'Living doc', body: storage('<p>v1</p>') });
    return res.body;
  }

  const update = (page: PageJson, patch: Record<string, unknown>) =>
    api.put<PageJson & V2Error>(`/wiki/api/v2/pages/${page.id}`, {
      id: page.id,
      status: 'current',
      title: page.title,
      body: storage('<p>v2</p>'),
      version: { number: 2 },
      ...patch,
    });

  test('increments the version, keeps the message, changes title and body', async () => {
    const page = await existing();
    const res = await update(page, { title: 'Living document', version: { number: 2, message: 'Renamed' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ title: 'Living document', version: { number: 2, message: 'Renamed' } });
    const fetched = await api.get<PageJson>(`/wiki/api/v2/pages/${page.id}?body-format=storage`);
    expect(fetched.body.body?.storage?.value).toBe('<p>v2</p>');
    expect(fetched.body._links.webui).toContain('/Living+document');
  });

  test('status "draft" requires version number 1 (PageUpdateRequest) and saves the draft in place', async () => {
    const draft = (
      await create({ spaceId: eng.id, status: 'draft', title: 'Plan', body: storage('<p>a</p>') })
    ).body;
    const plusOne = await update(draft, { status: 'draft', version: { number: 2 } });
    expect(plusOne.status).toBe(400);
    expect(plusOne.body.errors[0]?.title).toMatch(/version number 1/);
    const saved = await update(draft, { status: 'draft', body: storage('<p>b</p>'), version: { number: 1 } });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ status: 'draft', version: { number: 1 } });
    const read = await api.get<PageJson>(`/wiki/api/v2/pages/${draft.id}?get-draft=true&body-format=storage`);
    expect(read.body).toMatchObject({ version: { number: 1 }, body: { storage: { value: '<p>b</p>' } } });
    // Publishing is current + 1; a draft of a published page is not modelled, so it is refused.
    expect((await update(draft, { version: { number: 2 } })).body).toMatchObject({ status: 'current' });
    const again = await update(draft, { status: 'draft', version: { number: 1 } });
    expect(again.status).toBe(400);
    expect(again.body.errors[0]?.title).toMatch(/does not model drafts of published pages/);
  });

  test('a stale or repeated version number is a 409 naming both numbers', async () => {
    const page = await existing();
    expect((await update(page, {})).status).toBe(200);
    const stale = await update(page, { version: { number: 2 } });
    expect(stale.status).toBe(409);
    expect(stale.body).toEqual({
      errors: [
        {
          status: 409,
          code: 'CONFLICT',
          title:
            'Version must be incremented when updating a page. Current Version: [2]. Provided version: [2]',
          detail: null,
        },
      ],
    });
    expect((await update(page, { version: { number: 5 } })).status).toBe(409);
  });

  test.each(['id', 'status', 'title', 'body', 'version'])(
    'without %s it is a 400 INVALID_REQUEST_PARAMETER',
    async (field) => {
      const page = await existing();
      const body: Record<string, unknown> = {
        id: page.id,
        status: 'current',
        title: page.title,
        body: storage('<p>v2</p>'),
        version: { number: 2 },
      };
      Reflect.deleteProperty(body, field);
      const res = await api.put<V2Error>(`/wiki/api/v2/pages/${page.id}`, body);
      expect(res.status).toBe(400);
      expect(res.body.errors[0]?.code).toBe('INVALID_REQUEST_PARAMETER');
    },
  );

  test('an empty body is allowed; a missing page is a 404; a taken title a 400', async () => {
    const page = await existing();
    const empty = await update(page, { body: storage('') });
    expect(empty.status).toBe(200);
    expect(empty.body.body?.storage?.value).toBe('');
    const ghost = await api.put(`/wiki/api/v2/pages/999999`, {
      ...page,
      id: '999999',
      body: storage(''),
      version: { number: 2 },
    });
    expect(ghost.status).toBe(404);
    const taken = await update(page, { title: 'System Overview', version: { number: 3 } });
    expect(taken.status).toBe(400);
  });

  test('moves a page under another parent in the same space, never below itself', async () => {
    const page = await existing();
    const child = await create({ spaceId: eng.id, title: 'Sub', parentId: page.id, body: storage('') });
    const moved = await update(page, { parentId: child.body.id });
    expect(moved.status).toBe(400);
    const ok = await update(page, { parentId: eng.homepageId });
    expect(ok.body.parentId).toBe(eng.homepageId);
  });
});
