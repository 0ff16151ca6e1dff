import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Emulator } from '../emulator.js';
import { startEmulator } from '../emulator.js';
import type { ConfluenceApi } from '../test-support/api.js';
import { apiFor } from '../test-support/api.js';
import type { SearchJson, V1Error } from '../test-support/shapes.js';

let emu: Emulator;
let api: ConfluenceApi;
beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  api = await apiFor(emu);
});
afterAll(() => emu.close());

function search(cql: string, extra = '') {
  return api.get<SearchJson>(`/wiki/rest/api/search?cql=${encodeURIComponent(cql)}${extra}`);
}

const titles = (res: { body: SearchJson }) => res.body.results.map((r) => r.content.title);

describe('GET /wiki/rest/api/search', () => {
  test('answers the v1 search shape', async () => {
    const res = await search('type = page AND space = HR ORDER BY title', '&limit=2');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      start: 0,
      limit: 2,
      size: 2,
      totalSize: 4,
      cqlQuery: 'type = page AND space = HR ORDER BY title',
    });
    expect(typeof res.body.searchDuration).toBe('number');
    expect(res.body._links).toMatchObject({ base: 'https://acme.atlassian.net/wiki', context: '/wiki' });
    expect(res.body._links.self).toContain('https://acme.atlassian.net/wiki/rest/api/search?cql=');
    expect(res.body._links.next).toMatch(/^\/rest\/api\/search\?.*cursor=/);
    const first = res.body.results[0];
    expect(first).toMatchObject({
      entityType: 'content',
      title: 'Benefits Overview',
      content: { type: 'page', status: 'current', title: 'Benefits Overview' },
    });
    expect(first?.url).toMatch(/^\/spaces\/HR\/pages\/\d+\/Benefits\+Overview$/);
    expect(first?.content).not.toHaveProperty('space');
    expect(first?.content).not.toHaveProperty('version');
    expect(first?.lastModified).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(first?.friendlyLastModified).toMatch(/^[A-Z][a-z]{2} \d\d, \d{4}$/);
  });

  test('follows _links.next (relative to /wiki) to the end', async () => {
    const { pages, results } = await api.all<SearchJson['results'][number]>(
      `/wiki/rest/api/search?cql=${encodeURIComponent('space = ENG and type = page')}&limit=25`,
      true,
    );
    expect(results.length).toBeGreaterThanOrEqual(60);
    expect(pages).toHaveLength(Math.ceil(results.length / 25));
    expect(new Set(results.map((r) => r.content.id)).size).toBe(results.length);
    const last = pages.at(-1)?.body as SearchJson | undefined;
    expect(last?._links.next).toBeUndefined();
    expect(last?.start).toBe(25 * (pages.length - 1));
  });

  test('expand=content.space,content.version adds them', async () => {
    const res = await search('title = "System Overview"', '&expand=content.space,content.version');
    const content = res.body.results[0]?.content;
    expect(content?.space).toMatchObject({ key: 'ENG', name: 'Engineering' });
    expect(content?.version).toMatchObject({ number: 3 });
  });

  test('text ~ matches words in title and body, case-insensitively, with highlight markers', async () => {
    const res = await search('text ~ "ServiceHealth"');
    expect(titles(res)).toEqual(['System Overview']);
    expect(res.body.results[0]?.excerpt).toContain('@@@hl@@@ServiceHealth@@@endhl@@@');
    const plain = await search('text ~ "ServiceHealth"', '&excerpt=indexed');
    expect(plain.body.results[0]?.excerpt).not.toContain('@@@hl@@@');
    const none = await search('text ~ "ServiceHealth"', '&excerpt=none');
    expect(none.body.results[0]?.excerpt).toBe('');
  });

  test('comments are content too, and type narrows', async () => {
    const all = await search('text ~ "advisory lock"');
    expect(all.body.results.map((r) => r.content.type).sort()).toEqual(['comment', 'page']);
    const comments = await search('type = comment AND text ~ "advisory lock"');
    expect(comments.body.results[0]?.content.type).toBe('comment');
    expect(comments.body.results[0]?.title).toContain('Re: ');
    expect(comments.body.results[0]?.url).toMatch(/focusedCommentId=\d+/);
  });

  test('label, ancestor, parent, creator, title ~ and NOT', async () => {
    const runbooks = await search('label = runbook AND type = page AND title ~ "database"');
    expect(titles(runbooks).sort()).toEqual(['Rotate database credentials', 'Verify a restored database']);
    const adrIndex = await search('title = "Architecture Decision Records"');
    const adrId = adrIndex.body.results[0]?.content.id ?? '';
    const underAdrs = await search(`ancestor = ${adrId}`);
    expect(underAdrs.body.totalSize).toBe(15);
    const children = await search(`parent = ${adrId} AND NOT label = superseded`);
    expect(children.body.totalSize).toBe(13);
    const mine = await search('creator = currentUser() AND space = "~acc-ada"');
    expect(titles(mine).sort()).toEqual(['Ada Admin', 'Scratchpad']);
    const inList = await search('space IN (HR, SBX) AND type NOT IN (comment)');
    expect(inList.body.totalSize).toBe(4);
  });

  test('dates: created and lastModified compare against dates and functions', async () => {
    const early = await search('space = ENG AND created < "2024-01-10"');
    expect(early.body.totalSize).toBeGreaterThan(0);
    expect(early.body.totalSize).toBeLessThan(10);
    const recent = await search('lastmodified > now("-1d")');
    expect(recent.body.totalSize).toBe(0);
    const ever = await search('created >= startOfYear("-10y") AND space = HR');
    expect(ever.body.totalSize).toBe(4);
    const day = await search('created = "2024-01-08" AND type = page');
    expect(titles(day)).toEqual(['Engineering Home']);
  });

  test('archived spaces only with includeArchivedSpaces=true', async () => {
    expect((await search('space = OLD')).body.totalSize).toBe(0);
    expect((await search('space = OLD', '&includeArchivedSpaces=true')).body.totalSize).toBe(2);
  });

  test.each([
    'text = "deploy"',
    'space = ~acc-ada',
    'type = page AND',
    'title ~ "unterminated',
    'colour = blue',
    '(type = page',
    'type = page ORDER title',
    'created > "yesterday"',
  ])('unparsable CQL %s is a 400 with the v1 error body', async (cql) => {
    const res = await api.get<V1Error>(`/wiki/rest/api/search?cql=${encodeURIComponent(cql)}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      statusCode: 400,
      data: { authorized: true, valid: false, successful: false },
    });
    expect(res.body.data.errors).toHaveLength(1);
  });

  test.each([
    ['type = page AND', /^Could not parse cql : type = page AND$/],
    ['colour = blue', /^Unknown field 'colour'.*The field is not supported in CQL\.$/],
    ['text = "deploy"', /^Invalid CQL value: The operator '=' is not supported by the 'text' field/],
  ])('CQL %s is answered with its own kind of message, as Confluence varies them', async (cql, message) => {
    const res = await api.get<V1Error>(`/wiki/rest/api/search?cql=${encodeURIComponent(cql)}`);
    expect(res.body.message).toMatch(message);
  });

  test('a missing cql parameter is a 400', async () => {
    expect((await api.get('/wiki/rest/api/search')).status).toBe(400);
  });
});
