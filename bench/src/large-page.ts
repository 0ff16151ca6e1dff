/**
 * The stall benchmark's load: a 5 MB page in the emulator, and a client that keeps reading it as Markdown through a
 * Hub, one call after another, so that a conversion of it is always running there.
 */
import { ACME_CLOUD_ID } from '@hub/confluence-emulator';

import type { Target } from './load.js';
import { emulatorToken, get, post } from './setup.js';
import { storageSample } from './storage-sample.js';

/** Under the emulator's 5 MiB request limit once sent as JSON. */
const LARGE_PAGE_BYTES = 5_000_000;

export interface SeededPages {
  smallId: string;
  smallBytes: number;
  largeId: string;
  largeBytes: number;
}

/** The ENG homepage (small) and a new 5 MB page beside it, in the emulator's Acme site. */
export async function seedPages(emulatorUrl: string): Promise<SeededPages> {
  const token = await emulatorToken(emulatorUrl);
  const site = `${emulatorUrl}/ex/confluence/${ACME_CLOUD_ID}/wiki`;
  const spaces = (await get(`${site}/api/v2/spaces?keys=ENG`, token)) as {
    results: { id: string; homepageId: string }[];
  };
  const eng = spaces.results[0];
  if (eng === undefined) throw new Error('The emulator has no ENG space');
  const small = (await get(`${site}/api/v2/pages/${eng.homepageId}?body-format=storage`, token)) as {
    body: { storage: { value: string } };
  };
  const storage = storageSample(LARGE_PAGE_BYTES);
  const large = (await post(
    `${site}/api/v2/pages`,
    {
      spaceId: eng.id,
      status: 'current',
      title: 'Release notes, all of them',
      body: { representation: 'storage', value: storage },
    },
    token,
  )) as { id: string };
  return {
    smallId: eng.homepageId,
    smallBytes: Buffer.byteLength(small.body.storage.value),
    largeId: large.id,
    largeBytes: Buffer.byteLength(storage),
  };
}

/**
 * Reads the large page until stopped; resolves once a first call has answered (the conversion is then running in
 * earnest), and `stop()` gives every call's duration. The answer is counted, not parsed, so this process's event
 * loop (autocannon's) stays free.
 */
export async function keepReading(target: Target): Promise<{ stop: () => Promise<number[]> }> {
  const state = { stopped: false };
  const durations: number[] = [];
  const readOnce = async () => {
    const started = performance.now();
    const res = await fetch(target.url, { headers: { authorization: target.authorization } });
    const bytes = (await res.arrayBuffer()).byteLength;
    if (!res.ok || bytes < LARGE_PAGE_BYTES / 2) {
      throw new Error(`${target.variant}: HTTP ${res.status}, ${bytes} bytes; the figures would lie`);
    }
    durations.push(performance.now() - started);
  };
  await readOnce();
  const loop = (async () => {
    while (!state.stopped) await readOnce();
  })();
  // Handled here, thrown by stop(): a failure is reported where the round ends, not as an unhandled rejection.
  loop.catch(() => undefined);
  return {
    stop: async () => {
      state.stopped = true;
      await loop;
      return durations;
    },
  };
}
