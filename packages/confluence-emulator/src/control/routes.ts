import type { Ctx } from '../app.js';
import type { Reply } from '../http/reply.js';
import { json } from '../http/reply.js';
import { Router } from '../http/router.js';
import type { ControlOperations } from './operations.js';
import { ControlError } from './operations.js';

type ControlHandler = (ops: ControlOperations, body: unknown) => unknown;

const OK = { ok: true };

const routes = new Router<ControlHandler>()
  .add('POST', '/__control/reset', (ops) => (ops.reset(), OK))
  .add('POST', '/__control/tokens', (ops, body) => ops.issueTokens(body))
  .add('POST', '/__control/faults', (ops, body) => ops.addFault(body))
  .add('DELETE', '/__control/faults', (ops) => (ops.clearFaults(), OK))
  .add('GET', '/__control/requests', (ops) => ops.requests())
  .add('DELETE', '/__control/requests', (ops) => (ops.clearRequests(), OK))
  .add('GET', '/__control/stats', (ops) => ops.stats())
  .add('POST', '/__control/clock', (ops, body) => ops.advanceClock(body))
  .add('POST', '/__control/expire-tokens', (ops, body) => ops.expireTokens(body))
  .add('POST', '/__control/revoke', (ops, body) => ops.revoke(body))
  .add('POST', '/__control/spaces', (ops, body) => ops.seedSpace(body))
  .add('POST', '/__control/folders', (ops, body) => ops.seedFolder(body))
  .add('GET', '/__control/rate-limit', (ops) => ops.rateLimit())
  .add('POST', '/__control/rate-limit', (ops, body) => ops.setRateLimit(body));

/** `/__control/*`: JSON in, JSON out; never faulted, logged or counted. */
export function handleControl(ctx: Ctx, ops: ControlOperations): Reply {
  const match = routes.match(ctx.method, ctx.path);
  if (match.kind === 'none') return json(404, { error: `No control route ${ctx.method} ${ctx.path}` });
  if (match.kind === 'wrong-method')
    return json(405, { error: `${ctx.method} is not supported on ${ctx.path}` });
  let body: unknown = undefined;
  const text = ctx.body.bytes?.toString('utf8') ?? '';
  if (text.trim() !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      return json(400, { error: 'The request body is not valid JSON.' });
    }
  }
  try {
    return json(200, match.handler(ops, body));
  } catch (error) {
    if (error instanceof ControlError) return json(400, { error: error.message });
    throw error;
  }
}
