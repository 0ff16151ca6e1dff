import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { Emulator } from '../emulator.js';
import { startEmulator } from '../emulator.js';
import { SANDBOX_CLOUD_ID } from '../identities.js';
import type { ConfluenceApi } from '../test-support/api.js';
import { apiFor, jsonInit, request } from '../test-support/api.js';
import { unknownFields, v2ResponseSchema } from '../test-support/openapi.js';
import type { PageJson, SpaceJson, V2List } from '../test-support/shapes.js';

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

const seed = (body: unknown) => request(`${emu.url}/__control/spaces`, jsonInit('POST', body));

describe('POST /__control/spaces', () => {
  test('a space of that many pages, listed through cursor pagination like any other', async () => {
    const seeded = await seed({ key: 'BULK', name: 'Bulk', pages: 1_200 });
    expect(seeded.status).toBe(200);
    const { spaceId, homepageId } = seeded.body as { spaceId: string; homepageId: string };
    expect(seeded.body).toMatchObject({ pages: 1_200 });

    const space = await api.get<V2List<SpaceJson>>('/wiki/api/v2/spaces?keys=BULK');
    expect(space.body.results[0]).toMatchObject({ id: spaceId, key: 'BULK', homepageId, type: 'global' });

    const listing = await api.all<PageJson>(`/wiki/api/v2/spaces/${spaceId}/pages?limit=250`);
    expect(listing.pages).toHaveLength(5);
    const schema = v2ResponseSchema('/spaces/{id}/pages', 'get', '200');
    expect(schema.validate(listing.pages[0]?.body) ? null : schema.validate.errors).toBeNull();
    expect(unknownFields(schema.ref, listing.pages[0]?.body)).toEqual([]);
    const pages = listing.results;
    expect(pages).toHaveLength(1_200);
    expect(new Set(pages.map((p) => p.id)).size).toBe(1_200);
    expect(new Set(pages.map((p) => p.title.toLowerCase())).size).toBe(1_200);
    expect(pages[0]).toMatchObject({ id: homepageId, parentId: null, title: 'Bulk Home' });
    expect(pages.slice(1).every((p) => p.parentId === homepageId && p.status === 'current')).toBe(true);
    expect(pages.slice(1).map((p) => p.position)).toEqual([...Array(1_199).keys()]);
  });

  test('pages created afterwards go after the seeded ones, and reset removes the space', async () => {
    const { spaceId, homepageId } = (await seed({ key: 'BULK', pages: 3 })).body as {
      spaceId: string;
      homepageId: string;
    };
    const created = await api.post<PageJson>('/wiki/api/v2/pages', {
      spaceId,
      title: 'Written later',
      body: { representation: 'storage', value: '<p>later</p>' },
    });
    expect(created.body).toMatchObject({ parentId: homepageId, position: 2 });
    const duplicate = await api.post('/wiki/api/v2/pages', { spaceId, title: 'bulk PAGE 1' });
    expect(duplicate.status).toBe(400);
    expect(JSON.stringify(duplicate.body)).toContain('same TITLE');

    await emu.control.reset();
    const again = await apiFor(emu);
    expect((await again.get(`/wiki/api/v2/spaces/${spaceId}/pages`)).status).toBe(404);
  });

  test('refuses what Confluence would not have: a taken or malformed key, no pages, a site out of reach', async () => {
    expect((await seed({ key: 'ENG', pages: 2 })).status).toBe(400);
    expect((await seed({ key: 'bulk', pages: 2 })).status).toBe(400);
    expect((await seed({ key: 'BULK', pages: 0 })).status).toBe(400);
    expect(
      (await seed({ key: 'BULK', pages: 2, accountId: 'acc-bob', cloudId: SANDBOX_CLOUD_ID })).status,
    ).toBe(400);
    await expect(emu.control.seedSpace({ key: 'BULK', pages: 2, cloudId: 'nowhere' })).rejects.toThrow(
      /Unknown site/,
    );
    expect(await emu.control.seedSpace({ key: 'BULK', pages: 2 })).toMatchObject({ pages: 2 });
  });
});
