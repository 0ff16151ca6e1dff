/**
 * The two ends of a benchmark server process. Each server under test runs in its own process (forked by
 * `startChild`), so the load generator, the emulator and the other variants never share its event loop or its
 * CPU account: `cpu()` is that process's own user + system time.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector';
import path from 'node:path';

export type ChildMessage =
  | { type: 'ready'; url: string; facts: Record<string, string> }
  | { type: 'cpu'; micros: number; rss: number }
  | { type: 'failed'; message: string };

export type ParentMessage = { type: 'cpu' } | { type: 'close' };

export interface Served {
  url: string;
  /** What the parent needs besides the URL (tokens, ids); strings only. */
  facts?: Record<string, string>;
  close(): Promise<void>;
}

/** Inside the child: start, report `ready`, answer CPU queries, close on request. */
export function serveChild(start: () => Promise<Served>): void {
  const send = (message: ChildMessage) => process.send?.(message);
  start().then(
    async (served) => {
      const profileTo = process.env.BENCH_PROFILE_TO;
      const stopProfile: () => Promise<void> =
        profileTo === undefined ? () => Promise.resolve() : await startProfile(profileTo);
      process.on('message', (message: ParentMessage) => {
        if (message.type === 'cpu') {
          const { user, system } = process.cpuUsage();
          send({ type: 'cpu', micros: user + system, rss: process.memoryUsage().rss });
        } else {
          void stopProfile()
            .then(() => served.close())
            .finally(() => process.exit(0));
        }
      });
      send({ type: 'ready', url: served.url, facts: served.facts ?? {} });
    },
    (error: unknown) => {
      send({
        type: 'failed',
        message: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
      process.exit(1);
    },
  );
}

function definedOnly(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

/** A V8 CPU profile of this process from now until `stop()` (open the file in Chrome DevTools). */
async function startProfile(file: string): Promise<() => Promise<void>> {
  const session = new Session();
  session.connect();
  const post = (method: string) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, (error, result) => (error ? reject(error) : resolve(result))),
    );
  await post('Profiler.enable');
  await post('Profiler.start');
  return async () => {
    const { profile } = (await post('Profiler.stop')) as { profile: unknown };
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify(profile));
    session.disconnect();
  };
}

export interface Child {
  name: string;
  url: string;
  facts: Record<string, string>;
  /** CPU time this process has used so far, in microseconds. */
  cpu(): Promise<number>;
  rss(): Promise<number>;
  close(): Promise<void>;
}

const SERVERS = path.resolve(import.meta.dirname);
const PROFILES = path.resolve(import.meta.dirname, '../../results/profiles');

/** In the parent: fork `servers/<script>.ts` under tsx (source conditions) and wait for it to be ready. */
export async function startChild(
  script: string,
  env: Record<string, string | undefined> = {},
  execArgv: string[] = [],
): Promise<Child> {
  const child: ChildProcess = fork(path.join(SERVERS, `${script}.ts`), [], {
    execArgv: ['--import', 'tsx', '--conditions=@hub/source', ...execArgv],
    env: definedOnly({
      ...process.env,
      ...env,
      // BENCH_PROFILE=hub,floor: those processes profile themselves from ready to close (results/profiles/).
      BENCH_PROFILE_TO: (process.env.BENCH_PROFILE ?? '').split(',').includes(script)
        ? path.join(PROFILES, `${script}-${new Date().toISOString().replace(/[:.]/g, '-')}.cpuprofile`)
        : undefined,
    }),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <T extends ChildMessage['type']>(type: T) =>
    new Promise<Extract<ChildMessage, { type: T }>>((resolve, reject) => {
      const onMessage = (message: ChildMessage) => {
        if (message.type === type) {
          child.off('message', onMessage);
          child.off('exit', onExit);
          resolve(message as Extract<ChildMessage, { type: T }>);
        } else if (message.type === 'failed') {
          reject(new Error(`${script} failed to start:\n${message.message}`));
        }
      };
      const onExit = (code: number | null) =>
        reject(new Error(`${script} exited (${code}) before answering`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const ready = await next('ready');
  const usage = async () => {
    const reply = next('cpu');
    child.send({ type: 'cpu' } satisfies ParentMessage);
    return reply;
  };
  return {
    name: script,
    url: ready.url,
    facts: ready.facts,
    cpu: async () => (await usage()).micros,
    rss: async () => (await usage()).rss,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.send({ type: 'close' } satisfies ParentMessage);
      }),
  };
}

/** Listens on a free loopback port; `stop()` cuts the open connections and stops listening. */
export async function listenLocal(server: Server): Promise<{ url: string; stop: () => Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
