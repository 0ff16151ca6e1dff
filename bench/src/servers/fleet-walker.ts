/**
 * Walks a large space, alone in its process so its memory figures are the walk's: `POST /` with
 * `{ "via": "client" }` pages through the space with the Confluence client's cursor iterator (paginate over
 * listSpacePages, 250 a page) straight against the emulator; `{ "via": "hub", url, apiKey, spaceKey }` calls the
 * Hub's get_confluence_space_pages again and again with each answer's nextCursor. Pages are counted, not kept.
 * Memory is process.memoryUsage() after a forced gc, then sampled every few ms and after every batch; run with
 * --expose-gc.
 */
import { createServer } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { ConfluenceClient, paginate } from '@hub/confluence';
import { ACME_CLOUD_ID } from '@hub/confluence-emulator';

import { listenLocal, serveChild } from './child.js';

export type WalkRequest = { via: 'client' } | { via: 'hub'; url: string; apiKey: string; spaceKey: string };

export interface WalkFigures {
  pages: number;
  /** Listing requests (to Confluence, or tool calls to the Hub). */
  requests: number;
  ms: number;
  /** Peak over the walk minus the value before it, in MB: JS heap + external (buffers), and RSS. */
  peakHeapGrowthMb: number;
  peakRssGrowthMb: number;
  /** Heap + external still held after the walk and a gc, minus before: what the walk kept. */
  retainedMb: number;
}

const LIMIT = 250;
const SAMPLE_MS = 5;
const MB = 2 ** 20;

const gc: () => void =
  (globalThis as { gc?: () => void }).gc ??
  (() => {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  })();

async function measured(walk: (sample: () => void) => Promise<{ pages: number; requests: number }>) {
  gc();
  gc();
  const heap = () => {
    const m = process.memoryUsage();
    return { heap: m.heapUsed + m.external, rss: m.rss };
  };
  const base = heap();
  const peak = { ...base };
  const sample = () => {
    const now = heap();
    peak.heap = Math.max(peak.heap, now.heap);
    peak.rss = Math.max(peak.rss, now.rss);
  };
  const timer = setInterval(sample, SAMPLE_MS);
  const started = performance.now();
  try {
    const counts = await walk(sample);
    const ms = performance.now() - started;
    sample();
    gc();
    const mb = (bytes: number) => Math.round((bytes / MB) * 10) / 10;
    return {
      ...counts,
      ms: Math.round(ms),
      peakHeapGrowthMb: mb(peak.heap - base.heap),
      peakRssGrowthMb: mb(peak.rss - base.rss),
      retainedMb: mb(heap().heap - base.heap),
    } satisfies WalkFigures;
  } finally {
    clearInterval(timer);
  }
}

function viaClient(emulatorUrl: string, token: string, spaceId: string) {
  const client = new ConfluenceClient({
    cloudId: ACME_CLOUD_ID,
    apiBaseUrl: emulatorUrl,
    getAccessToken: () => Promise.resolve(token),
  });
  return measured(async (sample) => {
    let requests = 0;
    let pages = 0;
    const listing = paginate(
      (p: { limit: number; cursor?: string }) => {
        requests += 1;
        return client.listSpacePages(spaceId, p);
      },
      { limit: LIMIT },
    );
    for await (const _page of listing) {
      pages += 1;
      if (pages % LIMIT === 0) sample();
    }
    return { pages, requests };
  });
}

function viaHub(url: string, apiKey: string, spaceKey: string) {
  return measured(async (sample) => {
    let requests = 0;
    let pages = 0;
    let cursor: string | undefined;
    do {
      const input = encodeURIComponent(JSON.stringify({ spaceKey, limit: LIMIT, cursor }));
      const res = await fetch(`${url}/trpc/confluence.getSpacePages?input=${input}`, {
        headers: { authorization: `Bearer ${apiKey}` },
      });
      requests += 1;
      if (!res.ok) throw new Error(`get_confluence_space_pages: HTTP ${res.status} ${await res.text()}`);
      const { result } = (await res.json()) as {
        result: { data: { pages: unknown[]; nextCursor: string | null } };
      };
      pages += result.data.pages.length;
      cursor = result.data.nextCursor ?? undefined;
      sample();
    } while (cursor !== undefined);
    return { pages, requests };
  });
}

serveChild(async () => {
  const emulatorUrl = process.env.EMULATOR_URL ?? '';
  const token = process.env.FLEET_TOKEN ?? '';
  const spaceId = process.env.FLEET_SPACE_ID ?? '';
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as WalkRequest;
      const walk =
        body.via === 'client'
          ? viaClient(emulatorUrl, token, spaceId)
          : viaHub(body.url, body.apiKey, body.spaceKey);
      walk.then(
        (figures) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(figures)),
        (error: unknown) => res.writeHead(500).end(error instanceof Error ? error.message : String(error)),
      );
    });
  });
  const { url, stop } = await listenLocal(server);
  return { url, close: stop };
});
