import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { Emulator } from '../emulator.js';
import { startEmulator } from '../emulator.js';
import type { ConfluenceApi } from '../test-support/api.js';
import { apiFor, request } from '../test-support/api.js';
import { unknownFields, v2ResponseSchema } from '../test-support/openapi.js';
import type { PageJson, SpaceJson, V2Error, V2List } from '../test-support/shapes.js';
import { findSelections, markSelection } from './text-selection.js';
import { adfToStorage, parseAdf } from '../storage/from-adf.js';
import { storageToAdf } from '../storage/to-adf.js';
import { storageToView } from '../storage/view.js';

interface InlineJson {
  id: string;
  status: string;
  title: string;
  pageId?: string;
  parentCommentId?: string;
  resolutionStatus: string;
  resolutionLastModifierId?: string;
  properties: { inlineMarkerRef: string; inlineOriginalSelection: string };
  version: { number: number; authorId: string };
  body?: { storage?: { value: string } };
  _links: { webui: string; base?: string };
}

let emu: Emulator;
let ada: ConfluenceApi;
let bob: ConfluenceApi;
let space: SpaceJson;
beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
});
afterAll(() => emu.close());
beforeEach(async () => {
  await emu.control.reset();
  ada = await apiFor(emu);
  bob = await apiFor(emu, { accountId: 'acc-bob' });
  space = (await ada.get<V2List<SpaceJson>>('/wiki/api/v2/spaces?keys=ENG')).body.results[0] ?? space;
});

const storage = (value: string) => ({ representation: 'storage', value });

async function pageWith(value: string, title = 'Inline target'): Promise<PageJson> {
  const res = await ada.post<PageJson>('/wiki/api/v2/pages', {
    spaceId: space.id,
    title,
    body: storage(value),
  });
  expect(res.status).toBe(200);
  return res.body;
}

async function pageStorage(id: string): Promise<{ value: string; version: number }> {
  const res = await ada.get<PageJson>(`/wiki/api/v2/pages/${id}?body-format=storage`);
  return { value: res.body.body?.storage?.value ?? '', version: res.body.version?.number ?? 0 };
}

function inline(pageId: string, textSelection: string, count = 1, index = 0, value = '<p>Why?</p>') {
  return {
    pageId,
    body: storage(value),
    inlineCommentProperties: {
      textSelection,
      textSelectionMatchCount: count,
      textSelectionMatchIndex: index,
    },
  };
}

function expectShape(path: string, method: string, status: string, body: unknown): void {
  const schema = v2ResponseSchema(path, method, status);
  expect(schema.validate(body) ? null : schema.validate.errors, schema.ref).toBeNull();
  expect(unknownFields(schema.ref, body)).toEqual([]);
}

describe('text selections', () => {
  test('matched as read: across inline markup, entities decoded, never in macro parameters or CDATA', () => {
    const source =
      '<p>the <strong>quick</strong> fox &amp; friends</p><ac:structured-macro ac:name="code">' +
      '<ac:parameter ac:name="title">quick fox</ac:parameter><ac:plain-text-body><![CDATA[quick fox]]>' +
      '</ac:plain-text-body></ac:structured-macro><h2>quick fox</h2>';
    const matches = findSelections(source, 'quick fox');
    expect(matches).toHaveLength(2);
    const marked = markSelection(source, matches[0] ?? [], 'r1');
    expect(
      marked.startsWith(
        '<p>the <strong><ac:inline-comment-marker ac:ref="r1">quick</ac:inline-comment-marker></strong>' +
          '<ac:inline-comment-marker ac:ref="r1"> fox</ac:inline-comment-marker> &amp; friends</p>',
      ),
    ).toBe(true);
    expect(findSelections(source, 'fox & friends')).toHaveLength(1);
    const amp = markSelection(source, findSelections(source, '& friends')[0] ?? [], 'r2');
    expect(amp).toContain('<ac:inline-comment-marker ac:ref="r2">&amp; friends</ac:inline-comment-marker>');
    // The second match is the heading, not anything in the macro.
    expect(markSelection(source, matches[1] ?? [], 'r3')).toContain(
      '<h2><ac:inline-comment-marker ac:ref="r3">quick fox</ac:inline-comment-marker></h2>',
    );
    expect(findSelections('<p>a</p><p>b</p>', 'ab')).toEqual([]);
  });
});

describe('a marked page in the other formats', () => {
  test('ADF carries the highlight as an annotation mark (and converts back); view as a marker span', () => {
    const marked =
      '<p>Never on <ac:inline-comment-marker ac:ref="r-1">Friday</ac:inline-comment-marker>.</p>';
    const adf = storageToAdf(marked, () => undefined);
    expect(JSON.parse(adf)).toMatchObject({
      content: [
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'Never on ' },
            {
              type: 'text',
              text: 'Friday',
              marks: [{ type: 'annotation', attrs: { annotationType: 'inlineComment', id: 'r-1' } }],
            },
            { type: 'text', text: '.' },
          ],
        },
      ],
    });
    const doc = parseAdf(adf);
    expect(doc === null ? null : adfToStorage(doc)).toBe(marked);
    const view = storageToView(marked, {
      pageHref: () => undefined,
      userName: () => undefined,
      jiraBrowseUrl: '',
    });
    expect(view).toBe('<p>Never on <span class="inline-comment-marker" data-ref="r-1">Friday</span>.</p>');
  });
});

describe('POST /inline-comments', () => {
  test('201 with the comment; the page storage is marked where the selection is, no new page version', async () => {
    const page = await pageWith('<p>Deploys go out on <em>Tuesday</em> and Tuesday only.</p>');
    const res = await bob.post<InlineJson>('/wiki/api/v2/inline-comments', inline(page.id, 'Tuesday', 2, 1));
    expect(res.status).toBe(201);
    expectShape('/inline-comments', 'post', '201', res.body);
    expect(res.body).toMatchObject({
      pageId: page.id,
      title: 'Re: Inline target',
      resolutionStatus: 'open',
      version: { number: 1, authorId: 'acc-bob' },
      properties: { inlineOriginalSelection: 'Tuesday' },
      _links: { base: 'https://acme.atlassian.net/wiki' },
    });
    expect(res.headers.get('location')).toBe(
      `https://acme.atlassian.net/wiki/api/v2/inline-comments/${res.body.id}`,
    );
    const ref = res.body.properties.inlineMarkerRef;
    const after = await pageStorage(page.id);
    expect(after.version).toBe(1);
    expect(after.value).toBe(
      `<p>Deploys go out on <em>Tuesday</em> and <ac:inline-comment-marker ac:ref="${ref}">Tuesday</ac:inline-comment-marker> only.</p>`,
    );
  });

  test('400 for a selection not on the page, a wrong match count, an index out of range, no properties', async () => {
    const page = await pageWith('<p>alpha beta alpha</p>');
    const post = (body: unknown) => ada.post<V2Error>('/wiki/api/v2/inline-comments', body);
    const missing = await post(inline(page.id, 'gamma'));
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0]?.title).toMatch(/Cannot find the text selection/);
    const count = await post(inline(page.id, 'alpha', 1, 0));
    expect(count.status).toBe(400);
    expect(count.body.errors[0]?.title).toMatch(/textSelectionMatchCount \(1\).*2 occurrence/);
    expect((await post(inline(page.id, 'alpha', 2, 2))).status).toBe(400);
    expect((await post({ pageId: page.id, body: storage('<p>x</p>') })).status).toBe(400);
    expect((await post({ ...inline(page.id, 'alpha', 2, 0), parentCommentId: '1' })).status).toBe(400);
    // Nothing was marked by any of these.
    expect((await pageStorage(page.id)).value).toBe('<p>alpha beta alpha</p>');
    expect((await post(inline('999999', 'alpha'))).status).toBe(404);
  });

  test('replies use parentCommentId, share the thread anchor and list under /children', async () => {
    const page = await pageWith('<p>one two three</p>');
    const top = await ada.post<InlineJson>('/wiki/api/v2/inline-comments', inline(page.id, 'two'));
    const reply = await bob.post<InlineJson>('/wiki/api/v2/inline-comments', {
      parentCommentId: top.body.id,
      body: storage('<p>Because.</p>'),
    });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ parentCommentId: top.body.id, pageId: page.id });
    const children = await ada.get<V2List<InlineJson>>(
      `/wiki/api/v2/inline-comments/${top.body.id}/children?body-format=storage`,
    );
    expectShape('/inline-comments/{id}/children', 'get', '200', children.body);
    expect(children.body.results.map((c) => c.id)).toEqual([reply.body.id]);
    expect(children.body.results[0]?.body?.storage?.value).toBe('<p>Because.</p>');
    const listed = await ada.get<V2List<InlineJson>>(`/wiki/api/v2/pages/${page.id}/inline-comments`);
    expectShape('/pages/{id}/inline-comments', 'get', '200', listed.body);
    expect(listed.body.results.map((c) => c.id)).toEqual([top.body.id]);
    expect((await ada.get(`/wiki/api/v2/inline-comments/999999/children`)).status).toBe(404);
  });
});

describe('the served page view (serveSites)', () => {
  test('lists inline comments with the text they highlight and their state', async () => {
    const served = await startEmulator({ port: 0, serveSites: true });
    try {
      const api = await apiFor(served);
      const eng = (await api.get<V2List<SpaceJson>>('/wiki/api/v2/spaces?keys=ENG')).body.results[0];
      const made = await api.post<PageJson & { _links: { webui: string; base: string } }>(
        '/wiki/api/v2/pages',
        {
          spaceId: eng?.id,
          title: 'Served inline',
          body: storage('<p>a <b>bold</b> claim</p>'),
        },
      );
      await api.post(
        '/wiki/api/v2/inline-comments',
        inline(made.body.id, 'bold claim', 1, 0, '<p>Source?</p>'),
      );
      const res = await request<string>(`${made.body._links.base}${made.body._links.webui}`);
      expect(res.body).toMatch(
        /<article class="comment inline-comment" id="comment-\d+"><small>Ada Admin · on “bold claim” · open<\/small><p>Source\?<\/p><\/article>/,
      );
      expect(res.body).toContain('<span class="inline-comment-marker"');
    } finally {
      await served.close();
    }
  });
});

describe('GET and PUT /inline-comments/{id}', () => {
  test('resolve and reopen: versioned (409 on a stale number), filtered by resolution-status', async () => {
    const page = await pageWith('<p>needs review</p>');
    const top = await ada.post<InlineJson>('/wiki/api/v2/inline-comments', inline(page.id, 'review'));
    const id = top.body.id;
    const put = (body: unknown) => bob.put<InlineJson>(`/wiki/api/v2/inline-comments/${id}`, body);
    const stale = await put({ version: { number: 1 }, resolved: true });
    expect(stale.status).toBe(409);
    const resolved = await put({ version: { number: 2 }, body: storage('<p>Why?</p>'), resolved: true });
    expect(resolved.status).toBe(200);
    expectShape('/inline-comments/{comment-id}', 'put', '200', resolved.body);
    expect(resolved.body).toMatchObject({
      resolutionStatus: 'resolved',
      resolutionLastModifierId: 'acc-bob',
      version: { number: 2 },
    });
    const got = await ada.get<InlineJson>(`/wiki/api/v2/inline-comments/${id}?body-format=storage`);
    expectShape('/inline-comments/{comment-id}', 'get', '200', got.body);
    expect(got.body.resolutionStatus).toBe('resolved');
    const base = `/wiki/api/v2/pages/${page.id}/inline-comments`;
    const ids = async (q: string) =>
      (await ada.get<V2List<InlineJson>>(`${base}${q}`)).body.results.map((c) => c.id);
    expect(await ids('?resolution-status=resolved')).toEqual([id]);
    expect(await ids('?resolution-status=open&resolution-status=reopened')).toEqual([]);
    expect((await ada.get(`${base}?resolution-status=open,reopened`)).status).toBe(400);

    const reopened = await put({ version: { number: 3 }, resolved: false });
    expect(reopened.body.resolutionStatus).toBe('reopened');
    expect(await ids('?resolution-status=reopened')).toEqual([id]);
    // The page keeps its marker all along.
    expect((await pageStorage(page.id)).value).toContain(`ac:ref="${top.body.properties.inlineMarkerRef}"`);
  });

  test('a comment whose marker an edit removed is dangling and cannot be resolved', async () => {
    const page = await pageWith('<p>soon gone</p>');
    const top = await ada.post<InlineJson>('/wiki/api/v2/inline-comments', inline(page.id, 'gone'));
    await ada.put(`/wiki/api/v2/pages/${page.id}`, {
      id: page.id,
      status: 'current',
      title: 'Inline target',
      body: storage('<p>rewritten</p>'),
      version: { number: 2 },
    });
    const got = await ada.get<InlineJson>(`/wiki/api/v2/inline-comments/${top.body.id}`);
    expect(got.body.resolutionStatus).toBe('dangling');
    const res = await ada.put<V2Error>(`/wiki/api/v2/inline-comments/${top.body.id}`, {
      version: { number: 2 },
      resolved: true,
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]?.title).toMatch(/dangling/);
  });

  test('footer comment ids are not inline comments (404), nor the other way round', async () => {
    const page = await pageWith('<p>text</p>');
    const footer = await ada.post<{ id: string }>('/wiki/api/v2/footer-comments', {
      pageId: page.id,
      body: storage('<p>f</p>'),
    });
    expect((await ada.get(`/wiki/api/v2/inline-comments/${footer.body.id}`)).status).toBe(404);
    expect(
      (
        await ada.put(`/wiki/api/v2/inline-comments/${footer.body.id}`, {
          version: { number: 2 },
          resolved: true,
        })
      ).status,
    ).toBe(404);
    const top = await ada.post<InlineJson>('/wiki/api/v2/inline-comments', inline(page.id, 'text'));
    expect((await ada.get(`/wiki/api/v2/footer-comments/${top.body.id}`)).status).toBe(404);
  });

  test('reading needs read:comment:confluence, writing write:comment:confluence', async () => {
    const page = await pageWith('<p>scoped</p>');
    const reader = await apiFor(emu, { scopes: ['read:comment:confluence', 'read:page:confluence'] });
    expect((await reader.get(`/wiki/api/v2/pages/${page.id}/inline-comments`)).status).toBe(200);
    const denied = await reader.post('/wiki/api/v2/inline-comments', inline(page.id, 'scoped'));
    expect(denied.status).toBe(401);
    expect(denied.body).toMatchObject({ message: 'Unauthorized; scope does not match' });
  });
});
