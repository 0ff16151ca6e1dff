import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Emulator } from '../emulator.js';
import { startEmulator } from '../emulator.js';
import type { ConfluenceApi } from '../test-support/api.js';
import { apiFor } from '../test-support/api.js';

let emu: Emulator;
let api: ConfluenceApi;
beforeAll(async () => {
  emu = await startEmulator({ port: 0, expiredTokenQuirk: true });
  api = await apiFor(emu);
});
afterAll(() => emu.close());

test('with the quirk on, an expired token gets 404 on v2 and 403 on v1; an unknown one still 401', async () => {
  expect((await api.get('/wiki/api/v2/spaces')).status).toBe(200);
  await emu.control.expireTokens();
  const v2 = await api.get<{ errors: { code: string }[] }>('/wiki/api/v2/spaces');
  expect(v2.status).toBe(404);
  expect(v2.body.errors[0]?.code).toBe('NOT_FOUND');
  const v1 = await api.get<{ statusCode: number }>('/wiki/rest/api/search?cql=type%3Dpage');
  expect(v1.status).toBe(403);
  expect(v1.body.statusCode).toBe(403);
  api.token = 'never-issued';
  expect((await api.get('/wiki/api/v2/spaces')).status).toBe(401);
});
