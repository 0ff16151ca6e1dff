#!/usr/bin/env node
import { startEmulator } from './emulator.js';
import { ACCOUNTS, SITES } from './identities.js';
import type { SeedName } from './options.js';

/**
 * `pnpm --filter @hub/confluence-emulator start`. Environment: PORT (default 4010, 0 = any free port),
 * HOST (default 127.0.0.1), EMULATOR_SEED (demo | empty), EMULATOR_LOG=1 to log each request.
 */
function readPort(raw: string | undefined): number {
  const port = Number(raw ?? '4010');
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`PORT must be 0-65535, got "${raw ?? ''}"`);
  return port;
}

function readSeed(raw: string | undefined): SeedName {
  if (raw === undefined || raw === '' || raw === 'demo') return 'demo';
  if (raw === 'empty') return 'empty';
  throw new Error(`EMULATOR_SEED must be demo or empty, got "${raw}"`);
}

const emu = await startEmulator({
  port: readPort(process.env.PORT),
  host: process.env.HOST ?? '127.0.0.1',
  seed: readSeed(process.env.EMULATOR_SEED),
  quiet: process.env.EMULATOR_LOG !== '1',
});

const client = emu.options.clients[0];
console.log(`Confluence emulator listening on ${emu.url}`);
console.log(`  ATLASSIAN_AUTH_URL=${emu.url}`);
console.log(`  ATLASSIAN_API_URL=${emu.url}`);
if (client !== undefined)
  console.log(`  client id: ${client.clientId}  client secret: ${client.clientSecret}`);
console.log(`  seed: ${emu.options.seed}`);
for (const account of ACCOUNTS) {
  const sites = account.cloudIds.map((id) => SITES.find((s) => s.cloudId === id)?.name ?? id).join(', ');
  console.log(`  account: ${account.name} <${account.email}> (${account.accountId}) → ${sites}`);
}
for (const site of SITES) console.log(`  site: ${site.name} ${site.url} cloudId ${site.cloudId}`);

let stopping = false;
function stop(signal: string): void {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: shutting down`);
  emu.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
