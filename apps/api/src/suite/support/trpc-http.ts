import { Agent, request } from 'node:http';

/**
 * tRPC over plain HTTP, as any client sends it, for load tests that need to see every answer's HTTP status and
 * `error.data` and to bound how many requests are in flight per API process (a keep-alive Agent's sockets), so
 * the client machinery never becomes the thing under test.
 */

/** One call's answer inside a response (a batch has several). */
export type CallOutcome =
  | { ok: true; data: unknown }
  | { ok: false; kind: string | null; retryable: boolean | undefined; httpStatus: number | undefined };

export interface TrpcAnswer {
  /** The HTTP status; 0 when no answer came (socket error or the client's timeout: a hang). */
  status: number;
  outcomes: CallOutcome[];
  /** Transport failure, when status is 0. */
  transportError?: string;
}

export interface TrpcTarget {
  url: string;
  agent: Agent;
}

/**
 * Up to `maxSockets` requests in flight at one API process; the rest wait in the Agent. Kept below Node's default
 * listen backlog (511) so a burst of connects is never dropped by the kernel (a client-side stall, not the API's).
 */
export function trpcTarget(url: string, maxSockets = 400): TrpcTarget {
  return { url, agent: new Agent({ keepAlive: true, maxSockets }) };
}

export interface CallOptions {
  headers?: Record<string, string>;
  /** A mutation (POST with a JSON body); default a query (GET). */
  mutation?: boolean;
  timeoutMs?: number;
}

/** `paths` of one HTTP request: one procedure, or several batched (`?batch=1`), with their inputs. */
export function trpcCall(
  target: TrpcTarget,
  calls: { path: string; input?: unknown }[],
  options: CallOptions = {},
): Promise<TrpcAnswer> {
  const batch = calls.length > 1;
  const path = calls.map((c) => c.path).join(',');
  const inputs: unknown = batch
    ? Object.fromEntries(
        calls.flatMap((c, i): [string, unknown][] => (c.input === undefined ? [] : [[String(i), c.input]])),
      )
    : calls[0]?.input;
  const query = new URLSearchParams();
  if (batch) query.set('batch', '1');
  if (!options.mutation && inputs !== undefined) query.set('input', JSON.stringify(inputs));
  const body = options.mutation ? JSON.stringify(inputs ?? {}) : undefined;
  const url = new URL(`/trpc/${path}${query.size > 0 ? `?${query.toString()}` : ''}`, target.url);
  const headers: Record<string, string> = { ...options.headers };
  if (body !== undefined) headers['content-type'] = 'application/json';

  return new Promise((resolve) => {
    const req = request(
      url,
      { method: body === undefined ? 'GET' : 'POST', headers, agent: target.agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (error) => resolve({ status: 0, outcomes: [], transportError: String(error) }));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          try {
            const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
            const items = batch && Array.isArray(parsed) ? parsed : [parsed];
            resolve({ status, outcomes: items.map(outcomeOf) });
          } catch {
            resolve({ status, outcomes: [], transportError: `not JSON (HTTP ${status})` });
          }
        });
      },
    );
    req.setTimeout(options.timeoutMs ?? 60_000, () => req.destroy(new Error('client timeout (hang)')));
    req.on('error', (error) => resolve({ status: 0, outcomes: [], transportError: String(error) }));
    req.end(body);
  });
}

interface WireItem {
  result?: { data?: unknown };
  error?: { data?: { kind?: string | null; retryable?: boolean; httpStatus?: number } };
}

function outcomeOf(item: unknown): CallOutcome {
  const wire = item as WireItem;
  if (wire.error === undefined) return { ok: true, data: wire.result?.data };
  const data = wire.error.data ?? {};
  return { ok: false, kind: data.kind ?? null, retryable: data.retryable, httpStatus: data.httpStatus };
}

export const bearer = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` });

/** GET a plain route (e.g. /readyz): its status, 0 when no answer came. */
export function httpStatus(target: TrpcTarget, route: string, timeoutMs = 60_000): Promise<number> {
  return new Promise((resolve) => {
    const req = request(new URL(route, target.url), { agent: target.agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', () => resolve(0));
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error('client timeout (hang)')));
    req.on('error', () => resolve(0));
    req.end();
  });
}
