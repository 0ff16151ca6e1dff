/**
 * Part 4: start-up and the panel. `pnpm start`'s time to ready (a first start on an empty DATA_DIR, then warm
 * starts with the panel unchanged), the JavaScript a first visit loads (gzip, read off the built index.html), and in
 * Debian's Chromium the time from opening the panel to its sign-in form and from "Sign in" to the Integrations
 * page showing its connection.
 */
import { spawn, spawnSync } from 'node:child_process';
import { access, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

import { freePort } from '@hub/api/testing';
import { chromium } from 'playwright-core';

import { startChild } from './servers/child.js';
import { median, round } from './stats.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const WEB_DIST = path.join(ROOT, 'apps/web/dist');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface PanelResults {
  startUp: { firstStartMs: number; warmStartMs: number; warmRounds: number };
  bundle: { initialJsGzipKb: number; initialJsFiles: number; lazyJsGzipKb: number };
  browser: { signInFormMs: number; connectionsAfterSignInMs: number; rounds: number } | null;
  /** Why the browser row is missing (no Chromium), or null. */
  browserSkipped: string | null;
}

export interface PanelPlan {
  rounds: number;
  progress: (line: string) => void;
}

export async function runPanel(plan: PanelPlan): Promise<PanelResults> {
  const startUp = await measureStartUp(plan);
  const bundle = await measureBundle();
  plan.progress(
    `initial JS ${bundle.initialJsGzipKb} KB gzip in ${bundle.initialJsFiles} file(s), lazy ${bundle.lazyJsGzipKb} KB`,
  );
  const browserSkipped = (await exists(CHROMIUM))
    ? null
    : `no Chromium at ${CHROMIUM} (apt-get install chromium)`;
  const browser = browserSkipped === null ? await measureBrowser(plan) : null;
  return { startUp, bundle, browser, browserSkipped };
}

/** `node scripts/start.mjs` (what `pnpm start` runs) until its banner, which states the time to ready. */
async function measureStartUp(plan: PanelPlan): Promise<PanelResults['startUp']> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'hub-bench-start-'));
  try {
    const times: number[] = [];
    for (let run = 0; run <= plan.rounds; run++) {
      const ms = await startOnce(dataDir);
      plan.progress(`pnpm start ${run === 0 ? 'first start' : `warm start ${run}`}: ready in ${ms} ms`);
      times.push(ms);
    }
    const [first = Number.NaN, ...warm] = times;
    return { firstStartMs: first, warmStartMs: round(median(warm)), warmRounds: warm.length };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function startOnce(dataDir: string): Promise<number> {
  // A newcomer's start: demo mode on embedded PGlite, whatever this shell has configured.
  const dropped = /^(ATLASSIAN_|ADMIN_|DATABASE_URL$|PUBLIC_URL$|TOKEN_ENCRYPTION_KEYS$|AUTH_SECRET$|LOG_)/;
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !dropped.test(name)));
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts/start.mjs')], {
    cwd: ROOT,
    env: {
      ...env,
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      EMULATOR_PORT: String(await freePort()),
      LOG_FORMAT: 'json',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  try {
    return await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`pnpm start not ready in 120 s:\n${output}`)), 120_000);
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        const ready = /Ready in ([\d.]+) s/.exec(output);
        if (ready?.[1] === undefined) return;
        clearTimeout(timer);
        // The banner's figure (from the script's start); the JSON log line carries the same in whole ms.
        const readyMs = /"readyMs":(\d+)/.exec(output)?.[1];
        resolve(readyMs === undefined ? Number(ready[1]) * 1000 : Number(readyMs));
      };
      child.stdout.on('data', (chunk: Buffer) => {
        read(chunk);
      });
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('exit', (code) => reject(new Error(`pnpm start exited (${code}) before ready:\n${output}`)));
    });
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  }
}

/** What a first visit loads: the entry script and the chunks index.html preloads with it. */
async function measureBundle(): Promise<PanelResults['bundle']> {
  const built = spawnSync(path.join(ROOT, 'node_modules/.bin/turbo'), ['run', 'build', '--filter=@hub/web'], {
    cwd: ROOT,
    stdio: 'ignore',
  });
  if (built.status !== 0) throw new Error('the panel did not build: run `pnpm --filter @hub/web build`');
  const html = await readFile(path.join(WEB_DIST, 'index.html'), 'utf8');
  const initial = new Set(
    [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\/([^"]+\.js)"/g)].map(
      (m) => m[1] ?? '',
    ),
  );
  const assets = (await readdir(path.join(WEB_DIST, 'assets')))
    .filter((file) => file.endsWith('.js'))
    .map((file) => `assets/${file}`);
  let initialBytes = 0;
  let lazyBytes = 0;
  for (const file of assets) {
    const size = gzipSync(await readFile(path.join(WEB_DIST, file))).length;
    if (initial.has(file)) initialBytes += size;
    else lazyBytes += size;
  }
  return {
    initialJsGzipKb: round(initialBytes / 1024),
    initialJsFiles: initial.size,
    lazyJsGzipKb: round(lazyBytes / 1024),
  };
}

async function measureBrowser(plan: PanelPlan): Promise<NonNullable<PanelResults['browser']>> {
  const closers: (() => Promise<unknown>)[] = [];
  try {
    const emulator = await startChild('emulator');
    closers.push(() => emulator.close());
    const dataDir = await mkdtemp(path.join(tmpdir(), 'hub-bench-panel-'));
    closers.push(() => rm(dataDir, { recursive: true, force: true }));
    const port = await freePort();
    // On PGlite: this row is about the browser, and a first visit's few queries are not what it measures.
    const hub = await startChild('hub', {
      EMULATOR_URL: emulator.url,
      DATA_DIR: dataDir,
      HUB_PORT: String(port),
    });
    closers.push(() => hub.close());
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
      ],
    });
    closers.push(() => browser.close());

    const form: number[] = [];
    const connections: number[] = [];
    // Round 0 warms the server (and its database) up; it is not counted.
    for (let r = 0; r <= plan.rounds; r++) {
      // A fresh context is a first visit (no cache, no cookie); each signs in from an address of its own, as
      // sign-ins are limited per address.
      const context = await browser.newContext({
        baseURL: `http://127.0.0.1:${port}`,
        extraHTTPHeaders: { 'x-forwarded-for': `10.99.${r}.1` },
      });
      const page = await context.newPage();
      page.setDefaultTimeout(30_000);
      const opened = performance.now();
      await page.goto('/');
      await page.getByLabel('Email').waitFor();
      const formMs = performance.now() - opened;
      await page.getByLabel('Email').fill('bench@example.com');
      await page.getByLabel('Password').fill('bench-password-0123');
      const submitted = performance.now();
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByTestId('connection-row').first().waitFor();
      const connectionsMs = performance.now() - submitted;
      await context.close();
      if (r === 0) continue;
      form.push(formMs);
      connections.push(connectionsMs);
      plan.progress(
        `Chromium round ${r}: sign-in form ${Math.round(formMs)} ms, connections ${Math.round(connectionsMs)} ms after Sign in`,
      );
    }
    return {
      signInFormMs: round(median(form)),
      connectionsAfterSignInMs: round(median(connections)),
      rounds: form.length,
    };
  } finally {
    for (const close of closers.reverse()) await close().catch(() => undefined);
  }
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
