import { confluenceTools } from '@hub/confluence';
import type { Request, RequestHandler, Response } from 'express';

import { HubError } from '../errors.js';
import { isCrossSite } from '../http/cross-site.js';
import { BodyRefusal, hasBody, isJson, jsonDepthOver, readJsonText } from '../http/json-body.js';
import { authenticateRequest, setGateOutcome, type ApiServices, type GateOutcome } from './context.js';
import { TOOL_PROCEDURES } from './routers/confluence.js';

export interface TrpcBodyLimits {
  /** Any authenticated call: reads, admin procedures. */
  smallBytes: number;
  /** A batch containing a call that carries page or comment bodies (write tools, tools.invoke). */
  largeBytes: number;
  maxDepth: number;
}

/** Procedures whose input may hold a page body (Confluence takes up to ~5 MB): derived from the tool registry. */
const LARGE_BODY_PATHS = new Set([
  'tools.invoke',
  ...confluenceTools
    .filter((tool) => !tool.readOnly)
    .map((tool) => `confluence.${TOOL_PROCEDURES[tool.name]}`),
]);

/**
 * In front of /trpc: authenticate from the headers first, then read the body — megabytes only for an
 * authenticated call to a procedure that takes page bodies, kilobytes for the rest, nothing at all for an
 * anonymous caller (whose call is refused before its input is needed). Depth is checked before anything parses
 * it. Refusals are left for createContext to throw, so tRPC answers them in its own shape; bodies left unread
 * close the connection instead of being drained.
 */
export function trpcGate(services: ApiServices, limits: TrpcBodyLimits): RequestHandler {
  return (req, res, next) => {
    gate(services, limits, req, res).then(
      (proceed) => {
        if (proceed) next();
      },
      (error: unknown) => next(error),
    );
  };
}

async function gate(
  services: ApiServices,
  limits: TrpcBodyLimits,
  req: Request,
  res: Response,
): Promise<boolean> {
  const outcome: GateOutcome = {};
  setGateOutcome(res, outcome);
  const withBody = req.method === 'POST' && hasBody(req);
  // tRPC takes a string body as the body and starts no stream of its own: what is not read here is never read.
  const leaveUnread = () => {
    req.body = '{}';
    if (withBody) res.set('Connection', 'close');
  };
  // Browsers send form posts cross-site without a preflight; only JSON calls get through.
  if (req.method === 'POST' && !isJson(req)) {
    outcome.refusal = new HubError('UNSUPPORTED_MEDIA_TYPE', 'tRPC calls must be POSTed as application/json');
    leaveUnread();
    return true;
  }
  try {
    outcome.auth = await authenticateRequest(services, req.headers);
  } catch (error) {
    outcome.refusal = error instanceof Error ? error : new Error('authentication failed', { cause: error });
    leaveUnread();
    return true;
  }
  if (
    outcome.auth.principal?.kind === 'user' &&
    req.method === 'POST' &&
    isCrossSite(req, services.publicUrl)
  ) {
    // A session cookie rides along on any request a browser sends; a call from another site must not use it.
    outcome.refusal = new HubError(
      'FORBIDDEN',
      'Cross-site request refused: calls with the session cookie must come from the panel itself',
    );
    leaveUnread();
    return true;
  }
  const query = typeof req.query.input === 'string' ? req.query.input : undefined;
  if (query !== undefined && jsonDepthOver(query, limits.maxDepth)) {
    outcome.refusal = tooDeep(limits.maxDepth);
    return true;
  }
  if (!withBody) return true;
  if (outcome.auth.principal === null) {
    leaveUnread();
    return true;
  }
  const large = req.path
    .slice(1)
    .split(',')
    .some((path) => LARGE_BODY_PATHS.has(path));
  try {
    req.body = await readJsonText(req, {
      limitBytes: large ? limits.largeBytes : limits.smallBytes,
      maxDepth: limits.maxDepth,
    });
  } catch (error) {
    if (error instanceof BodyRefusal) {
      leaveUnread();
      outcome.refusal = new HubError(
        error.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST',
        error.message,
      );
      return true;
    }
    // The client went away mid-body: nobody is left to answer.
    if (req.destroyed || req.readableAborted) {
      res.destroy();
      return false;
    }
    throw error;
  }
  return true;
}

function tooDeep(maxDepth: number): HubError {
  return new HubError('BAD_REQUEST', `The input is nested deeper than ${maxDepth} levels`);
}
