import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { Emulator } from '../emulator.js';
import { startEmulator } from '../emulator.js';
import { ACME_CLOUD_ID, SANDBOX_CLOUD_ID } from '../identities.js';
import { request } from '../test-support/api.js';

interface Resource {
  id: string;
  name: string;
  url: string;
  scopes: string[];
  avatarUrl: string;
}

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
});
afterAll(() => emu.close());
beforeEach(() => emu.control.reset());

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

describe('GET /oauth/token/accessible-resources', () => {
  test('lists the granted sites with their scopes (and not always in the obvious order)', async () => {
    const { access_token } = await emu.control.issueTokens({ accountId: 'acc-ada' });
    const res = await request<Resource[]>(
      `${emu.url}/oauth/token/accessible-resources`,
      bearer(access_token),
    );
    expect(res.status).toBe(200);
    expect(res.body.map((r) => r.id)).toEqual([SANDBOX_CLOUD_ID, ACME_CLOUD_ID]);
    const acme = res.body.find((r) => r.id === ACME_CLOUD_ID);
    expect(acme).toMatchObject({ name: 'Acme', url: 'https://acme.atlassian.net' });
    expect(acme?.scopes).toContain('read:page:confluence');
    expect(acme?.scopes).not.toContain('offline_access');
    const avatar = await request<string>(acme?.avatarUrl ?? '');
    expect(avatar.headers.get('content-type')).toBe('image/svg+xml');
  });

  test('only the sites the token was granted', async () => {
    const bob = await emu.control.issueTokens({ accountId: 'acc-bob' });
    const res = await request<Resource[]>(
      `${emu.url}/oauth/token/accessible-resources`,
      bearer(bob.access_token),
    );
    expect(res.body.map((r) => r.name)).toEqual(['Acme']);
    await expect(
      emu.control.issueTokens({ accountId: 'acc-bob', cloudIds: [SANDBOX_CLOUD_ID] }),
    ).rejects.toThrow(/no access/);
  });

  test('401 without a valid token', async () => {
    const res = await request(`${emu.url}/oauth/token/accessible-resources`, bearer('nope'));
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ code: 401, message: 'Unauthorized' });
  });
});

describe('GET /me', () => {
  test('returns the profile', async () => {
    const { access_token } = await emu.control.issueTokens({ accountId: 'acc-bob' });
    const res = await request(`${emu.url}/me`, bearer(access_token));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      account_id: 'acc-bob',
      email: 'bob@example.com',
      name: 'Bob Builder',
      nickname: 'bob',
      account_status: 'active',
    });
    expect(res.body.picture).toBe(`${emu.url}/avatars/acc-bob.svg`);
  });

  test('needs read:me', async () => {
    const { access_token } = await emu.control.issueTokens({
      accountId: 'acc-ada',
      scopes: ['read:page:confluence'],
    });
    const res = await request(`${emu.url}/me`, bearer(access_token));
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ code: 401, message: 'Unauthorized; scope does not match' });
  });

  test('expire-tokens turns live tokens into 401s, optionally for one account', async () => {
    const ada = await emu.control.issueTokens({ accountId: 'acc-ada' });
    const bob = await emu.control.issueTokens({ accountId: 'acc-bob' });
    expect(await emu.control.expireTokens('acc-ada')).toEqual({ expired: 1 });
    expect((await request(`${emu.url}/me`, bearer(ada.access_token))).status).toBe(401);
    expect((await request(`${emu.url}/me`, bearer(bob.access_token))).status).toBe(200);
  });
});
