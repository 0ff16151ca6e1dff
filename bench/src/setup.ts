/**
 * What the parts share to set up what they measure: a Hub process on its own database, and plain JSON requests to
 * the emulator and the Hub.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { scratchPostgresDatabase } from '@hub/api/testing';

import { startChild, type Child } from './servers/child.js';

/** Run in reverse order by the part that pushed them, on success and on failure alike. */
export type Closers = (() => Promise<void>)[];

/**
 * A Hub (`servers/<script>.ts`, default the plain Hub) against the emulator at `emulatorUrl`, on a scratch
 * PostgreSQL database when DATABASE_URL is set, else on PGlite in a temporary folder.
 */
export async function startHub(
  closers: Closers,
  emulatorUrl: string,
  script = 'hub',
  env: Record<string, string> = {},
): Promise<Child> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'hub-bench-'));
  closers.push(() => rm(dataDir, { recursive: true, force: true }));
  let databaseUrl: string | undefined;
  if (process.env.DATABASE_URL) {
    const scratch = await scratchPostgresDatabase(process.env.DATABASE_URL, 'hub_bench');
    closers.push(scratch.drop);
    databaseUrl = scratch.url;
  }
  const hub = await startChild(script, {
    ...env,
    EMULATOR_URL: emulatorUrl,
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
  });
  closers.push(() => hub.close());
  return hub;
}

export async function closeAll(closers: Closers): Promise<void> {
  for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
}

/** An access token to the emulator's Confluence, as Ada. */
export async function emulatorToken(emulatorUrl: string): Promise<string> {
  const tokens = (await post(`${emulatorUrl}/__control/tokens`, { accountId: 'acc-ada' })) as {
    access_token: string;
  };
  return tokens.access_token;
}

export async function get(url: string, token?: string): Promise<unknown> {
  const res = await fetch(url, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  return res.json();
}

export async function post(url: string, body: unknown, token?: string): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`POST ${url}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

/** A tRPC query URL (GET, input in the query string). */
export const trpc = (base: string, procedure: string, input: unknown) =>
  `${base}/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`;
