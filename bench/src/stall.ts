/**
 * Part 3: small tool calls while a large page converts. Two Hubs, each in its own process against one emulator: one
 * with the conversion pool, one converting on its event loop (threshold Infinity: the Hub before the pool). Per
 * round and Hub (the order rotating), each small call (get_confluence_spaces, a small get_confluence_page as
 * Markdown) runs at `connections` idle, then again while another client reads a 5 MB page as Markdown from the
 * same Hub, one call after another; each figure is the median over the rounds.
 */
import { keepReading, seedPages, type SeededPages } from './large-page.js';
import { measure, type Sample, type Target } from './load.js';
import { startChild, type Child } from './servers/child.js';
import { closeAll, startHub, trpc, type Closers } from './setup.js';
import { median, round } from './stats.js';

export interface StallRow {
  /** "pool", or "no pool" (every conversion on the event loop). */
  variant: string;
  call: string;
  idleP99Ms: number;
  duringConversionP99Ms: number;
  ratio: number;
  rounds: number;
}

export interface StallResults {
  database: 'postgres' | 'pglite';
  connections: number;
  /** Each sample's length. */
  seconds: number;
  largePageBytes: number;
  smallPageBytes: number;
  /** The large page's own call, median ms, by variant. */
  largeCallMs: Record<string, number>;
  rows: StallRow[];
}

export interface StallPlan {
  rounds: number;
  seconds: number;
  connections: number;
  warmupSeconds?: number;
  progress: (line: string) => void;
}

const VARIANTS: { name: string; env: Record<string, string>; inline: boolean }[] = [
  { name: 'pool', env: {}, inline: false },
  { name: 'no pool', env: { CONVERSION_POOL: 'off' }, inline: true },
];

interface Hub {
  variant: string;
  hub: Child;
  /** The small calls, by name. */
  calls: Map<string, Target>;
  /** The 5 MB page as Markdown. */
  large: Target;
}

/** Per variant and call: the idle and the during-conversion samples, and the large calls' durations. */
interface Samples {
  idle: Map<string, Sample[]>;
  during: Map<string, Sample[]>;
  largeMs: Map<string, number[]>;
}

export async function runStall(plan: StallPlan): Promise<StallResults> {
  const closers: Closers = [];
  try {
    const emulator = await startChild('emulator');
    closers.push(() => emulator.close());
    const pages = await seedPages(emulator.url);
    const hubs: Hub[] = [];
    for (const variant of VARIANTS) hubs.push(await startVariant(closers, emulator.url, variant, pages));
    const warmup = plan.warmupSeconds ?? Math.min(plan.seconds, 2);
    let stallMs = 0;
    for (const [i, h] of hubs.entries()) {
      for (const target of h.calls.values()) await sample(target, plan.connections, warmup);
      const durations = await (await keepReading(h.large)).stop();
      if (VARIANTS[i]?.inline) stallMs = Math.max(stallMs, ...durations);
    }
    // autocannon drops what is still unanswered when a sample ends: a sample shorter than a few of the event loop's
    // stalls (a whole large call, without the pool) would miss the slowest small calls, or end before any answers.
    const seconds = Math.max(plan.seconds, Math.ceil((3 * stallMs) / 1000));
    const samples: Samples = { idle: new Map(), during: new Map(), largeMs: new Map() };
    for (let r = 0; r < plan.rounds; r++) {
      for (const h of hubs.map((_, i) => hubs[(i + r) % hubs.length])) {
        if (h !== undefined) await measureRound(h, plan.connections, seconds, samples);
      }
      plan.progress(`stall: round ${r + 1}/${plan.rounds}`);
    }
    return {
      database: hubs[0]?.hub.facts.database === 'postgres' ? 'postgres' : 'pglite',
      connections: plan.connections,
      seconds,
      largePageBytes: pages.largeBytes,
      smallPageBytes: pages.smallBytes,
      largeCallMs: Object.fromEntries([...samples.largeMs].map(([v, xs]) => [v, round(median(xs))])),
      rows: hubs.flatMap((h) => [...h.calls.keys()].map((call) => row(h.variant, call, samples))),
    };
  } finally {
    await closeAll(closers);
  }
}

async function startVariant(
  closers: Closers,
  emulatorUrl: string,
  variant: (typeof VARIANTS)[number],
  pages: SeededPages,
): Promise<Hub> {
  const hub = await startHub(closers, emulatorUrl, 'stall-hub', variant.env);
  const target = (call: string, procedure: string, input: unknown): Target => ({
    variant: `${call} (${variant.name})`,
    url: trpc(hub.url, procedure, input),
    authorization: `Bearer ${hub.facts.apiKey ?? ''}`,
    server: hub,
  });
  const calls: [string, string, unknown][] = [
    ['get_confluence_spaces', 'confluence.getSpaces', { limit: 1 }],
    ['get_confluence_page (small, Markdown)', 'confluence.getPage', { pageId: pages.smallId }],
  ];
  return {
    variant: variant.name,
    hub,
    calls: new Map(calls.map(([call, procedure, input]) => [call, target(call, procedure, input)])),
    large: target('get_confluence_page (5 MB, Markdown)', 'confluence.getPage', { pageId: pages.largeId }),
  };
}

/** One round on one Hub: every small call idle, then every small call while the large page keeps converting. */
async function measureRound(h: Hub, connections: number, seconds: number, samples: Samples): Promise<void> {
  const push = <T>(map: Map<string, T[]>, key: string, value: T) =>
    map.set(key, [...(map.get(key) ?? []), value]);
  for (const [call, target] of h.calls) {
    push(samples.idle, `${h.variant}/${call}`, await sample(target, connections, seconds));
  }
  const reading = await keepReading(h.large);
  for (const [call, target] of h.calls) {
    push(samples.during, `${h.variant}/${call}`, await sample(target, connections, seconds));
  }
  for (const ms of await reading.stop()) push(samples.largeMs, h.variant, ms);
}

function row(variant: string, call: string, samples: Samples): StallRow {
  const p99 = (xs: Sample[] | undefined) => median((xs ?? []).map((x) => x.p99));
  const idle = p99(samples.idle.get(`${variant}/${call}`));
  const during = p99(samples.during.get(`${variant}/${call}`));
  return {
    variant,
    call,
    idleP99Ms: round(idle),
    duringConversionP99Ms: round(during),
    ratio: round(during / idle),
    rounds: samples.idle.get(`${variant}/${call}`)?.length ?? 0,
  };
}

async function sample(target: Target, connections: number, seconds: number): Promise<Sample> {
  const result = await measure(target, connections, seconds);
  if (result.failures > 0 || result.requests === 0) {
    throw new Error(
      `${target.variant}: ${result.failures} failed answers of ${result.requests}; the figures would lie`,
    );
  }
  return result;
}
