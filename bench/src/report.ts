/**
 * The results file (bench/results/<date>.json), its Markdown table (<date>.md) and the README's copy of it.
 * Derived figures carry the names other programs read: apiOverFrameworkFloor, cpuOverFrameworkFloor.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { CONVERSION_WORKER_RESOURCE_LIMITS } from '@hub/confluence';
import { format, resolveConfig } from 'prettier';

import type { ConversionResults } from './conversion.js';
import type { FleetResults } from './fleet.js';
import type { HttpResults, VariantFigures } from './http.js';
import type { PanelResults } from './panel.js';
import type { StallResults } from './stall.js';
import { round } from './stats.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const RESULTS = path.join(ROOT, 'bench/results');
const README = path.join(ROOT, 'README.md');
const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  os: string;
  /** 1-minute load average when the run started: how busy the shared machine was. */
  loadAverage: number;
}

export function machine(): Machine {
  return {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    loadAverage: round(os.loadavg()[0] ?? 0, 2),
  };
}

interface Target {
  name: string;
  value: number | undefined;
  /** "≥ 0.8" or "≤ 1.3". */
  goal: string;
  met: boolean | undefined;
}

export interface Report {
  machine: Machine;
  database: 'postgres' | 'pglite' | undefined;
  plan: { rounds: number; seconds: number; concurrencies: number[]; quick: boolean };
  http: HttpResults | undefined;
  conversion: ConversionResults | undefined;
  stall: StallResults | undefined;
  fleet: FleetResults | undefined;
  panel: PanelResults | undefined;
  /** A quick or filtered run: written to <date>-partial.*, never to the README. */
  partial: boolean;
}

const ratio = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined || b === 0 ? undefined : round(a / b);

function byConcurrency(
  http: HttpResults | undefined,
  scenario: string,
  pick: (hub: VariantFigures, floor: VariantFigures) => number | undefined,
): Record<string, number | undefined> {
  const rows = http?.[scenario] ?? {};
  return Object.fromEntries(
    Object.entries(rows).map(([c, variants]) => {
      const hub = variants.hub;
      const floor = variants['framework-floor'];
      return [c, hub === undefined || floor === undefined ? undefined : pick(hub, floor)];
    }),
  );
}

function derive(http: HttpResults | undefined) {
  const throughput = byConcurrency(http, 'confluence.getSpaces', (h, f) => ratio(h.rps, f.rps));
  const cpu = byConcurrency(http, 'confluence.getSpaces', (h, f) =>
    ratio(h.cpuPerRequestUs, f.cpuPerRequestUs),
  );
  const addedP50 = byConcurrency(http, 'confluence.getSpaces', (h, f) => round(h.p50Ms - f.p50Ms));
  const page = byConcurrency(http, 'confluence.getPage', (h, f) => ratio(h.rps, f.rps));
  return {
    apiOverFrameworkFloor: throughput.c10,
    cpuOverFrameworkFloor: cpu.c10,
    addedP50OverFloorMs: addedP50.c10,
    byConcurrency: {
      apiOverFrameworkFloor: throughput,
      cpuOverFrameworkFloor: cpu,
      getPageMarkdownOverFloor: page,
    },
  };
}

function targets(
  derived: ReturnType<typeof derive>,
  conversion: ConversionResults | undefined,
  stall: StallResults | undefined,
  panel: PanelResults | undefined,
  fleet: FleetResults | undefined,
): Target[] {
  const list: Target[] = [];
  const at = (name: string, value: number | undefined, goal: string, ok: (v: number) => boolean) =>
    list.push({ name, value, goal, met: value === undefined ? undefined : ok(value) });
  for (const [c, v] of Object.entries(derived.byConcurrency.apiOverFrameworkFloor))
    at(`apiOverFrameworkFloor ${c}`, v, '≥ 0.8', (x) => x >= 0.8);
  for (const [c, v] of Object.entries(derived.byConcurrency.cpuOverFrameworkFloor))
    at(`cpuOverFrameworkFloor ${c}`, v, '≤ 1.3', (x) => x <= 1.3);
  if (derived.addedP50OverFloorMs !== undefined)
    at('added p50 over the floor, c10 (ms)', derived.addedP50OverFloorMs, '≤ 0.5', (x) => x <= 0.5);
  for (const [c, v] of Object.entries(derived.byConcurrency.getPageMarkdownOverFloor))
    at(`getPage (Markdown) over the floor ${c}`, v, '≥ 0.6', (x) => x >= 0.6);
  const oneMb = conversion?.['1MB'];
  if (oneMb !== undefined) {
    at('1 MB storage → Markdown over parse', oneMb.storageToMarkdownOverParse, '≤ 5', (x) => x <= 5);
    at('1 MB Markdown → storage over parse', oneMb.markdownToStorageOverParse, '≤ 5', (x) => x <= 5);
    at('1 MB normalizeStorage over parse', oneMb.normalizeStorageOverParse, '≤ 5', (x) => x <= 5);
  }
  const pooled = stall?.rows.filter((row) => row.variant === 'pool') ?? [];
  if (pooled.length > 0) {
    const worst = Math.max(...pooled.map((row) => row.ratio));
    at('small-call p99 during a 5 MB conversion over idle (pool, worst call)', worst, '≤ 2', (x) => x <= 2);
  }
  if (fleet !== undefined) {
    const { storm, walk } = fleet;
    if (storm.status === 'measured') {
      at(
        'refresh storm: token requests per connection',
        round(Math.max(...storm.tokenRequests) / storm.connections),
        '= 1',
        (x) => x === 1,
      );
      at('refresh storm: failures', storm.failures + storm.refusedTokenRequests, '= 0', (x) => x === 0);
    }
    at(
      `${walk.pages}-page walk: peak memory growth (MB)`,
      round(Math.max(walk.client.peakHeapGrowthMb, walk.client.peakRssGrowthMb)),
      '≤ 30',
      (x) => x <= 30,
    );
  }
  if (panel !== undefined) {
    at('pnpm start, warm, to ready (s)', round(panel.startUp.warmStartMs / 1000), '≤ 10', (x) => x <= 10);
    at('panel initial JS gzip (KB)', panel.bundle.initialJsGzipKb, '≤ 150', (x) => x <= 150);
  }
  return list;
}

function markdown(report: Report, date: string, goals: Target[]): string {
  const m = report.machine;
  const lines = [
    `Measured ${date} on ${m.cpus} cores (${m.cpuModel}), ${m.memoryGb} GB, Node ${m.node}, load average ${m.loadAverage} at the start; ` +
      `Hub on ${report.database ?? 'n/a'}; ${report.plan.rounds} alternating rounds × ${report.plan.seconds} s per figure, medians; ` +
      'each server in its own process, load from autocannon.',
    '',
  ];
  if (report.http !== undefined) {
    lines.push(
      '| scenario | c | variant | req/s | p50 ms | p99 ms | server CPU µs/req |',
      '|---|---:|---|---:|---:|---:|---:|',
    );
    for (const [scenario, rows] of Object.entries(report.http)) {
      for (const [c, variants] of Object.entries(rows)) {
        for (const [variant, f] of Object.entries(variants)) {
          lines.push(
            `| ${scenario} | ${c.slice(1)} | ${variant} | ${f.rps} | ${f.p50Ms} | ${f.p99Ms} | ${f.cpuPerRequestUs} |`,
          );
        }
      }
    }
    lines.push('');
  }
  if (report.conversion !== undefined) {
    lines.push(
      `Conversions as the Hub runs pages this size: with its conversion workers' V8 young generation (${CONVERSION_WORKER_RESOURCE_LIMITS.maxYoungGenerationSizeMb} MB).`,
      '',
      '| page | parse floor ms | storage → Markdown ms (×) | Markdown → storage ms (×) | normalizeStorage ms (×) |',
      '|---|---:|---:|---:|---:|',
    );
    for (const [label, f] of Object.entries(report.conversion)) {
      lines.push(
        `| ${label} | ${f.parseFloorMs} | ${f.storageToMarkdownMs} (${f.storageToMarkdownOverParse}×) | ` +
          `${f.markdownToStorageMs} (${f.markdownToStorageOverParse}×) | ${f.normalizeStorageMs} (${f.normalizeStorageOverParse}×) |`,
      );
    }
    lines.push('');
  }
  if (report.stall !== undefined) lines.push(...stallTable(report.stall), '');
  if (report.fleet !== undefined) lines.push(...fleetTable(report.fleet), '');
  if (report.panel !== undefined) lines.push(...panelTable(report.panel), '');
  if (goals.length > 0) {
    lines.push('| target | measured | goal | met |', '|---|---:|---:|:---:|');
    for (const g of goals)
      lines.push(
        `| ${g.name} | ${g.value ?? '–'} | ${g.goal} | ${g.met === undefined ? '–' : g.met ? 'yes' : 'no'} |`,
      );
    lines.push('');
  }
  return lines.join('\n');
}

function stallTable(stall: StallResults): string[] {
  const large = Object.entries(stall.largeCallMs)
    .map(([variant, ms]) => `${ms} ms ${variant === 'pool' ? 'with the pool' : `with ${variant}`}`)
    .join(', ');
  return [
    `Small calls at c=${stall.connections} for ${stall.seconds} s, idle and while another client reads a ${round(stall.largePageBytes / 1e6)} MB ` +
      `page as Markdown from the same Hub (that call: ${large}); the small page is ${stall.smallPageBytes} bytes of storage.`,
    '',
    '| call | variant | p99 idle ms | p99 during conversion ms | × idle |',
    '|---|---|---:|---:|---:|',
    ...stall.rows.map(
      (r) => `| ${r.call} | ${r.variant} | ${r.idleP99Ms} | ${r.duringConversionP99Ms} | ${r.ratio} |`,
    ),
  ];
}

function fleetTable(fleet: FleetResults): string[] {
  const { storm, policy, walk } = fleet;
  const perHour = policy.tokenRequestsPerHour;
  return [
    `| connection fleet${fleet.quick ? ' (quick: a tenth of the counts)' : ''} | measured |`,
    '|---|---:|',
    storm.status === 'measured'
      ? `| refresh storm: ${storm.connections} tokens expiring at once, ${storm.processes} API processes | all refreshed in ${round(storm.msToRefreshAll / 1000)} s (median of ${storm.rounds}); token requests ${storm.tokenRequests.join(', ')}; failures ${storm.failures}; peak database connections ${storm.peakDatabaseConnections} |`
      : `| refresh storm | not measured: ${storm.reason} |`,
    `| token requests per hour, ${policy.idleConnections} idle + ${policy.busyConnections} busy connections (${policy.database}) | before (every connection ahead) ${perHour.before.total}; after (used within the hour) ${perHour.after.total} (${perHour.after.busy} busy, ${perHour.after.idle} idle) |`,
    `| walk of ${walk.pages} pages by cursor: client, ${walk.client.requests} requests | ${walk.client.ms} ms; peak heap +${walk.client.peakHeapGrowthMb} MB, RSS +${walk.client.peakRssGrowthMb} MB, kept ${walk.client.retainedMb} MB |`,
    `| the same walk through the Hub, ${walk.hub.requests} tool calls | ${walk.hub.ms} ms; Hub RSS +${walk.hub.hubPeakRssGrowthMb} MB |`,
  ];
}

function panelTable(panel: PanelResults): string[] {
  const { startUp, bundle, browser } = panel;
  return [
    '| start-up and panel | measured |',
    '|---|---:|',
    `| pnpm start to ready, first start (empty DATA_DIR) | ${round(startUp.firstStartMs / 1000)} s |`,
    `| pnpm start to ready, warm, panel unchanged (median of ${startUp.warmRounds}) | ${round(startUp.warmStartMs / 1000)} s |`,
    `| panel initial JS (gzip, ${bundle.initialJsFiles} file(s)); lazy routes | ${bundle.initialJsGzipKb} KB; ${bundle.lazyJsGzipKb} KB |`,
    browser === null
      ? `| Chromium: not measured | ${panel.browserSkipped ?? ''} |`
      : `| Chromium, first visit: sign-in form shown (median of ${browser.rounds}) | ${browser.signInFormMs} ms |`,
    ...(browser === null
      ? []
      : [
          `| Chromium: Sign in → Integrations shows its connection | ${browser.connectionsAfterSignInMs} ms |`,
        ]),
  ];
}

/** Writes the JSON and Markdown results; returns the JSON's path. */
export async function writeResults(report: Report): Promise<string> {
  const date = new Date().toISOString().slice(0, 10);
  const derived = derive(report.http);
  const goals = targets(derived, report.conversion, report.stall, report.panel, report.fleet);
  const json = {
    date: new Date().toISOString(),
    machine: report.machine,
    database: report.database,
    plan: report.plan,
    apiOverFrameworkFloor: derived.apiOverFrameworkFloor,
    cpuOverFrameworkFloor: derived.cpuOverFrameworkFloor,
    addedP50OverFloorMs: derived.addedP50OverFloorMs,
    byConcurrency: derived.byConcurrency,
    targets: goals,
    http: report.http,
    conversion: report.conversion,
    stall: report.stall,
    fleet: report.fleet,
    panel: report.panel,
  };
  const base = path.join(RESULTS, report.partial ? `${date}-partial` : date);
  const table = markdown(report, date, goals);
  await mkdir(RESULTS, { recursive: true });
  await writeFile(`${base}.json`, await pretty(JSON.stringify(json), `${base}.json`));
  await writeFile(`${base}.md`, await pretty(table, `${base}.md`));
  process.stdout.write(`\n${table}\n`);
  if (!report.partial) {
    const readme = await readFile(README, 'utf8');
    const start = readme.indexOf(START);
    const end = readme.indexOf(END);
    if (start >= 0 && end > start) {
      const updated = `${readme.slice(0, start + START.length)}\n${table}\n${readme.slice(end)}`;
      await writeFile(README, await pretty(updated, README));
    }
  }
  return `${base}.json`;
}

/** Written as the repository's formatter would write it, so `pnpm lint` (prettier --check) stays green. */
async function pretty(text: string, file: string): Promise<string> {
  return format(text, { ...(await resolveConfig(file)), filepath: file });
}
