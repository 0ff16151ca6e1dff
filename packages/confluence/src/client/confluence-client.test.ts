import { describe, expect, test } from 'vitest';
import { ConfluenceClient } from './confluence-client.js';
import { type FakeHandler, fakeTransport } from './fake-transport.js';

const BASE = 'https://acme.atlassian.net/wiki';
const PREFIX = 'http://emu.test/ex/confluence/c1';

function setup(handler: FakeHandler, siteUrl?: string) {
  const transport = fakeTransport(handler);
  const client = new ConfluenceClient({
    cloudId: 'c1',
    apiBaseUrl: 'http://emu.test',
    getAccessToken: () => Promise.resolve('tok-0123456789'),
    transport,
    ...(siteUrl === undefined ? {} : { siteUrl }),
  });
  const sent = (i = 0) => {
    const req = transport.requests[i];
    if (req === undefined) throw new Error(`no request #${i}`);
    const url = new URL(req.url);
    return {
      method: req.method,
      path: url.pathname.replace('/ex/confluence/c1', ''),
      // A repeated parameter (status=current&status=archived) as its list of values.
      query: Object.fromEntries(
        [...new Set(url.searchParams.keys())].map((key) => {
          const values = url.searchParams.getAll(key);
          return [key, values.length === 1 ? values[0] : values];
        }),
      ),
      body: req.body === undefined ? undefined : (JSON.parse(req.body) as unknown),
    };
  };
  return { client, transport, sent };
}

const rawPage = {
  id: '123',
  status: 'current',
  title: 'Runbook',
  spaceId: '9',
  parentId: '100',
  parentType: 'page',
  authorId: 'acc-ada',
  createdAt: '2025-01-01T00:00:00.000Z',
  version: {
    number: 5,
    message: 'edit',
    createdAt: '2025-02-01T00:00:00.000Z',
    authorId: 'acc-bob',
    minorEdit: false,
  },
  body: { storage: { representation: 'storage', value: '<p>Hi</p>' } },
  labels: { results: [{ id: 'l1', name: 'ops', prefix: 'global' }], meta: { hasMore: false } },
  _links: {
    webui: '/spaces/ENG/pages/123/Runbook',
    editui: '/pages/resumedraft.action?draftId=123',
    base: BASE,
  },
};

describe('spaces', () => {
  test('listSpaces maps filters to query parameters and items to Space', async () => {
    const { client, sent } = setup(() => ({
      status: 200,
      body: {
        results: [
          {
            id: 9,
            key: 'ENG',
            name: 'Engineering',
            type: 'global',
            status: 'current',
            homepageId: '100',
            description: { plain: { representation: 'plain', value: 'Builds things' } },
            _links: { webui: '/spaces/ENG' },
            icon: null,
          },
        ],
        _links: { next: '/wiki/api/v2/spaces?cursor=abc%3D%3D&limit=1', base: BASE },
      },
    }));
    const page = await client.listSpaces({
      keys: ['ENG', 'HR'],
      type: 'global',
      descriptionFormat: 'plain',
      limit: 1,
    });
    expect(sent()).toMatchObject({
      method: 'GET',
      path: '/wiki/api/v2/spaces',
      query: { keys: 'ENG,HR', type: 'global', 'description-format': 'plain', limit: '1' },
    });
    expect(page.nextCursor).toBe('abc==');
    expect(page.baseUrl).toBe(BASE);
    expect(page.items[0]).toMatchObject({
      id: '9',
      key: 'ENG',
      homepageId: '100',
      description: { plain: { value: 'Builds things' } },
      webUrl: `${BASE}/spaces/ENG`,
      _links: { webui: '/spaces/ENG' },
    });
  });

  test('getSpace uses the site URL it saw last for the web URL', async () => {
    const { client } = setup((req) =>
      req.url.includes('/spaces/9')
        ? {
            status: 200,
            body: {
              id: '9',
              key: 'ENG',
              name: 'E',
              type: 'global',
              status: 'current',
              _links: { webui: '/spaces/ENG' },
            },
          }
        : { status: 200, body: { results: [], _links: { base: BASE } } },
    );
    await client.listSpaces();
    expect((await client.getSpace('9')).webUrl).toBe(`${BASE}/spaces/ENG`);
  });
});

describe('pages', () => {
  test('getPage: labels as names, one body, absolute webUrl, full version', async () => {
    const { client, sent } = setup(() => ({ status: 200, body: rawPage }));
    const page = await client.getPage('123', { bodyFormat: 'storage', includeLabels: true, version: 5 });
    expect(sent().query).toEqual({ 'body-format': 'storage', 'include-labels': 'true', version: '5' });
    expect(page).toMatchObject({
      id: '123',
      spaceId: '9',
      parentId: '100',
      labels: ['ops'],
      body: { representation: 'storage', value: '<p>Hi</p>' },
      version: { number: 5, message: 'edit', authorId: 'acc-bob', minorEdit: false },
      webUrl: `${BASE}/spaces/ENG/pages/123/Runbook`,
    });
  });

  test('getPage without labels or base: labels absent, webUrl from siteUrl option', async () => {
    const { labels: _l, ...noLabels } = rawPage;
    const { client } = setup(
      () => ({ status: 200, body: { ...noLabels, body: {}, _links: { webui: '/x' } } }),
      'https://acme.atlassian.net/',
    );
    const page = await client.getPage('123');
    expect(page.labels).toBeUndefined();
    expect(page.body).toBeUndefined();
    expect(page.webUrl).toBe('https://acme.atlassian.net/wiki/x');
  });

  test('listSpacePages passes depth/status/title/body-format and follows the v2 next link', async () => {
    const { client, sent } = setup(() => ({
      status: 200,
      body: {
        results: [{ ...rawPage, body: undefined }],
        _links: { next: '/wiki/api/v2/spaces/9/pages?cursor=c2' },
      },
    }));
    const page = await client.listSpacePages('9', {
      depth: 'root',
      status: ['current', 'archived'],
      title: 'A & B',
      bodyFormat: 'storage',
    });
    expect(sent()).toMatchObject({
      path: '/wiki/api/v2/spaces/9/pages',
      query: { depth: 'root', status: ['current', 'archived'], title: 'A & B', 'body-format': 'storage' },
    });
    expect(page.nextCursor).toBe('c2');
    expect(page.items[0]).toMatchObject({ id: '123', version: { number: 5 } });
  });

  test('createPage posts the v2 body; root-level only when asked; status defaults to current', async () => {
    const { client, sent } = setup(() => ({ status: 200, body: rawPage }));
    const body = { representation: 'storage' as const, value: '<p>Hi</p>' };
    await client.createPage({ spaceId: '9', title: 'T', body, rootLevel: true });
    expect(sent()).toEqual({
      method: 'POST',
      path: '/wiki/api/v2/pages',
      query: { 'root-level': 'true' },
      body: { spaceId: '9', title: 'T', body, status: 'current' },
    });
    await client.createPage({ spaceId: '9', title: 'T', body, parentId: '100', status: 'draft' });
    expect(sent(1)).toMatchObject({ query: {}, body: { parentId: '100', status: 'draft' } });
  });

  test('updatePage sends exactly the version given, with id and status', async () => {
    const { client, sent } = setup(() => ({ status: 200, body: { ...rawPage, version: { number: 6 } } }));
    const body = { representation: 'storage' as const, value: '<p>v6</p>' };
    const page = await client.updatePage('123', { title: 'T', body, version: { number: 6, message: 'why' } });
    expect(sent()).toEqual({
      method: 'PUT',
      path: '/wiki/api/v2/pages/123',
      query: {},
      body: { id: '123', status: 'current', title: 'T', body, version: { number: 6, message: 'why' } },
    });
    expect(page.version.number).toBe(6);
  });

  test('updatePage 409 → VersionConflictError with the current version from the title', async () => {
    const { client } = setup(() => ({
      status: 409,
      body: {
        errors: [
          {
            status: 409,
            code: 'CONFLICT',
            title:
              'Version must be incremented when updating a page. Current Version: [6]. Provided version: [6]',
            detail: null,
          },
        ],
      },
    }));
    const body = { representation: 'storage' as const, value: '' };
    await expect(
      client.updatePage('123', { title: 'T', body, version: { number: 6 } }),
    ).rejects.toMatchObject({
      kind: 'VERSION_CONFLICT',
      currentVersion: 6,
      providedVersion: 6,
      message:
        'Page 123 is at version 6; you sent 5+1. Call get_confluence_page again and retry with version 6.',
    });
  });

  test('a missing page says which and how to find it', async () => {
    const { client } = setup(() => ({
      status: 404,
      body: { errors: [{ status: 404, code: 'NOT_FOUND', title: 'Not Found' }] },
    }));
    await expect(client.getPage('999')).rejects.toMatchObject({
      kind: 'NOT_FOUND',
      message: expect.stringContaining('Page 999 was not found') as unknown,
    });
  });
});

describe('comments', () => {
  const comment = {
    id: '77',
    status: 'current',
    title: 'Re: Runbook',
    pageId: '123',
    version: { number: 1 },
    body: { storage: { representation: 'storage', value: '<p>ok</p>' } },
    _links: { webui: '/spaces/ENG/pages/123/Runbook?focusedCommentId=77' },
  };

  test('a top-level comment sends pageId and body', async () => {
    const { client, sent } = setup(() => ({ status: 201, body: comment }));
    const body = { representation: 'storage' as const, value: '<p>ok</p>' };
    const created = await client.createFooterComment({ pageId: '123', body });
    expect(sent()).toMatchObject({
      method: 'POST',
      path: '/wiki/api/v2/footer-comments',
      body: { pageId: '123', body },
    });
    expect(created).toMatchObject({ id: '77', pageId: '123', body: { value: '<p>ok</p>' } });
  });

  test('a reply sends ONLY parentCommentId, even if a pageId sneaks in', async () => {
    const { client, sent } = setup(() => ({
      status: 201,
      body: { ...comment, pageId: undefined, parentCommentId: '77' },
    }));
    const body = { representation: 'storage' as const, value: '<p>re</p>' };
    const input = { parentCommentId: '77', body, pageId: '123' };
    const reply = await client.createFooterComment(input);
    expect(sent().body).toEqual({ parentCommentId: '77', body });
    expect(reply.parentCommentId).toBe('77');
  });

  test('list comments and replies', async () => {
    const { client, sent } = setup(() => ({
      status: 200,
      body: { results: [comment], _links: { base: BASE } },
    }));
    const top = await client.listFooterComments('123', { bodyFormat: 'storage', limit: 5 });
    expect(sent()).toMatchObject({
      path: '/wiki/api/v2/pages/123/footer-comments',
      query: { 'body-format': 'storage', limit: '5' },
    });
    expect(top.items[0]?.webUrl).toBe(`${BASE}/spaces/ENG/pages/123/Runbook?focusedCommentId=77`);
    expect(top.nextCursor).toBeNull();
    await client.listCommentReplies('77');
    expect(sent(1).path).toBe('/wiki/api/v2/footer-comments/77/children');
  });
});

describe('search', () => {
  test('sends cql with the default expand and maps v1 results', async () => {
    const { client, sent } = setup(() => ({
      status: 200,
      body: {
        results: [
          {
            content: {
              id: '123',
              type: 'page',
              status: 'current',
              title: 'Runbook',
              space: { id: 9, key: 'ENG', name: 'Engineering' },
              version: { number: 5, when: '2025-02-01T00:00:00.000Z' },
              _links: { webui: '/spaces/ENG/pages/123/Runbook' },
            },
            title: 'Runbook',
            excerpt: '@@@hl@@@deploy@@@endhl@@@ steps',
            url: '/spaces/ENG/pages/123/Runbook',
            entityType: 'content',
            lastModified: '2025-02-01T00:00:00.000Z',
          },
        ],
        start: 0,
        limit: 1,
        size: 1,
        totalSize: 42,
        cqlQuery: 'text ~ "deploy"',
        searchDuration: 3,
        _links: {
          base: BASE,
          next: '/rest/api/search?cql=text+~+%22deploy%22&limit=1&cursor=n1',
          self: `${BASE}/rest/api/search`,
        },
      },
    }));
    const page = await client.search({
      cql: 'text ~ "deploy"',
      limit: 1,
      excerpt: 'highlight',
      expand: ['content.history'],
    });
    expect(sent()).toMatchObject({
      path: '/wiki/rest/api/search',
      query: {
        cql: 'text ~ "deploy"',
        limit: '1',
        excerpt: 'highlight',
        expand: 'content.space,content.version,content.history',
      },
    });
    expect(page).toMatchObject({ totalSize: 42, nextCursor: 'n1', baseUrl: BASE });
    expect(page.items[0]).toEqual({
      id: '123',
      type: 'page',
      status: 'current',
      title: 'Runbook',
      excerpt: '@@@hl@@@deploy@@@endhl@@@ steps',
      spaceKey: 'ENG',
      spaceName: 'Engineering',
      version: 5,
      lastModified: '2025-02-01T00:00:00.000Z',
      webUrl: `${BASE}/spaces/ENG/pages/123/Runbook`,
    });
  });

  test('a cursor is sent with next=true, as in the next link', async () => {
    const { client, sent } = setup(() => ({ status: 200, body: { results: [] } }));
    const page = await client.search({ cql: 'type = page', cursor: 'n1' });
    expect(sent().query).toMatchObject({ cursor: 'n1', next: 'true' });
    expect(page).toMatchObject({ items: [], nextCursor: null });
  });

  test('unparsable CQL → INVALID_CQL with Confluence’s reason', async () => {
    const { client } = setup(() => ({
      status: 400,
      body: {
        statusCode: 400,
        data: { authorized: false, valid: true, errors: [], successful: false },
        message: 'Could not parse cql : title = = x',
      },
    }));
    await expect(client.search({ cql: 'title = = x' })).rejects.toMatchObject({
      kind: 'INVALID_CQL',
      message: expect.stringContaining('Could not parse cql') as unknown,
    });
  });
});

test.each([
  ["The field 'colour' is not supported", 'INVALID_CQL'],
  ["'widget' is not a valid value for type", 'INVALID_CQL'],
  ['Invalid cursor', 'BAD_REQUEST'],
])(
  'a search 400 "%s" is %s: classified by where it is answered, not by one phrase',
  async (message, kind) => {
    const { client } = setup(() => ({
      status: 400,
      body: {
        statusCode: 400,
        data: { authorized: true, valid: false, errors: [], successful: false },
        message,
      },
    }));
    await expect(client.search({ cql: 'colour = blue' })).rejects.toMatchObject({ kind });
  },
);

test('the cloudId is encoded into the gateway path', async () => {
  const { client, transport } = setup(() => ({ status: 200, body: { results: [] } }));
  expect(client.cloudId).toBe('c1');
  await client.listSpaces();
  expect(transport.requests[0]?.url).toBe(`${PREFIX}/wiki/api/v2/spaces`);
  expect(() => new ConfluenceClient({ cloudId: ' ', getAccessToken: () => Promise.resolve('') })).toThrow(
    TypeError,
  );
});
