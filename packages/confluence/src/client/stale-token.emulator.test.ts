// Atlassian's gateway has been seen answering an expired token with 404 (v2) / 403 (v1) instead of 401. The
// emulator reproduces that with `expiredTokenQuirk`; the client then refreshes once, but only when told the token
// may be stale (a 404 is otherwise a real "not found").
import { ACME_CLOUD_ID, startEmulator, type Emulator } from '@hub/confluence-emulator';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { ConfluenceClient } from './confluence-client.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ port: 0, expiredTokenQuirk: true });
});
afterAll(() => emu.close());

async function expiredClient(mayBeStale: boolean) {
  const stale = (await emu.control.issueTokens({ accountId: 'acc-ada' })).access_token;
  await emu.control.expireTokens();
  const fresh = (await emu.control.issueTokens({ accountId: 'acc-ada' })).access_token;
  const refreshAccessToken = vi.fn(() => Promise.resolve(fresh));
  const client = new ConfluenceClient({
    cloudId: ACME_CLOUD_ID,
    apiBaseUrl: emu.url,
    getAccessToken: () => Promise.resolve(stale),
    refreshAccessToken,
    tokenMayBeStale: () => mayBeStale,
    retry: false,
  });
  return { client, refreshAccessToken };
}

test('a v2 404 and a v1 403 on a stale token refresh once and succeed', async () => {
  const { client, refreshAccessToken } = await expiredClient(true);
  expect((await client.listSpaces({ limit: 1 })).items).toHaveLength(1);
  expect(refreshAccessToken).toHaveBeenCalledTimes(1);
  const again = await expiredClient(true);
  expect((await again.client.search({ cql: 'type = page', limit: 1 })).items).toHaveLength(1);
  expect(again.refreshAccessToken).toHaveBeenCalledTimes(1);
});

test('without the stale hint a 404 stays NOT_FOUND and nothing is refreshed', async () => {
  const { client, refreshAccessToken } = await expiredClient(false);
  await expect(client.listSpaces({ limit: 1 })).rejects.toMatchObject({ kind: 'NOT_FOUND' });
  expect(refreshAccessToken).not.toHaveBeenCalled();
});
