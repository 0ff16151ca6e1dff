import { Writable } from 'node:stream';

import { ACME_CLOUD_ID, DEMO_CLIENT, type Emulator } from '@hub/confluence-emulator';
import type { OAuthConfig } from '@hub/confluence';
import { eq } from 'drizzle-orm';

import type { Db } from '../../db/client.js';
import { confluenceConnections } from '../../db/schema/index.js';
import { createLogger, type Logger } from '../../logger.js';
import { saveConnection } from '../store.js';
import type { TokenCipher } from '../token-cipher.js';
import { ConnectionVault, type VaultDeps } from '../vault.js';

/** Test helpers for the vault: connections with real emulator tokens, a movable clock, a log you can read. */

export const oauthFor = (emu: Emulator): OAuthConfig => ({
  clientId: DEMO_CLIENT.clientId,
  clientSecret: DEMO_CLIENT.clientSecret,
  authBaseUrl: emu.url,
  apiBaseUrl: emu.url,
});

export interface TestClock {
  now: () => number;
  advance: (ms: number) => void;
}

/** Starts at the real time (the emulator's clock and saveConnection's timestamps are real). */
export function testClock(): TestClock {
  let offset = 0;
  return { now: () => Date.now() + offset, advance: (ms) => (offset += ms) };
}

export function captureLogger(): { logger: Logger; output: () => string } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: createLogger({ level: 'debug', destination }), output: () => lines.join('') };
}

export interface EmulatorConnection {
  id: string;
  accessToken: string;
  refreshToken: string;
}

export interface ConnectOptions {
  workspaceId: string;
  accountId?: string;
  cloudId?: string;
  siteName?: string;
  /** Stored expiry of the access token; default: what the emulator said (`expires_in` from now). */
  expiresAt?: Date;
}

/** Tokens from the emulator (no consent page), stored as a connection the way the OAuth callback stores it. */
export async function connectEmulatorAccount(
  db: Db,
  cipher: TokenCipher,
  emu: Emulator,
  opts: ConnectOptions,
): Promise<EmulatorConnection> {
  const accountId = opts.accountId ?? 'acc-ada';
  const tokens = await emu.control.issueTokens({ accountId });
  if (tokens.refresh_token === undefined) throw new Error('the emulator issued no refresh token');
  const siteName = opts.siteName ?? 'Acme';
  const id = await saveConnection(db, cipher, {
    workspaceId: opts.workspaceId,
    cloudId: opts.cloudId ?? ACME_CLOUD_ID,
    siteName,
    siteUrl: `https://${siteName.toLowerCase().replace(/\W+/g, '-')}.atlassian.net`,
    accountId,
    accountName: null,
    accountEmail: null,
    scopes: tokens.scope.split(' '),
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    accessTokenExpiresAt: opts.expiresAt ?? new Date(Date.now() + tokens.expires_in * 1000),
    createdBy: null,
  });
  return { id, accessToken: tokens.access_token, refreshToken: tokens.refresh_token };
}

/** The row as stored, tokens decrypted: what a restarted process (or another one) would read. */
export async function storedConnection(db: Db, cipher: TokenCipher, id: string) {
  const [row] = await db.select().from(confluenceConnections).where(eq(confluenceConnections.id, id));
  if (row === undefined) throw new Error(`connection ${id} not found`);
  const open = (envelope: string | null, field: 'access_token' | 'refresh_token') =>
    envelope === null ? null : cipher.decrypt(envelope, { rowId: id, field });
  return {
    ...row,
    accessToken: open(row.accessTokenEnc, 'access_token'),
    refreshToken: open(row.refreshTokenEnc, 'refresh_token'),
  };
}

export function createTestVault(
  db: Db,
  cipher: TokenCipher,
  emu: Emulator,
  overrides: Partial<VaultDeps> = {},
): ConnectionVault {
  return new ConnectionVault(vaultDeps(db, cipher, emu, overrides));
}

export function vaultDeps(
  db: Db,
  cipher: TokenCipher,
  emu: Emulator,
  overrides: Partial<VaultDeps> = {},
): VaultDeps {
  return { db, cipher, logger: createLogger({ level: 'silent' }), oauth: oauthFor(emu), ...overrides };
}

/** The database, counting the reads and transactions started on it directly (not those inside a transaction). */
export function countingDb(db: Db): { db: Db; counts: { select: number; transaction: number } } {
  const counts = { select: 0, transaction: 0 };
  const proxy = new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === 'select' || prop === 'transaction') counts[prop] += 1;
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
  return { db: proxy, counts };
}

/** Successful refresh_token grants the emulator has answered. */
export async function refreshGrants(emu: Emulator): Promise<number> {
  return (await emu.control.stats()).token.refresh_token;
}

/** Token-endpoint requests as logged by the emulator (status 0 = dropped). */
export async function tokenRequests(emu: Emulator): Promise<number[]> {
  return (await emu.control.requests()).filter((r) => r.path === '/oauth/token').map((r) => r.status);
}
