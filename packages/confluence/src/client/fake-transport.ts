import { Readable } from 'node:stream';
import { abortableSleep } from './retry.js';
import type { Transport, TransportRequest, TransportResponse } from './transport.js';

/** A canned answer: JSON (objects) or raw text (strings), optional headers, optional delay before answering. */
export interface FakeReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Wait this long first (abortable by the request's signal), to exercise timeouts. */
  delayMs?: number;
}

export type FakeHandler = (req: TransportRequest) => FakeReply | Error | Promise<FakeReply | Error>;

export type FakeTransport = Transport & {
  /** Every request seen, oldest first (headers included: only tests look at them). */
  readonly requests: TransportRequest[];
};

function toResponse(reply: FakeReply): TransportResponse {
  const headers = new Map(Object.entries(reply.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  // Bytes (a Uint8Array body) are sent as they are: a download's content.
  const raw = reply.body instanceof Uint8Array ? reply.body : undefined;
  const text =
    raw !== undefined
      ? Buffer.from(raw).toString('utf8')
      : reply.body === undefined
        ? ''
        : typeof reply.body === 'string'
          ? reply.body
          : JSON.stringify(reply.body);
  if (raw === undefined && typeof reply.body === 'object' && !headers.has('content-type'))
    headers.set('content-type', 'application/json');
  const bytes = raw ?? Buffer.from(text, 'utf8');
  return {
    status: reply.status,
    headers: { get: (name) => headers.get(name.toLowerCase()) ?? null },
    text: () => Promise.resolve(text),
    chunks: () => Readable.from([bytes]),
  };
}

/**
 * An in-memory transport for tests: answers from a handler or, given a list, from that list in order
 * (an `Error` entry is thrown as a network failure). Hosts' tests can use it to drive a ConfluenceClient.
 */
export function fakeTransport(script: FakeHandler | (FakeReply | Error)[]): FakeTransport {
  const requests: TransportRequest[] = [];
  const queue = Array.isArray(script) ? [...script] : undefined;
  const transport: Transport = async (req) => {
    requests.push(req);
    req.signal?.throwIfAborted();
    let reply: FakeReply | Error | undefined;
    if (queue === undefined) reply = await (script as FakeHandler)(req);
    else reply = queue.shift();
    if (reply === undefined) throw new Error(`fakeTransport: no reply scripted for ${req.method} ${req.url}`);
    if (reply instanceof Error) throw reply;
    if (reply.delayMs !== undefined) await abortableSleep(reply.delayMs, req.signal);
    return toResponse(reply);
  };
  return Object.assign(transport, { requests });
}
