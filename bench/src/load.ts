import autocannon from 'autocannon';

import type { Child } from './servers/child.js';

export interface Target {
  /** Shown in the tables, e.g. "framework floor". */
  variant: string;
  url: string;
  authorization: string;
  /** The process whose CPU the requests cost (the emulator for Confluence direct). */
  server: Child;
}

export interface Sample {
  rps: number;
  /** Milliseconds. */
  p50: number;
  p99: number;
  /** Server CPU time ÷ requests answered, in microseconds. */
  cpuPerRequestUs: number;
  requests: number;
  failures: number;
}

/** One round against one target: autocannon at `connections` for `seconds`, with the server's CPU around it. */
export async function measure(target: Target, connections: number, seconds: number): Promise<Sample> {
  const before = await target.server.cpu();
  const result = await autocannon({
    url: target.url,
    connections,
    duration: seconds,
    headers: { authorization: target.authorization },
  });
  const after = await target.server.cpu();
  const requests = result.requests.total;
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuPerRequestUs: requests === 0 ? Number.NaN : (after - before) / requests,
    requests,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}
