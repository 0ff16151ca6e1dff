import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createInterface } from 'node:readline';

import { startEmulator, type Emulator } from '@hub/confluence-emulator';
import { afterAll, describe, expect, it } from 'vitest';

import { useTestDatabase } from '../test-support/database.js';
import { postgresSkipReason } from '../test-support/postgres-only.js';
import { insertWorkspace } from '../test-support/fixtures.js';
import { formatKeyringEntry, parseKeyring } from './keyring.js';
import { connectEmulatorAccount, refreshGrants, storedConnection } from './test-support/vault-kit.js';
import { TokenCipher } from './token-cipher.js';

const t = useTestDatabase();
const keys = formatKeyringEntry('k1', randomBytes(32));
const cipher = new TokenCipher(parseKeyring(keys));
const CHILD = path.join(import.meta.dirname, 'test-support', 'vault-process.ts');
const API_DIR = path.resolve(import.meta.dirname, '..', '..');
const SKIP_REASON = postgresSkipReason('two vault processes on one database (PGlite serves one process)');
let emu: Emulator | undefined;

afterAll(() => emu?.close());

interface ChildResult {
  tokens: (string | null)[];
  errors: string[];
  refreshes: number;
}

/** Starts one API stand-in; resolves `ready` once it has connected, `result` with its JSON line. */
function startChild(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--conditions=@hub/source', '--import', 'tsx', CHILD], {
    cwd: API_DIR,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const lines = createInterface({ input: child.stdout });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const next = (): Promise<string> =>
    new Promise((resolve, reject) => {
      lines.once('line', resolve);
      void exited.then((code) => reject(new Error(`vault process exited (${String(code)}): ${stderr}`)));
    });
  const ready = next();
  return {
    ready,
    go: () => child.stdin.write('go\n'),
    result: ready.then(next).then((line) => JSON.parse(line) as ChildResult),
    exited,
  };
}

describe('ConnectionVault across processes', () => {
  it('two API processes, 25 concurrent calls each on an expired token: one refresh_token grant', async (ctx) => {
    if (SKIP_REASON !== null || t.database.kind !== 'postgres') {
      ctx.skip(SKIP_REASON ?? 'not on PostgreSQL');
      return;
    }
    emu = await startEmulator({ port: 0, seed: 'empty' });
    const workspaceId = await insertWorkspace(t.db);
    const conn = await connectEmulatorAccount(t.db, cipher, emu, {
      workspaceId,
      expiresAt: new Date(Date.now() - 60_000),
    });
    // Slow token answers keep the first refresh (and its row lock) in flight while the other process arrives.
    await emu.control.addFault({ path: '/oauth/token', delayMs: 400 });
    const env = {
      VAULT_DATABASE_URL: String(t.database.pool.options.connectionString),
      VAULT_KEYS: keys,
      VAULT_EMULATOR_URL: emu.url,
      VAULT_CONNECTION_ID: conn.id,
      VAULT_CALLS: '25',
    };
    const children = [startChild(env), startChild(env)];
    await Promise.all(children.map((c) => c.ready));
    for (const c of children) c.go();
    const results = await Promise.all(children.map((c) => c.result));
    expect(await Promise.all(children.map((c) => c.exited))).toEqual([0, 0]);

    const tokens = results.flatMap((r) => r.tokens);
    expect(results.flatMap((r) => r.errors)).toEqual([]);
    expect(tokens).toHaveLength(50);
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).not.toBe(conn.accessToken);
    expect(await refreshGrants(emu)).toBe(1);
    // One process refreshed; the other waited on the row lock, re-read the row and took the new token.
    expect(results.map((r) => r.refreshes).sort()).toEqual([0, 1]);
    const row = await storedConnection(t.db, cipher, conn.id);
    expect(row).toMatchObject({ status: 'active', accessToken: tokens[0] });
    expect(row.refreshToken).not.toBe(conn.refreshToken);
  }, 60_000);
});
