import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { Emulator } from '../emulator.js';
import { startEmulator } from '../emulator.js';
import { SANDBOX_CLOUD_ID } from '../identities.js';
import type { ConfluenceApi } from '../test-support/api.js';
import { apiFor } from '../test-support/api.js';
import { unknownFields, v1SearchSchema, v2ResponseSchema } from '../test-support/openapi.js';

interface UserJson {
  accountId: string;
  displayName: string;
  email: string;
  publicName: string;
  personalSpaceId?: string;
}
interface UserHit {
  user: UserJson;
  title: string;
  entityType: string;
}
interface UserSearch {
  results: UserHit[];
  start: number;
  limit: number;
  size: number;
  totalSize: number;
  _links: { next?: string };
}

let emu: Emulator;
let api: ConfluenceApi;
beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
});
afterAll(() => emu.close());
beforeEach(async () => {
  await emu.control.reset();
  api = await apiFor(emu);
});

const search = (cql: string, extra = '') =>
  api.get<UserSearch>(`/wiki/rest/api/search/user?cql=${encodeURIComponent(cql)}${extra}`);

describe('POST /users-bulk (v2)', () => {
  test('the users among the ids, in the spec shape; unknown ids are left out', async () => {
    const res = await api.post<{ results: UserJson[] }>('/wiki/api/v2/users-bulk', {
      accountIds: ['acc-bob', 'acc-nobody', 'acc-ada'],
    });
    expect(res.status).toBe(200);
    const schema = v2ResponseSchema('/users-bulk', 'post', '200');
    expect(schema.validate(res.body) ? null : schema.validate.errors).toBeNull();
    expect(unknownFields(schema.ref, res.body)).toEqual([]);
    expect(res.body.results.map((u) => [u.accountId, u.displayName])).toEqual([
      ['acc-bob', 'Bob Builder'],
      ['acc-ada', 'Ada Admin'],
    ]);
    expect(res.body.results[1]).toMatchObject({ email: 'ada@example.com', publicName: 'ada' });
    expect(typeof res.body.results[1]?.personalSpaceId).toBe('string');
  });

  test('only people of the site; 400 without ids or with more than 250; needs read:user:confluence', async () => {
    const sandbox = await apiFor(emu, { cloudIds: [SANDBOX_CLOUD_ID] });
    const there = await sandbox.post<{ results: UserJson[] }>('/wiki/api/v2/users-bulk', {
      accountIds: ['acc-bob', 'acc-ada'],
    });
    expect(there.body.results.map((u) => u.accountId)).toEqual(['acc-ada']);
    expect((await api.post('/wiki/api/v2/users-bulk', { accountIds: [] })).status).toBe(400);
    const many = Array.from({ length: 251 }, (_, i) => `id-${i}`);
    expect((await api.post('/wiki/api/v2/users-bulk', { accountIds: many })).status).toBe(400);
    const narrow = await apiFor(emu, { scopes: ['read:page:confluence'] });
    expect((await narrow.post('/wiki/api/v2/users-bulk', { accountIds: ['acc-ada'] })).status).toBe(401);
  });
});

describe('GET /rest/api/search/user (v1)', () => {
  test('user.fullname ~ matches the start of a name word or the nickname; v1 search shape', async () => {
    const res = await search('user.fullname ~ "bui"');
    expect(res.status).toBe(200);
    const schema = v1SearchSchema();
    expect(schema.validate(res.body) ? null : schema.validate.errors).toBeNull();
    expect(res.body.results.map((r) => r.user.accountId)).toEqual(['acc-bob']);
    expect(res.body.results[0]).toMatchObject({ title: 'Bob Builder', entityType: 'user' });
    expect((await search('user.fullname ~ "ADA"')).body.results.map((r) => r.user.displayName)).toEqual([
      'Ada Admin',
    ]);
    expect((await search('user.fullname ~ "zed"')).body.results).toEqual([]);
    expect((await search('user = "acc-ada"')).body.results).toHaveLength(1);
    expect((await search('user.accountid = "acc-bob" OR user.fullname ~ ada')).body.totalSize).toBe(2);
    expect((await search('user IN ("acc-ada", "acc-bob")')).body.totalSize).toBe(2);
  });

  test('start/limit paging with _links.next; 400 for CQL on other fields; needs read:content-details', async () => {
    const first = await search('type = user', '&limit=1');
    expect(first.body).toMatchObject({ start: 0, limit: 1, size: 1, totalSize: 2 });
    expect(first.body._links.next).toMatch(/^\/rest\/api\/search\/user\?.*start=1/);
    const second = await search('type = user', '&limit=1&start=1');
    expect(second.body._links.next).toBeUndefined();
    expect(second.body.results[0]?.user.accountId).not.toBe(first.body.results[0]?.user.accountId);
    const bad = await search('title ~ "ada"');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ statusCode: 400, data: { valid: false } });
    expect((await api.get('/wiki/rest/api/search/user')).status).toBe(400);
    const narrow = await apiFor(emu, { scopes: ['search:confluence'] });
    expect((await narrow.get(`/wiki/rest/api/search/user?cql=type%3Duser`)).status).toBe(401);
  });
});
