import { describe, expect, it } from 'vitest';

import { isHubError } from '../errors.js';
import { createLogger } from '../logger.js';
import { useTestDatabase } from '../test-support/database.js';
import { insertConnection, insertWorkspace, testKeyring } from '../test-support/fixtures.js';
import { TokenCipher } from './token-cipher.js';
import { ConnectionVault } from './vault.js';

const t = useTestDatabase();
const vault = () =>
  new ConnectionVault({
    db: t.db,
    cipher: new TokenCipher(testKeyring('k1')),
    logger: createLogger({ level: 'silent' }),
    oauth: { clientId: 'unused', clientSecret: 'unused', authBaseUrl: 'http://127.0.0.1:9' },
  });

async function failure(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isHubError(error)) throw new Error(`expected a HubError, got ${String(error)}`);
  return error;
}

const site = (name: string) => ({ siteName: name, siteUrl: `https://${name}.atlassian.net` });

describe('ConnectionVault.resolve', () => {
  it('a named connection of the workspace; another workspace’s id is NOT_FOUND like an unknown one', async () => {
    const ws = await insertWorkspace(t.db);
    const other = await insertWorkspace(t.db);
    const id = await insertConnection(t.db, {
      workspaceId: ws,
      cloudId: 'cloud-a',
      ...site('acme'),
      scopes: ['read:page:confluence'],
    });
    const theirs = await insertConnection(t.db, { workspaceId: other, cloudId: 'cloud-b' });

    expect(await vault().resolve(ws, id)).toEqual({
      id,
      workspaceId: ws,
      cloudId: 'cloud-a',
      siteName: 'acme',
      siteUrl: 'https://acme.atlassian.net',
      status: 'active',
      scopes: ['read:page:confluence'],
    });
    const foreign = await failure(vault().resolve(ws, theirs));
    const unknown = await failure(vault().resolve(ws, 'no-such-id'));
    expect(foreign.kind).toBe('NOT_FOUND');
    expect(unknown.kind).toBe('NOT_FOUND');
    expect(foreign.message.replace(theirs, 'X')).toBe(unknown.message.replace('no-such-id', 'X'));
    expect(foreign.details).toBeUndefined();
  });

  it('no connection at all: NOT_CONNECTED telling to connect Confluence in Integrations', async () => {
    const ws = await insertWorkspace(t.db);
    const error = await failure(vault().resolve(ws));
    expect(error.kind).toBe('NOT_CONNECTED');
    expect(error.message).toMatch(/Connect Confluence in Integrations first/);

    // Another workspace's connections do not count.
    await insertConnection(t.db, { workspaceId: await insertWorkspace(t.db) });
    expect((await failure(vault().resolve(ws))).kind).toBe('NOT_CONNECTED');
  });

  it('only ever the default: a live connection that is not the default is never used in its place', async () => {
    const ws = await insertWorkspace(t.db);
    await insertConnection(t.db, { workspaceId: ws, cloudId: 'old', status: 'disconnected' });
    const other = await insertConnection(t.db, { workspaceId: ws, cloudId: 'new', ...site('sandbox') });
    const error = await failure(vault().resolve(ws));
    expect(error.kind).toBe('CONNECTION_AMBIGUOUS');
    expect(error.message).toMatch(/no default Confluence connection: pass connectionId \(one of sandbox/);
    expect(error.details).toEqual({
      connections: [{ id: other, siteName: 'sandbox', siteUrl: 'https://sandbox.atlassian.net' }],
    });
  });

  it('a disconnected default stays the default: NOT_CONNECTED naming it, never the other site', async () => {
    const ws = await insertWorkspace(t.db);
    await insertConnection(t.db, {
      workspaceId: ws,
      cloudId: 'main',
      ...site('acme'),
      status: 'disconnected',
      isDefault: true,
    });
    const sandbox = await insertConnection(t.db, { workspaceId: ws, cloudId: 'sbx', ...site('sandbox') });
    const error = await failure(vault().resolve(ws));
    expect(error.kind).toBe('NOT_CONNECTED');
    expect(error.message).toMatch(
      /default Confluence connection, acme, was disconnected.*set another default/,
    );
    expect((await vault().resolve(ws, sandbox)).id).toBe(sandbox);
  });

  it('several: the default; no default: CONNECTION_AMBIGUOUS listing them', async () => {
    const ws = await insertWorkspace(t.db);
    const a = await insertConnection(t.db, { workspaceId: ws, cloudId: 'a', ...site('alpha') });
    const b = await insertConnection(t.db, { workspaceId: ws, cloudId: 'b', ...site('beta') });
    const error = await failure(vault().resolve(ws));
    expect(error.kind).toBe('CONNECTION_AMBIGUOUS');
    expect(error.message).toMatch(/connectionId/);
    expect(error.details).toEqual({
      connections: [
        { id: a, siteName: 'alpha', siteUrl: 'https://alpha.atlassian.net' },
        { id: b, siteName: 'beta', siteUrl: 'https://beta.atlassian.net' },
      ],
    });
    expect(JSON.stringify(error.details)).not.toMatch(/token|Enc/i);

    const ws2 = await insertWorkspace(t.db);
    await insertConnection(t.db, { workspaceId: ws2, cloudId: 'a' });
    const chosen = await insertConnection(t.db, { workspaceId: ws2, cloudId: 'b', isDefault: true });
    expect((await vault().resolve(ws2)).id).toBe(chosen);
  });

  it('needs_reauth: NEEDS_REAUTH, named or by default; a disconnected named one: NOT_CONNECTED', async () => {
    const ws = await insertWorkspace(t.db);
    const id = await insertConnection(t.db, {
      workspaceId: ws,
      ...site('acme'),
      status: 'needs_reauth',
      lastError: 'REAUTH_REQUIRED: invalid_grant',
      isDefault: true,
    });
    const attempts = [() => vault().resolve(ws), () => vault().resolve(ws, id), () => vault().clientFor(ws)];
    for (const attempt of attempts) {
      const error = await failure(attempt());
      expect(error.kind).toBe('NEEDS_REAUTH');
      expect(error.message).toMatch(/acme.*reconnect Confluence in Integrations/);
      expect(error.details).toMatchObject({ connectionId: id, lastError: 'REAUTH_REQUIRED: invalid_grant' });
    }

    const gone = await insertConnection(t.db, { workspaceId: ws, cloudId: 'gone', status: 'disconnected' });
    const error = await failure(vault().resolve(ws, gone));
    expect(error.kind).toBe('NOT_CONNECTED');
    expect(error.message).toMatch(/disconnected/);
  });
});
