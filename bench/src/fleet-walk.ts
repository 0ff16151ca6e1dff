/**
 * Walking a large space: the emulator (own process) seeded with one space of `pages` pages
 * (`POST /__control/spaces`), walked from servers/fleet-walker.ts (own process, so its memory is the walk's) with
 * the client's cursor iterator, and through a Hub (own process) one get_confluence_space_pages call per batch,
 * while this process samples the Hub's RSS. Per way: the median time over the rounds and the largest growth.
 */
import type { WalkFigures, WalkRequest } from './servers/fleet-walker.js';
import { startChild, type Child } from './servers/child.js';
import { closeAll, emulatorToken, post, startHub, type Closers } from './setup.js';
import { median } from './stats.js';

export type { WalkFigures } from './servers/fleet-walker.js';

export interface WalkResults {
  /** Pages in the space (its homepage included). */
  pages: number;
  /** Walks measured each way, after one warm-up walk each way. */
  rounds: number;
  /** The client's cursor iterator, straight against Confluence. */
  client: WalkFigures;
  /** get_confluence_space_pages through the Hub, cursor after cursor; the walker's figures plus the Hub's RSS. */
  hub: WalkFigures & { hubPeakRssGrowthMb: number };
  /** Goal for the client walk's peak memory growth: met when both heap + external and RSS stay within it. */
  targetMb: number;
  targetMet: boolean;
}

export interface WalkOptions {
  /** The emulator's process; the walk adds its space there. */
  emulator: Child;
  pages: number;
  rounds: number;
  progress: (line: string) => void;
}

const SPACE_KEY = 'FLEET';
export const WALK_TARGET_MB = 30;
const HUB_SAMPLE_MS = 50;
const MB = 2 ** 20;

export async function runWalk(opts: WalkOptions): Promise<WalkResults> {
  const closers: Closers = [];
  try {
    const { emulator } = opts;
    const seeded = (await post(`${emulator.url}/__control/spaces`, {
      key: SPACE_KEY,
      name: 'Fleet',
      pages: opts.pages,
    })) as { spaceId: string };
    const started = (async () => {
      const env = {
        EMULATOR_URL: emulator.url,
        FLEET_TOKEN: await emulatorToken(emulator.url),
        FLEET_SPACE_ID: seeded.spaceId,
      };
      const child = await startChild('fleet-walker', env, ['--expose-gc']);
      closers.push(() => child.close());
      return child;
    })();
    // Started side by side: under load an embedded database takes a while to open.
    // Both settle before either failure is thrown, so the closers hold whatever did start.
    const [walkerStart, hubStart] = await Promise.allSettled([started, startHub(closers, emulator.url)]);
    if (walkerStart.status === 'rejected') throw walkerStart.reason;
    if (hubStart.status === 'rejected') throw hubStart.reason;
    const walker = walkerStart.value;
    const hub = hubStart.value;

    // Not counted: a first walk in a fresh process also pays for compiling the code and for V8 sizing its heap
    // (on this machine +25-28 MB heap, +37-39 MB RSS); the Hub is a long-running process, walked when warm.
    await walk(walker, { via: 'client' }, opts.pages);
    await walkThroughHub(walker, hub, opts.pages);
    const client: WalkFigures[] = [];
    const viaHub: (WalkFigures & { hubPeakRssGrowthMb: number })[] = [];
    for (let r = 0; r < opts.rounds; r++) {
      client.push(await walk(walker, { via: 'client' }, opts.pages));
      viaHub.push(await walkThroughHub(walker, hub, opts.pages));
      opts.progress(
        `walk: round ${r + 1}/${opts.rounds}, client ${client.at(-1)?.ms ?? 0} ms, hub ${viaHub.at(-1)?.ms ?? 0} ms`,
      );
    }
    const clientFigures = summarize(client);
    return {
      pages: opts.pages,
      rounds: opts.rounds,
      client: clientFigures,
      hub: {
        ...summarize(viaHub),
        hubPeakRssGrowthMb: Math.max(...viaHub.map((w) => w.hubPeakRssGrowthMb)),
      },
      targetMb: WALK_TARGET_MB,
      targetMet: Math.max(clientFigures.peakHeapGrowthMb, clientFigures.peakRssGrowthMb) <= WALK_TARGET_MB,
    };
  } finally {
    await closeAll(closers);
  }
}

async function walk(walker: Child, request: WalkRequest, pages: number): Promise<WalkFigures> {
  const figures = (await post(walker.url, request)) as WalkFigures;
  if (figures.pages !== pages) throw new Error(`walk via ${request.via}: ${figures.pages} of ${pages} pages`);
  return figures;
}

async function walkThroughHub(walker: Child, hub: Child, pages: number) {
  const before = await hub.rss();
  const state = { peak: before, done: false };
  const sampler = (async () => {
    while (!state.done) {
      state.peak = Math.max(state.peak, await hub.rss());
      await new Promise((resolve) => setTimeout(resolve, HUB_SAMPLE_MS));
    }
  })();
  try {
    const request: WalkRequest = {
      via: 'hub',
      url: hub.url,
      apiKey: hub.facts.apiKey ?? '',
      spaceKey: SPACE_KEY,
    };
    const figures = await walk(walker, request, pages);
    return { ...figures, hubPeakRssGrowthMb: Math.round(((state.peak - before) / MB) * 10) / 10 };
  } finally {
    state.done = true;
    await sampler;
  }
}

/** Median time and requests; the largest memory figures of any round. */
function summarize(runs: WalkFigures[]): WalkFigures {
  const max = (pick: (w: WalkFigures) => number) => Math.max(...runs.map(pick));
  return {
    pages: runs[0]?.pages ?? 0,
    requests: runs[0]?.requests ?? 0,
    ms: Math.round(median(runs.map((w) => w.ms))),
    peakHeapGrowthMb: max((w) => w.peakHeapGrowthMb),
    peakRssGrowthMb: max((w) => w.peakRssGrowthMb),
    retainedMb: max((w) => w.retainedMb),
  };
}
