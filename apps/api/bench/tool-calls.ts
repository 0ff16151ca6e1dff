/**
 * What does the Hub add on top of Confluence for one tool call?
 *
 * Starts the emulator and the whole API (real vault, API-key auth, activity log, PGlite) in this process, then
 * drives load from a separate process (autocannon) so the load generator does not share this event loop.
 * Each scenario is measured as a pair in the same run: the Confluence request the tool makes, sent straight to
 * the emulator (baseline), and the tool call through the Hub (`/trpc`, API key). Runs alternate baseline / Hub,
 * RUNS times each; the table reports medians and the Hub/baseline ratio.
 *
 *   pnpm --filter @hub/api bench            # BENCH_RUNS=5 BENCH_SECONDS=5 BENCH_CONNECTIONS=10
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { ACME_CLOUD_ID, DEMO_CLIENT, startEmulator } from '@hub/confluence-emulator';

import { ActivityRecorder } from '../src/activity/recorder.js';
import { createApp } from '../src/app.js';
import { createAuthService } from '../src/auth/service.js';
import { connectEmulatorAccount } from '../src/connections/test-support/vault-kit.js';
import { TokenCipher } from '../src/connections/token-cipher.js';
import { ConnectionVault } from '../src/connections/vault.js';
import { createDatabase } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { createLogger } from '../src/logger.js';
import { testKeyring } from '../src/test-support/fixtures.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const run = promisify(execFile);
const autocannonBin = path.resolve(import.meta.dirname, '../node_modules/.bin/autocannon');

interface Sample {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
}

async function load(url: string, authorization: string): Promise<Sample> {
  const args = [
    '-j',
    '-c',
    String(CONNECTIONS),
    '-d',
    String(SECONDS),
    '-H',
    `authorization=${authorization}`,
    url,
  ];
  const { stdout } = await run(autocannonBin, args, { maxBuffer: 16 * 1024 * 1024 });
  const r = JSON.parse(stdout) as {
    requests: { average: number };
    latency: { p50: number; p99: number };
    non2xx: number;
    errors: number;
  };
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx + r.errors };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

async function main() {
  const logger = createLogger({ level: 'warn' });
  const emu = await startEmulator({ port: 0 });
  const dataDir = await mkdtemp(path.join(tmpdir(), 'hub-bench-'));
  const database = await createDatabase({ dataDir });
  await migrate(database);
  const { db } = database;

  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const cipher = new TokenCipher(testKeyring('bench'));
  const auth = createAuthService({
    db,
    secret: 'bench-secret-bench-secret-bench-secret',
    baseURL: url,
    logger,
  });
  const oauth = { ...DEMO_CLIENT, authBaseUrl: emu.url, apiBaseUrl: emu.url };
  const vault = new ConnectionVault({ db, cipher, logger, oauth });
  const activity = new ActivityRecorder({ db, logger });
  server.on(
    'request',
    createApp({ db, cipher, logger, auth, vault, activity, oauth, publicUrl: url, webDist: null }),
  );

  const { workspaceId } = await auth.bootstrapAdmin({
    email: 'bench@example.com',
    password: 'bench-password-0123',
    workspaceName: 'Bench',
  });
  const { key } = await auth.createApiKey({
    workspaceId,
    name: 'bench',
    role: 'admin',
    createdBy: { kind: 'system' },
  });
  await connectEmulatorAccount(db, cipher, emu, { workspaceId });
  const direct = (await emu.control.issueTokens({ accountId: 'acc-ada' })).access_token;

  const site = `${emu.url}/ex/confluence/${ACME_CLOUD_ID}/wiki`;
  const spaces = (await (
    await fetch(`${site}/api/v2/spaces?keys=ENG`, { headers: { authorization: `Bearer ${direct}` } })
  ).json()) as { results: { id: string; homepageId: string }[] };
  const pageId = spaces.results[0]?.homepageId ?? '';
  const trpc = (proc: string, input: unknown) =>
    `${url}/trpc/${proc}?input=${encodeURIComponent(JSON.stringify(input))}`;

  const scenarios = [
    {
      name: 'list spaces (get_confluence_spaces, limit 1)',
      baseline: `${site}/api/v2/spaces?limit=1&status=current&description-format=plain`,
      hub: trpc('confluence.getSpaces', { limit: 1 }),
    },
    {
      name: 'read a page as Markdown (get_confluence_page)',
      baseline: `${site}/api/v2/pages/${pageId}?body-format=storage&include-labels=true`,
      hub: trpc('confluence.getPage', { pageId }),
    },
  ];

  console.log(`node ${process.version}, ${RUNS} runs × ${SECONDS}s, ${CONNECTIONS} connections, PGlite`);
  const rows: string[] = [];
  for (const s of scenarios) {
    const base: Sample[] = [];
    const hub: Sample[] = [];
    await load(s.hub, `Bearer ${key}`); // warm-up: JIT, caches, keep-alive pools
    for (let i = 0; i < RUNS; i++) {
      base.push(await load(s.baseline, `Bearer ${direct}`));
      hub.push(await load(s.hub, `Bearer ${key}`));
      process.stderr.write(`  ${s.name}: run ${i + 1}/${RUNS}\n`);
    }
    const failures = [...base, ...hub].reduce((n, x) => n + x.non2xx, 0);
    if (failures > 0)
      throw new Error(`${s.name}: ${failures} non-2xx answers or errors; the figures would lie`);
    const b = median(base.map((x) => x.rps));
    const h = median(hub.map((x) => x.rps));
    rows.push(
      `| ${s.name} | ${b.toFixed(0)} | ${h.toFixed(0)} | ${(h / b).toFixed(2)} | ` +
        `${median(hub.map((x) => x.p50))} / ${median(hub.map((x) => x.p99))} ms |`,
    );
  }
  console.log(
    '\n| scenario | Confluence direct (req/s) | through the Hub (req/s) | Hub / direct | Hub p50 / p99 |',
  );
  console.log('|---|---:|---:|---:|---:|');
  for (const row of rows) console.log(row);

  await activity.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await emu.close();
  await database.close();
  await rm(dataDir, { recursive: true, force: true });
}

await main();
