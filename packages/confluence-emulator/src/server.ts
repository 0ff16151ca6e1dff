import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer, STATUS_CODES } from 'node:http';
import type { App, Ctx } from './app.js';
import { MAX_ATTACHMENT_BODY, MAX_CONTENT_BODY } from './confluence/site-ctx.js';
import type { Fault } from './control/faults.js';
import type { ControlOperations } from './control/operations.js';
import { handleControl } from './control/routes.js';
import type { RequestBody } from './http/read-body.js';
import { readBody } from './http/read-body.js';
import type { Reply } from './http/reply.js';
import { HttpError, json } from './http/reply.js';
import { authenticate } from './oauth/bearer.js';
import { route } from './routes.js';

const OTHER_BODY_LIMIT = 1024 * 1024;
const NO_BODY: RequestBody = { bytes: null, size: 0, tooLarge: false };

export function createEmulatorServer(app: App, ops: ControlOperations): Server {
  const server = createServer((req, res) => {
    handle(app, ops, req, res).catch((error: unknown) => {
      console.error('confluence-emulator: unhandled error', error);
      if (!res.headersSent) send(res, json(500, { code: 500, message: 'Internal Server Error' }));
    });
  });
  // Longer than typical client pools keep idle sockets, so benchmarks reuse connections instead of racing closes.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;
}

async function handle(
  app: App,
  ops: ControlOperations,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const started = performance.now();
  const state = app.state;
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', 'http://emulator.invalid');
  const path = url.pathname;
  const limit = path.startsWith('/ex/confluence/')
    ? path.endsWith('/child/attachment')
      ? MAX_ATTACHMENT_BODY
      : MAX_CONTENT_BODY
    : OTHER_BODY_LIMIT;
  const hasBody =
    req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
  let body = NO_BODY;
  try {
    if (hasBody) body = await readBody(req, limit);
  } catch {
    return;
  }
  const ctx: Ctx = {
    app,
    state,
    method,
    path,
    query: url.searchParams,
    headers: req.headers,
    params: {},
    body,
  };
  if (path === '/__control' || path.startsWith('/__control/')) {
    send(
      res,
      answer(() => handleControl(ctx, ops)),
    );
    return;
  }
  state.requestCount++;
  const fault = state.faults.take(method, path);
  if (fault?.delayMs !== undefined) await sleep(fault.delayMs);
  if (fault?.drop === true) {
    state.log.add(method, path, url.searchParams, 0, state.clock.now());
    req.socket.destroy();
    return;
  }
  // The gateway meters points per OAuth app, whichever site it calls (control/rate-limit.ts).
  const metered = path.startsWith('/ex/');
  const meteredApp = metered ? (authenticate(state, req.headers)?.clientId ?? 'anonymous') : '';
  const now = state.clock.now();
  const refused = metered && fault?.status === undefined ? state.rate.refuse(meteredApp, now) : null;
  const reply =
    refused ??
    (fault?.status !== undefined
      ? faultReply(fault, fault.status)
      : answer(() => tooLarge(body, path) ?? route(ctx)));
  if (metered && refused === null) state.rate.charge(meteredApp, method, reply, now);
  const rateHeaders = metered ? state.rate.headers(meteredApp, now) : undefined;
  reply.headers = { ...rateHeaders, ...traceHeader(), ...reply.headers };
  send(res, reply);
  state.log.add(method, path, url.searchParams, reply.status, state.clock.now());
  if (!app.options.quiet) {
    const ms = (performance.now() - started).toFixed(1);
    console.log(`${method} ${path} → ${reply.status} ${ms}ms${fault === null ? '' : ` (fault ${fault.id})`}`);
  }
}

function answer(run: () => Reply): Reply {
  try {
    return run();
  } catch (error) {
    if (error instanceof HttpError) return error.reply;
    console.error('confluence-emulator: handler failed', error);
    return json(500, { code: 500, message: 'Internal Server Error' });
  }
}

/** Confluence routes answer their own 413 (v2 shaped); elsewhere an oversized body gets a plain one. */
function tooLarge(body: RequestBody, path: string): Reply | null {
  if (!body.tooLarge || path.startsWith('/ex/confluence/')) return null;
  return json(413, { code: 413, message: 'Payload Too Large' });
}

function faultReply(fault: Fault, status: number): Reply {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(fault.headers ?? {})) headers[key.toLowerCase()] = value;
  if ((status === 429 || status === 503) && headers['retry-after'] === undefined)
    headers['retry-after'] = '1';
  if (status === 429) headers['ratelimit-reason'] ??= 'confluence-quota-tenant-based';
  if (typeof fault.body === 'string')
    return { status, headers, text: fault.body, contentType: 'text/plain; charset=utf-8' };
  return { status, headers, json: fault.body ?? { code: status, message: STATUS_CODES[status] ?? 'Error' } };
}

// Trace ids only need to be unique per run; a random prefix plus a counter avoids a syscall per request.
const TRACE_PREFIX = randomBytes(4).toString('hex');
let traceCounter = 0;

function traceHeader(): Record<string, string> {
  traceCounter = (traceCounter + 1) % 0x1_0000_0000;
  return { 'atl-traceid': `${TRACE_PREFIX}${traceCounter.toString(16).padStart(8, '0')}` };
}

function send(res: ServerResponse, reply: Reply): void {
  const payload = reply.bytes ?? reply.text ?? (reply.json === undefined ? '' : JSON.stringify(reply.json));
  const contentType =
    reply.contentType ??
    (reply.bytes !== undefined
      ? 'application/octet-stream'
      : reply.text === undefined
        ? 'application/json;charset=UTF-8'
        : 'text/plain; charset=utf-8');
  res.writeHead(reply.status, {
    ...reply.headers,
    'content-type': contentType,
    'content-length': Buffer.byteLength(payload),
  });
  res.end(payload);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
