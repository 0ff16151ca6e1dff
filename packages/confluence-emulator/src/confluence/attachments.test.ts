import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { Emulator } from '../emulator.js';
import { startEmulator } from '../emulator.js';
import type { ConfluenceApi, Res } from '../test-support/api.js';
import { apiFor, newEngPage, request } from '../test-support/api.js';
import { unknownFields, v2ResponseSchema } from '../test-support/openapi.js';
import type { PageJson, V2List } from '../test-support/shapes.js';

interface AttachmentJson {
  id: string;
  title: string;
  status: string;
  pageId: string;
  mediaType: string;
  fileSize: number;
  fileId: string;
  comment: string;
  downloadLink: string;
  version: { number: number; message: string; minorEdit: boolean; authorId: string };
  _links: { download: string; webui: string; base?: string };
}

interface Uploaded {
  results: { id: string; title: string; version: { number: number }; extensions: { fileSize: number } }[];
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
    scopes: [
      'read:page:confluence',
      'write:page:confluence',
      'read:space:confluence',
      'read:attachment:confluence',
      'write:attachment:confluence',
    ],
  });
  page = await newEngPage(api, 'With files');
});

type File = { name: string; data: Buffer | string; type?: string };

/** A multipart upload as a browser (or curl -F) sends it: built by fetch's own FormData. */
function upload(
  pageId: string,
  files: File[],
  fields: Record<string, string> = { minorEdit: 'false' },
  init: { method?: string; xsrf?: string | null; token?: string } = {},
): Promise<Res<Uploaded>> {
  const form = new FormData();
  for (const f of files) form.append('file', new Blob([f.data], { type: f.type ?? '' }), f.name);
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  const headers: Record<string, string> = { authorization: `Bearer ${init.token ?? api.token}` };
  if (init.xsrf !== null) headers['x-atlassian-token'] = init.xsrf ?? 'no-check';
  return request<Uploaded>(`${api.base}/wiki/rest/api/content/${pageId}/child/attachment`, {
    method: init.method ?? 'PUT',
    headers,
    body: form,
  });
}

function expectShape(schema: ReturnType<typeof v2ResponseSchema>, body: unknown): void {
  const ok = schema.validate(body);
  expect(ok ? null : schema.validate.errors, schema.ref).toBeNull();
  expect(unknownFields(schema.ref, body), `fields missing from ${schema.ref}`).toEqual([]);
}

describe('attachment uploads (v1 PUT/POST …/child/attachment, multipart)', () => {
  test('PUT adds a file; the same name again is its next version; POST refuses a name that exists', async () => {
    const first = await upload(page.id, [{ name: 'notes.txt', data: 'v1', type: 'text/plain' }], {
      minorEdit: 'true',
      comment: 'first',
    });
    expect(first.status).toBe(200);
    const stored = first.body.results[0];
    expect(stored).toMatchObject({ title: 'notes.txt', version: { number: 1 }, extensions: { fileSize: 2 } });
    expect(stored?.id).toMatch(/^att\d+$/);
    const second = await upload(page.id, [{ name: 'notes.txt', data: 'version two', type: 'text/plain' }]);
    expect(second.body.results[0]).toMatchObject({ id: stored?.id, version: { number: 2 } });
    const post = await upload(page.id, [{ name: 'notes.txt', data: 'x' }], undefined, { method: 'POST' });
    expect(post.status).toBe(400);
    expect(
      (await upload(page.id, [{ name: 'other.txt', data: 'x' }], undefined, { method: 'POST' })).status,
    ).toBe(200);
  });

  test('refusals: 403 without X-Atlassian-Token, 400 without a file or minorEdit, 404 for no page, 413 over 10 MB', async () => {
    const file = [{ name: 'a.txt', data: 'a' }];
    expect((await upload(page.id, file, undefined, { xsrf: null })).status).toBe(403);
    expect((await upload(page.id, [], { minorEdit: 'false', comment: 'no file' })).status).toBe(400);
    expect((await upload(page.id, file, {})).status).toBe(400);
    const missing = await upload('999999999', file);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ statusCode: 404, message: 'No content found with id: 999999999' });
    const huge = await upload(page.id, [{ name: 'big.bin', data: Buffer.alloc(10 * 1024 * 1024 + 1) }]);
    expect(huge.status).toBe(413);
    // Nothing of the refused uploads was stored.
    const list = await api.get<V2List<AttachmentJson>>(`/wiki/api/v2/pages/${page.id}/attachments`);
    expect(list.body.results).toEqual([]);
  });

  test('needs write:attachment:confluence (or the classic write:confluence-file)', async () => {
    const reader = await apiFor(emu, { scopes: ['read:page:confluence', 'read:attachment:confluence'] });
    const refused = await upload(page.id, [{ name: 'a.txt', data: 'a' }], undefined, { token: reader.token });
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ message: 'Unauthorized; scope does not match' });
  });
});

describe('attachment reads (v2)', () => {
  test('GET /pages/{id}/attachments: filters, cursor paging, the spec shape', async () => {
    for (const name of ['a.txt', 'b.csv', 'c.png']) {
      const type = name.endsWith('.png') ? 'image/png' : name.endsWith('.csv') ? 'text/csv' : 'text/plain';
      await upload(page.id, [{ name, data: `data of ${name}`, type }]);
    }
    const all = await api.all<AttachmentJson>(`/wiki/api/v2/pages/${page.id}/attachments?limit=2`);
    expect(all.pages).toHaveLength(2);
    expect(all.results.map((a) => a.title)).toEqual(['a.txt', 'b.csv', 'c.png']);
    expect(all.results[2]).toMatchObject({
      mediaType: 'image/png',
      pageId: page.id,
      fileSize: 13,
      status: 'current',
    });
    const schema = v2ResponseSchema('/pages/{id}/attachments', 'get', '200');
    for (const res of all.pages) expectShape(schema, res.body);
    const csv = await api.get<V2List<AttachmentJson>>(
      `/wiki/api/v2/pages/${page.id}/attachments?filename=b.csv`,
    );
    expect(csv.body.results.map((a) => a.title)).toEqual(['b.csv']);
    const png = await api.get<V2List<AttachmentJson>>(
      `/wiki/api/v2/pages/${page.id}/attachments?mediaType=${encodeURIComponent('image/png')}`,
    );
    expect(png.body.results.map((a) => a.title)).toEqual(['c.png']);
    expect((await api.get('/wiki/api/v2/pages/999999999/attachments')).status).toBe(404);
    expect((await api.get(`/wiki/api/v2/pages/${page.id}/attachments?limit=251`)).status).toBe(400);
  });

  test('GET /attachments/{id}: by att-id or digits, a past version, 404 when absent, the spec shape', async () => {
    const id =
      (
        await upload(page.id, [{ name: 'n.txt', data: 'one', type: 'text/plain' }], {
          minorEdit: 'false',
          comment: 'c1',
        })
      ).body.results[0]?.id ?? '';
    await upload(page.id, [{ name: 'n.txt', data: 'second', type: 'text/plain' }], {
      minorEdit: 'false',
      comment: 'c2',
    });
    const current = await api.get<AttachmentJson>(`/wiki/api/v2/attachments/${id}?include-versions=true`);
    expect(current.status).toBe(200);
    expect(current.body).toMatchObject({
      id,
      fileSize: 6,
      comment: 'c2',
      version: { number: 2, message: 'c2' },
    });
    expect(current.body._links.base).toMatch(/\/wiki$/);
    expectShape(v2ResponseSchema('/attachments/{id}', 'get', '200'), current.body);
    const old = await api.get<AttachmentJson>(`/wiki/api/v2/attachments/${id.slice(3)}?version=1`);
    expect(old.body).toMatchObject({ id, fileSize: 3, comment: 'c1', version: { number: 1 } });
    expect(old.body.fileId).not.toBe(current.body.fileId);
    expect((await api.get(`/wiki/api/v2/attachments/${id}?version=3`)).status).toBe(404);
    expect((await api.get('/wiki/api/v2/attachments/att999999999')).status).toBe(404);
    expect((await api.get('/wiki/api/v2/attachments/nope')).status).toBe(400);
  });
});

describe('attachment downloads (v1 …/download → media store)', () => {
  test('302 to a media URL with its own token; the bytes come without the bearer token', async () => {
    const bytes = Buffer.from([0, 1, 2, 250, 255, 10, 13]);
    const id = (await upload(page.id, [{ name: 'blob.bin', data: bytes, type: 'application/octet-stream' }]))
      .body.results[0]?.id;
    await upload(page.id, [{ name: 'blob.bin', data: 'newer', type: 'application/octet-stream' }]);
    const redirect = await api.get(
      `/wiki/rest/api/content/${page.id}/child/attachment/${id}/download?version=1`,
    );
    expect(redirect.status).toBe(302);
    const location = redirect.headers.get('location') ?? '';
    expect(location).toMatch(/\/media\/file\/[0-9a-f-]+\/binary\?token=/);
    const media = await fetch(location);
    expect(media.status).toBe(200);
    expect(Buffer.from(await media.arrayBuffer())).toEqual(bytes);
    expect(media.headers.get('content-length')).toBe(String(bytes.length));
    const latest = await api.get(`/wiki/rest/api/content/${page.id}/child/attachment/${id}/download`);
    expect(await (await fetch(latest.headers.get('location') ?? '')).text()).toBe('newer');
    // A tampered or missing token is refused.
    expect((await fetch(location.replace(/token=[^&]+/, 'token=1.abc'))).status).toBe(401);
    expect((await fetch(location.replace(/token=[^&]+&/, ''))).status).toBe(401);
  });

  test('404 for another page or an unknown attachment, 400 for a version it does not have', async () => {
    const id = (await upload(page.id, [{ name: 'x.txt', data: 'x' }])).body.results[0]?.id;
    const other = await newEngPage(api, 'No files');
    const path = (pageId: string, att = id ?? '') =>
      `/wiki/rest/api/content/${pageId}/child/attachment/${att}/download`;
    expect((await api.get(path(other.id))).status).toBe(404);
    expect((await api.get(path(page.id, 'att999999999'))).status).toBe(404);
    expect((await api.get(path('999999999'))).status).toBe(404);
    expect((await api.get(`${path(page.id)}?version=9`)).status).toBe(400);
    expect((await api.get(`${path(page.id)}?version=x`)).status).toBe(400);
  });

  test('the media link expires (its max-age, 2940 s)', async () => {
    const id = (await upload(page.id, [{ name: 'x.txt', data: 'x' }])).body.results[0]?.id;
    const redirect = await api.get(`/wiki/rest/api/content/${page.id}/child/attachment/${id}/download`);
    const location = redirect.headers.get('location') ?? '';
    expect((await fetch(location)).status).toBe(200);
    await emu.control.advanceClock(2941 * 1000);
    expect((await fetch(location)).status).toBe(401);
  });
});
