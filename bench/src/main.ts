/**
 * `pnpm bench`: every benchmark, one run, one results file.
 *
 *   pnpm bench                 # all parts; BENCH_ROUNDS=5 BENCH_SECONDS=5
 *   pnpm bench --only=http     # http | conversion | stall | fleet | panel (comma-separated)
 *   pnpm bench --quick         # 1 round × 1 s at c=10: checks the harness, figures not worth keeping
 *   pnpm bench --scenario=getSpaces   # only the HTTP scenarios whose name contains this (with BENCH_PROFILE)
 *
 * Writes bench/results/<date>.json and .md and puts the table in the README between its bench markers. Each
 * server runs in its own process (the emulator too), so CPU per request is charged to the process that spent it.
 * The Hub runs on PostgreSQL when DATABASE_URL is set (a scratch database, dropped after), else on PGlite.
 */
import { randomBytes } from 'node:crypto';

import { ACME_CLOUD_ID } from '@hub/confluence-emulator';

import { runConversion, type ConversionResults } from './conversion.js';
import { runHttp, type HttpResults, type HttpScenario } from './http.js';
import { runFleet, type FleetResults } from './fleet.js';
import { runPanel, type PanelResults } from './panel.js';
import { machine, writeResults } from './report.js';
import { startChild, type Child } from './servers/child.js';
import { closeAll, emulatorToken, get, startHub, trpc, type Closers } from './setup.js';
import { runStall, type StallResults } from './stall.js';

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const only = [...args]
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const wants = (part: string) => only === undefined || only.includes(part);
const scenarioFilter = [...args].find((a) => a.startsWith('--scenario='))?.slice('--scenario='.length);

const plan = {
  rounds: Number(process.env.BENCH_ROUNDS ?? (quick ? 1 : 5)),
  seconds: Number(process.env.BENCH_SECONDS ?? (quick ? 1 : 5)),
  warmupSeconds: quick ? 1 : 2,
  concurrencies: quick ? [10] : [1, 10, 50],
  progress: (line: string) => process.stderr.write(`  ${line}\n`),
};

async function main() {
  const started = Date.now();
  const closers: Closers = [];
  process.once('SIGINT', () => void closeAll(closers).then(() => process.exit(130)));
  try {
    let http: HttpResults | undefined;
    let database: 'postgres' | 'pglite' | undefined;
    if (wants('http')) {
      const servers = await startServers(closers);
      database = servers.hub.facts.database === 'postgres' ? 'postgres' : 'pglite';
      console.error(`== part 1: tool calls against their baselines (Hub on ${database})`);
      const chosen = scenarios(servers).filter((s) => s.name.includes(scenarioFilter ?? ''));
      await sameConfluenceRequests(servers, chosen);
      http = await runHttp(chosen, plan);
    }
    let conversion: ConversionResults | undefined;
    if (wants('conversion')) {
      console.error('== part 2: content conversion against the parser floor');
      conversion = await runConversion({
        rounds: Math.max(plan.rounds, quick ? 1 : 5),
        progress: plan.progress,
      });
    }
    let stall: StallResults | undefined;
    if (wants('stall')) {
      console.error('== part 3: small tool calls while a 5 MB page converts, with the pool and without');
      stall = await runStall({
        rounds: plan.rounds,
        seconds: plan.seconds,
        connections: 10,
        progress: plan.progress,
      });
      database ??= stall.database;
    }
    let fleet: FleetResults | undefined;
    if (wants('fleet')) {
      console.error(
        '== part 5: the connection fleet (refresh storm, refresh-ahead policy, a 20,000-page walk)',
      );
      fleet = await runFleet({ rounds: plan.rounds, quick, progress: plan.progress });
      database ??= fleet.database;
    }
    let panel: PanelResults | undefined;
    if (wants('panel')) {
      console.error('== part 4: pnpm start, the panel bundle, the panel in Chromium');
      panel = await runPanel({ rounds: quick ? 1 : Math.min(plan.rounds, 5), progress: plan.progress });
    }
    await closeAll(closers);
    const file = await writeResults({
      machine: machine(),
      database,
      plan: { rounds: plan.rounds, seconds: plan.seconds, concurrencies: plan.concurrencies, quick },
      http,
      conversion,
      stall,
      fleet,
      panel,
      // Only a whole, full-length run is the latest result; anything less is written beside it, gitignored.
      partial: quick || only !== undefined || scenarioFilter !== undefined,
    });
    console.error(`== done in ${Math.round((Date.now() - started) / 1000)} s: ${file}`);
  } catch (error) {
    await closeAll(closers);
    throw error;
  }
}

interface Servers {
  emulator: Child;
  proxy: Child;
  floor: Child;
  hub: Child;
  /** An access token for Confluence direct (and the proxy and the floor, which send it on). */
  token: string;
  floorKey: string;
  site: string;
  pageId: string;
}

async function startServers(closers: Closers): Promise<Servers> {
  console.error('== starting the emulator, the baselines and the Hub, each in its own process');
  const emulator = await startChild('emulator');
  closers.push(() => emulator.close());
  const token = await emulatorToken(emulator.url);
  const sitePath = `/ex/confluence/${ACME_CLOUD_ID}/wiki`;
  const site = `${emulator.url}${sitePath}`;
  const spaces = (await get(`${site}/api/v2/spaces?keys=ENG`, token)) as {
    results: { homepageId: string }[];
  };
  const pageId = spaces.results[0]?.homepageId ?? '';

  const hub = await startHub(closers, emulator.url);
  const floorKey = randomBytes(24).toString('base64url');
  const floor = await startChild('floor', { SITE: site, CONFLUENCE_TOKEN: token, FLOOR_KEY: floorKey });
  closers.push(() => floor.close());
  const proxy = await startChild('proxy', { UPSTREAM: emulator.url });
  closers.push(() => proxy.close());
  return { emulator, proxy, floor, hub, token, floorKey, site, pageId };
}

const SPACES_PATH = '/api/v2/spaces?limit=1&status=current&description-format=plain';
const pagePath = (id: string) =>
  `/api/v2/pages/${id}?body-format=storage&include-labels=true&status=current&status=archived&status=draft`;

function scenarios(s: Servers): HttpScenario[] {
  const sitePath = new URL(s.site).pathname;
  const direct = `Bearer ${s.token}`;
  const floor = `Bearer ${s.floorKey}`;
  const hub = `Bearer ${s.hub.facts.apiKey ?? ''}`;
  return [
    {
      name: 'confluence.getSpaces',
      targets: [
        {
          variant: 'confluence-direct',
          url: `${s.site}${SPACES_PATH}`,
          authorization: direct,
          server: s.emulator,
        },
        {
          variant: 'bare-proxy',
          url: `${s.proxy.url}${sitePath}${SPACES_PATH}`,
          authorization: direct,
          server: s.proxy,
        },
        {
          variant: 'framework-floor',
          url: trpc(s.floor.url, 'getSpaces', { limit: 1 }),
          authorization: floor,
          server: s.floor,
        },
        {
          variant: 'hub',
          url: trpc(s.hub.url, 'confluence.getSpaces', { limit: 1 }),
          authorization: hub,
          server: s.hub,
        },
      ],
    },
    {
      name: 'confluence.getPage',
      targets: [
        {
          variant: 'confluence-direct',
          url: `${s.site}${pagePath(s.pageId)}`,
          authorization: direct,
          server: s.emulator,
        },
        {
          variant: 'framework-floor',
          url: trpc(s.floor.url, 'getPage', { pageId: s.pageId }),
          authorization: floor,
          server: s.floor,
        },
        {
          variant: 'hub',
          url: trpc(s.hub.url, 'confluence.getPage', { pageId: s.pageId }),
          authorization: hub,
          server: s.hub,
        },
      ],
    },
  ];
}

/** The comparison is fair only if the floor asks Confluence exactly what the Hub asks: checked, not assumed. */
async function sameConfluenceRequests(s: Servers, chosen: HttpScenario[]): Promise<void> {
  for (const scenario of chosen) {
    const asked: string[] = [];
    for (const target of scenario.targets.filter(
      (t) => t.variant === 'hub' || t.variant === 'framework-floor',
    )) {
      // Warm: what the Hub caches (people's names, say) it asks once, not per call.
      await fetch(target.url, { headers: { authorization: target.authorization } });
      await fetch(`${s.emulator.url}/__control/requests`, { method: 'DELETE' });
      const res = await fetch(target.url, { headers: { authorization: target.authorization } });
      if (!res.ok)
        throw new Error(`${scenario.name} / ${target.variant}: HTTP ${res.status} ${await res.text()}`);
      const log = (await get(`${s.emulator.url}/__control/requests`)) as {
        method: string;
        path: string;
        query: Record<string, string>;
      }[];
      // Requests sent side by side may reach the emulator in either order.
      const requests = log.map((e) => JSON.stringify([e.method, e.path, Object.entries(e.query).sort()]));
      asked.push(requests.sort().join('\n'));
    }
    if (asked[0] !== asked[1]) {
      throw new Error(
        `${scenario.name}: the floor and the Hub ask Confluence different things:\n${asked.join('\n')}`,
      );
    }
  }
}

await main();
