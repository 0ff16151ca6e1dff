import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { Emulator } from '../emulator.js';
import { startEmulator } from '../emulator.js';
import type { ConfluenceApi } from '../test-support/api.js';
import { apiFor } from '../test-support/api.js';
import type { CommentJson, PageJson, SpaceJson, V2Error, V2List } from '../test-support/shapes.js';

let emu: Emulator;
let ada: ConfluenceApi;
let bob: ConfluenceApi;
let overview: PageJson;
beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
});
afterAll(() => emu.close());
beforeEach(async () => {
  await emu.control.reset();
  ada = await apiFor(emu);
  bob = await apiFor(emu, { accountId: 'acc-bob' });
  const spaces = await ada.get<V2List<SpaceJson>>('/wiki/api/v2/spaces?keys=ENG');
  const pages = await ada.get<V2List<PageJson>>(
    `/wiki/api/v2/spaces/${spaces.body.results[0]?.id ?? ''}/pages?title=System%20Overview`,
  );
  overview = pages.body.results[0] ?? overview;
});

const body = (value: string) => ({ representation: 'storage', value });

describe('footer comments', () => {
  test('a page’s top-level comments, with bodies on request', async () => {
    const res = await ada.get<V2List<CommentJson>>(
      `/wiki/api/v2/pages/${overview.id}/footer-comments?body-format=storage`,
    );
    expect(res.status).toBe(200);
    expect(res.body.results).toHaveLength(1);
    const comment = res.body.results[0];
    expect(comment).toMatchObject({
      status: 'current',
      title: 'Re: System Overview',
      pageId: overview.id,
      version: { number: 1, authorId: 'acc-ada' },
    });
    expect(comment?.body?.storage?.value).toContain('retry policy');
    expect(comment).not.toHaveProperty('parentCommentId');
    expect(comment?._links.webui).toBe(
      `/spaces/ENG/pages/${overview.id}/System+Overview?focusedCommentId=${comment?.id ?? ''}#comment-${comment?.id ?? ''}`,
    );
  });

  test('replies are listed under /children', async () => {
    const top = await ada.get<V2List<CommentJson>>(`/wiki/api/v2/pages/${overview.id}/footer-comments`);
    const id = top.body.results[0]?.id ?? '';
    const children = await ada.get<V2List<CommentJson>>(
      `/wiki/api/v2/footer-comments/${id}/children?body-format=storage`,
    );
    expect(children.body.results).toHaveLength(1);
    expect(children.body.results[0]).toMatchObject({ parentCommentId: id, version: { authorId: 'acc-bob' } });
    expect(children.body.results[0]).not.toHaveProperty('pageId');
  });

  test('POST answers 201 with the comment and a Location; replies use parentCommentId', async () => {
    const created = await bob.post<CommentJson>('/wiki/api/v2/footer-comments', {
      pageId: overview.id,
      body: body('<p>Looks good to me.</p>'),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      title: 'Re: System Overview',
      pageId: overview.id,
      version: { number: 1, authorId: 'acc-bob' },
      body: { storage: { value: '<p>Looks good to me.</p>' } },
      _links: { base: 'https://acme.atlassian.net/wiki' },
    });
    expect(created.headers.get('location')).toBe(
      `https://acme.atlassian.net/wiki/api/v2/footer-comments/${created.body.id}`,
    );

    const reply = await ada.post<CommentJson>('/wiki/api/v2/footer-comments', {
      parentCommentId: created.body.id,
      body: body('<p>Thanks!</p>'),
    });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ parentCommentId: created.body.id, pageId: overview.id });

    const fetched = await ada.get<CommentJson>(
      `/wiki/api/v2/footer-comments/${reply.body.id}?body-format=storage`,
    );
    expect(fetched.body.body?.storage?.value).toBe('<p>Thanks!</p>');
    const listed = await ada.get<V2List<CommentJson>>(`/wiki/api/v2/pages/${overview.id}/footer-comments`);
    expect(listed.body.results.map((c) => c.id)).toEqual([expect.any(String), created.body.id]);
  });

  test('pageId and parentCommentId together, or neither, are 400s; unknown targets 404', async () => {
    const top = await ada.get<V2List<CommentJson>>(`/wiki/api/v2/pages/${overview.id}/footer-comments`);
    const both = await ada.post<V2Error>('/wiki/api/v2/footer-comments', {
      pageId: overview.id,
      parentCommentId: top.body.results[0]?.id,
      body: body('<p>x</p>'),
    });
    expect(both.status).toBe(400);
    expect(both.body.errors[0]?.code).toBe('INVALID_REQUEST_PARAMETER');
    expect((await ada.post('/wiki/api/v2/footer-comments', { body: body('<p>x</p>') })).status).toBe(400);
    expect(
      (await ada.post('/wiki/api/v2/footer-comments', { pageId: '999999', body: body('<p>x</p>') })).status,
    ).toBe(404);
    expect(
      (await ada.post('/wiki/api/v2/footer-comments', { parentCommentId: '999999', body: body('<p>x</p>') }))
        .status,
    ).toBe(404);
    expect((await ada.post('/wiki/api/v2/footer-comments', { pageId: overview.id })).status).toBe(400);
  });

  test('404s for missing pages and comments', async () => {
    expect((await ada.get('/wiki/api/v2/pages/999999/footer-comments')).status).toBe(404);
    expect((await ada.get('/wiki/api/v2/footer-comments/999999')).status).toBe(404);
    expect((await ada.get('/wiki/api/v2/footer-comments/999999/children')).status).toBe(404);
  });

  test('comment lists paginate', async () => {
    for (let i = 0; i < 4; i++) {
      await ada.post('/wiki/api/v2/footer-comments', {
        pageId: overview.id,
        body: body(`<p>Comment ${i}</p>`),
      });
    }
    const { pages, results } = await ada.all<CommentJson>(
      `/wiki/api/v2/pages/${overview.id}/footer-comments?limit=2`,
    );
    expect(pages).toHaveLength(3);
    expect(results).toHaveLength(5);
  });
});
