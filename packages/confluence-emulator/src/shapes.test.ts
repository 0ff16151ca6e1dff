import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Emulator } from './emulator.js';
import { startEmulator } from './emulator.js';
import type { ConfluenceApi } from './test-support/api.js';
import { apiFor } from './test-support/api.js';
import { unknownFields, v1SearchSchema, v2ResponseSchema } from './test-support/openapi.js';
import type { CommentJson, PageJson, SpaceJson, V2List } from './test-support/shapes.js';

/** Real responses checked against the response schemas of the reference specs in `spec/`. */

let emu: Emulator;
let api: ConfluenceApi;
let eng: SpaceJson;
let overview: PageJson;
beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  api = await apiFor(emu);
  eng = (await api.get<V2List<SpaceJson>>('/wiki/api/v2/spaces?keys=ENG')).body.results[0] ?? eng;
  const pages = await api.get<V2List<PageJson>>(
    `/wiki/api/v2/spaces/${eng.id}/pages?title=System%20Overview`,
  );
  overview = pages.body.results[0] ?? overview;
});
afterAll(() => emu.close());

function expectShape(schema: ReturnType<typeof v2ResponseSchema>, body: unknown): void {
  const ok = schema.validate(body);
  expect(ok ? null : schema.validate.errors, schema.ref).toBeNull();
  expect(unknownFields(schema.ref, body), `fields missing from ${schema.ref}`).toEqual([]);
}

const storage = (value: string) => ({ representation: 'storage', value });

describe('responses match the v2 OpenAPI spec', () => {
  test('GET /spaces (with and without descriptions)', async () => {
    const schema = v2ResponseSchema('/spaces', 'get', '200');
    expectShape(schema, (await api.get('/wiki/api/v2/spaces?limit=2')).body);
    expectShape(schema, (await api.get('/wiki/api/v2/spaces?description-format=view')).body);
  });

  test('GET /spaces/{id}', async () => {
    expectShape(
      v2ResponseSchema('/spaces/{id}', 'get', '200'),
      (await api.get(`/wiki/api/v2/spaces/${eng.id}?include-labels=true&description-format=plain`)).body,
    );
  });

  test('GET /spaces/{id}/pages (root page included, with bodies)', async () => {
    const schema = v2ResponseSchema('/spaces/{id}/pages', 'get', '200');
    expectShape(schema, (await api.get(`/wiki/api/v2/spaces/${eng.id}/pages`)).body);
    expectShape(
      schema,
      (await api.get(`/wiki/api/v2/spaces/${eng.id}/pages?body-format=atlas_doc_format&depth=root`)).body,
    );
  });

  test('GET /pages/{id} in every body format and with the include-* fields', async () => {
    const schema = v2ResponseSchema('/pages/{id}', 'get', '200');
    for (const format of ['storage', 'atlas_doc_format', 'view']) {
      expectShape(schema, (await api.get(`/wiki/api/v2/pages/${overview.id}?body-format=${format}`)).body);
    }
    const all =
      'include-labels=true&include-versions=true&include-likes=true&include-properties=true&include-operations=true';
    expectShape(schema, (await api.get(`/wiki/api/v2/pages/${overview.id}?${all}`)).body);
    expectShape(schema, (await api.get(`/wiki/api/v2/pages/${eng.homepageId}`)).body);
  });

  test('POST /pages and PUT /pages/{id}', async () => {
    const created = await api.post<PageJson>('/wiki/api/v2/pages', {
      spaceId: eng.id,
      status: 'current',
      title: 'Shape check',
      body: storage('<p>a</p>'),
    });
    expect(created.status).toBe(200);
    expectShape(v2ResponseSchema('/pages', 'post', '200'), created.body);
    const updated = await api.put(`/wiki/api/v2/pages/${created.body.id}`, {
      id: created.body.id,
      status: 'current',
      title: 'Shape check',
      body: storage('<p>b</p>'),
      version: { number: 2, message: 'b' },
    });
    expect(updated.status).toBe(200);
    expectShape(v2ResponseSchema('/pages/{id}', 'put', '200'), updated.body);
  });

  test('footer comments: POST, GET by page, GET by id, children', async () => {
    const created = await api.post<CommentJson>('/wiki/api/v2/footer-comments', {
      pageId: overview.id,
      body: storage('<p>c</p>'),
    });
    expect(created.status).toBe(201);
    expectShape(v2ResponseSchema('/footer-comments', 'post', '201'), created.body);
    const reply = await api.post<CommentJson>('/wiki/api/v2/footer-comments', {
      parentCommentId: created.body.id,
      body: storage('<p>r</p>'),
    });
    expectShape(v2ResponseSchema('/footer-comments', 'post', '201'), reply.body);
    expectShape(
      v2ResponseSchema('/pages/{id}/footer-comments', 'get', '200'),
      (await api.get(`/wiki/api/v2/pages/${overview.id}/footer-comments?body-format=storage`)).body,
    );
    expectShape(
      v2ResponseSchema('/footer-comments/{comment-id}', 'get', '200'),
      (await api.get(`/wiki/api/v2/footer-comments/${reply.body.id}?body-format=storage`)).body,
    );
    expectShape(
      v2ResponseSchema('/footer-comments/{id}/children', 'get', '200'),
      (await api.get(`/wiki/api/v2/footer-comments/${created.body.id}/children`)).body,
    );
  });
});

describe('responses match the v1 OpenAPI spec', () => {
  test('GET /wiki/rest/api/search, plain and expanded, pages and comments', async () => {
    const schema = v1SearchSchema();
    const cql = encodeURIComponent('space = ENG AND text ~ "retry"');
    expectShape(schema, (await api.get(`/wiki/rest/api/search?cql=${cql}&limit=5`)).body);
    expectShape(
      schema,
      (
        await api.get(
          `/wiki/rest/api/search?cql=${cql}&expand=content.space,content.version,content.body.storage,content.ancestors`,
        )
      ).body,
    );
    expectShape(
      schema,
      (
        await api.get(
          `/wiki/rest/api/search?cql=${encodeURIComponent('type = comment')}&expand=content.version`,
        )
      ).body,
    );
  });
});

describe('the shape checks themselves', () => {
  test('reject a wrong type, a bad enum and an unknown field', async () => {
    const schema = v2ResponseSchema('/pages/{id}', 'get', '200');
    const page = (await api.get<PageJson>(`/wiki/api/v2/pages/${overview.id}`)).body;
    expect(schema.validate(page)).toBe(true);
    expect(schema.validate({ ...page, position: 'first' })).toBe(false);
    expect(schema.validate({ ...page, status: 'published' })).toBe(false);
    expect(schema.validate({ ...page, version: { ...page.version, number: '3' } })).toBe(false);
    const typos = unknownFields(schema.ref, {
      ...page,
      titel: 'typo',
      _links: { ...page._links, weburl: 'x' },
    });
    expect(typos.sort()).toEqual(['_links.weburl', 'titel']);
  });
});
