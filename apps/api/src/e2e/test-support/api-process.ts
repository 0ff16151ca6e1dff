import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { createServer as createHttpServer, request as httpRequest } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';

const API_DIR = path.resolve(import.meta.dirname, '..', '..', '..');
const MAIN = path.join(API_DIR, 'src', 'main.ts');

/** One pino line of a child's stdout. */
export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

/**
 * A real API process: `node --conditions=@hub/source --import tsx src/main.ts` (what `pnpm start` runs), configured
 * only through its environment. Its stdout (pino JSON) is kept line by line.
 */
export interface ApiProcess {
  url: string;
  child: ChildProcessWithoutNullStreams;
  logs: LogLine[];
  /** Whatever the process wrote that was not a JSON log line (start-up errors, stack traces). */
  otherOutput: () => string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Polls GET /readyz until it answers 200; rejects if the process exits first or after `timeoutMs`. */
  ready(timeoutMs?: number): Promise<void>;
  /** SIGTERM (graceful shutdown), then SIGKILL if still running after `graceMs`; resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

/** A port nobody listens on right now (the child binds it a moment later). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export function spawnApiProcess(env: Record<string, string>): ApiProcess {
  const port = env.PORT;
  if (port === undefined) throw new Error('spawnApiProcess: PORT is required');
  const child = spawn(process.execPath, ['--conditions=@hub/source', '--import', 'tsx', MAIN], {
    cwd: API_DIR,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const logs: LogLine[] = [];
  let other = '';
  createInterface({ input: child.stdout }).on('line', (line) => {
    try {
      logs.push(JSON.parse(line) as LogLine);
    } catch {
      other += `${line}\n`;
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (other += chunk.toString('utf8')));
  // 'close', not 'exit': by then stdout has been read to the end, so every log line is in `logs`.
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    child,
    logs,
    otherOutput: () => other,
    exited,
    async ready(timeoutMs = 45_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (exitCode !== undefined) {
          throw new Error(`API process exited (${String(exitCode)}) before it was ready:\n${other}`);
        }
        try {
          const response = await fetch(`${url}/readyz`);
          if (response.status === 200) return;
        } catch {
          // Not listening yet.
        }
        if (Date.now() > deadline) throw new Error(`API process not ready after ${timeoutMs} ms:\n${other}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async stop(graceMs = 15_000) {
      if (exitCode !== undefined) return exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

export interface Balancer {
  url: string;
  /** Requests forwarded to each upstream, in the order given. */
  served: number[];
  close(): Promise<void>;
}

/**
 * A load balancer in front of several API processes: each request goes to the next upstream in turn, as a
 * round-robin balancer without sticky sessions would send it.
 */
export async function roundRobin(upstreams: string[]): Promise<Balancer> {
  const served = upstreams.map(() => 0);
  let next = 0;
  const server = createHttpServer((req, res) => {
    const index = next++ % upstreams.length;
    served[index] = (served[index] ?? 0) + 1;
    const target = new URL(req.url ?? '/', upstreams[index]);
    const upstream = httpRequest(
      target,
      { method: req.method, headers: { ...req.headers, host: target.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    served,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
