/**
 * Which transport should ConfluenceClient use by default? Measures global fetch against undici.request on a
 * keep-alive Agent, raw and through the full client (auth header, JSON parse, zod), sequential and at c=10.
 *
 *   pnpm --filter @hub/confluence bench:transport   (env: BENCH_N=2000 BENCH_RUNS=5, BENCH_TARGET=bare)
 *
 * Talks only to a server it starts on 127.0.0.1: the emulator when it is available, else a bare node:http
 * server answering a spaces-list JSON. Bounded: RUNS × transports × modes × N requests, then it exits.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { ConfluenceClient } from '../src/client/confluence-client.js';
import { fetchTransport, type Transport, undiciTransport } from '../src/client/transport.js';

const N = Number(process.env.BENCH_N ?? 2000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const CONCURRENCY = 10;
const CLOUD_ID = '11111111-1111-4111-8111-111111111111';

interface Target {
  label: string;
  apiBaseUrl: string;
  token: string;
  close: () => Promise<void>;
}

const spacesBody = JSON.stringify({
  results: Array.from({ length: 25 }, (_, i) => ({
    id: String(1000 + i),
    key: `S${i}`,
    name: `Space ${i}`,
    type: 'global',
    status: 'current',
    authorId: 'acc-ada',
    createdAt: '2025-01-01T00:00:00.000Z',
    homepageId: String(2000 + i),
    _links: { webui: `/spaces/S${i}` },
  })),
  _links: { base: 'https://acme.atlassian.net/wiki', next: '/wiki/api/v2/spaces?cursor=abc' },
});

async function startBareServer(): Promise<Target> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(spacesBody),
    });
    res.end(spacesBody);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    label: 'bare node:http server (25-space JSON)',
    apiBaseUrl: `http://127.0.0.1:${port}`,
    token: 'bench-token',
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

interface EmulatorModule {
  startEmulator?: (o: { port: number; quiet?: boolean }) => Promise<{ url: string; close(): Promise<void> }>;
}

async function startTarget(): Promise<Target> {
  if (process.env.BENCH_TARGET === 'bare') return startBareServer();
  const mod = (await import('@hub/confluence-emulator').catch(() => ({}))) as EmulatorModule;
  if (typeof mod.startEmulator !== 'function') return startBareServer();
  const emu = await mod.startEmulator({ port: 0, quiet: true });
  const res = await fetch(`${emu.url}/__control/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ accountId: 'acc-ada' }),
  });
  const { access_token } = (await res.json()) as { access_token: string };
  return {
    label: 'confluence-emulator (GET spaces, demo seed)',
    apiBaseUrl: emu.url,
    token: access_token,
    close: () => emu.close(),
  };
}

type Call = () => Promise<void>;

function rawCall(transport: Transport, target: Target): Call {
  const url = `${target.apiBaseUrl}/ex/confluence/${CLOUD_ID}/wiki/api/v2/spaces?limit=25`;
  const headers = { authorization: `Bearer ${target.token}`, accept: 'application/json' };
  return async () => {
    const res = await transport({ method: 'GET', url, headers });
    await res.text();
    if (res.status !== 200) throw new Error(`unexpected status ${res.status}`);
  };
}

function clientCall(transport: Transport, target: Target): Call {
  const client = new ConfluenceClient({
    cloudId: CLOUD_ID,
    apiBaseUrl: target.apiBaseUrl,
    getAccessToken: () => Promise.resolve(target.token),
    transport,
    retry: false,
  });
  return async () => {
    await client.listSpaces({ limit: 25 });
  };
}

/** Requests per second for n calls, `concurrency` in flight at a time. */
async function measure(call: Call, n: number, concurrency: number): Promise<number> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < n) {
      next++;
      await call();
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return n / ((performance.now() - start) / 1000);
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

async function main(): Promise<void> {
  const target = await startTarget();
  const undici = undiciTransport();
  const transports: [string, Transport][] = [
    ['fetch', fetchTransport()],
    ['undici', undici],
  ];
  const layers: [string, (t: Transport, tg: Target) => Call][] = [
    ['transport', rawCall],
    ['client', clientCall],
  ];
  const modes: [string, number][] = [
    ['sequential', 1],
    [`c=${CONCURRENCY}`, CONCURRENCY],
  ];
  console.log(
    `target: ${target.label}; node ${process.version}; N=${N} per run; ${RUNS} runs (interleaved)\n`,
  );

  const results = new Map<string, number[]>();
  for (const [, t] of transports)
    for (const [, layer] of layers) await measure(layer(t, target), 300, CONCURRENCY); // warm-up
  for (let run = 0; run < RUNS; run++) {
    for (const [layerName, layer] of layers) {
      for (const [modeName, c] of modes) {
        for (const [name, t] of transports) {
          const key = `${layerName}|${modeName}|${name}`;
          const rps = await measure(layer(t, target), N, c);
          results.set(key, [...(results.get(key) ?? []), rps]);
        }
      }
    }
  }

  console.log('| layer | mode | transport | median req/s | min–max req/s | median µs/req | vs fetch |');
  console.log('|---|---|---|---:|---:|---:|---:|');
  for (const [layerName] of layers) {
    for (const [modeName, c] of modes) {
      const base = median(results.get(`${layerName}|${modeName}|fetch`) ?? []);
      for (const [name] of transports) {
        const runs = results.get(`${layerName}|${modeName}|${name}`) ?? [];
        const m = median(runs);
        const us = (1e6 / m) * c;
        console.log(
          `| ${layerName} | ${modeName} | ${name} | ${m.toFixed(0)} | ${Math.min(...runs).toFixed(0)}–${Math.max(...runs).toFixed(0)} | ${us.toFixed(0)} | ${(m / base).toFixed(2)}× |`,
        );
      }
    }
  }
  await undici.close();
  await target.close();
}

await main();
