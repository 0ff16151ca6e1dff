/**
 * A stand-in API process for vault.cross-process.test.ts: its own database pool and ConnectionVault, then
 * VAULT_CALLS concurrent getAccessToken calls once the parent writes "go" on stdin (so both processes fire
 * together). Prints one JSON line: the tokens received and how many refreshes this process logged.
 *
 * Run: node --conditions=@hub/source --import tsx vault-process.ts (env: VAULT_DATABASE_URL, VAULT_KEYS,
 * VAULT_EMULATOR_URL, VAULT_CONNECTION_ID, VAULT_CALLS).
 */
import { createInterface } from 'node:readline';

import { DEMO_CLIENT } from '@hub/confluence-emulator';
import { sql } from 'drizzle-orm';

import { createDatabase } from '../../db/client.js';
import { parseKeyring } from '../keyring.js';
import { TokenCipher } from '../token-cipher.js';
import { ConnectionVault } from '../vault.js';
import { captureLogger } from './vault-kit.js';

function env(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is required`);
  return value;
}

const database = await createDatabase({ url: env('VAULT_DATABASE_URL'), poolMax: 4 });
const { logger, output } = captureLogger();
const emulatorUrl = env('VAULT_EMULATOR_URL');
const vault = new ConnectionVault({
  db: database.db,
  cipher: new TokenCipher(parseKeyring(env('VAULT_KEYS'))),
  logger,
  oauth: {
    clientId: DEMO_CLIENT.clientId,
    clientSecret: DEMO_CLIENT.clientSecret,
    authBaseUrl: emulatorUrl,
    apiBaseUrl: emulatorUrl,
  },
});
const connectionId = env('VAULT_CONNECTION_ID');
const calls = Number(env('VAULT_CALLS'));

// Warm the pool, so both processes reach the row lock at about the same time after "go".
await database.db.execute(sql`select 1`);
process.stdout.write('ready\n');
const lines = createInterface({ input: process.stdin });
for await (const line of lines) if (line.trim() === 'go') break;
lines.close();

const results = await Promise.allSettled(
  Array.from({ length: calls }, () => vault.getAccessToken(connectionId)),
);
const tokens = results.map((r) => (r.status === 'fulfilled' ? r.value : null));
const errors = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
const refreshes = output()
  .split('\n')
  .filter((line) => line.includes('Confluence token refreshed')).length;
process.stdout.write(`${JSON.stringify({ tokens, errors, refreshes })}\n`);
await database.close();
