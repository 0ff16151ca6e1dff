import { Router, type Request, type Response } from 'express';

import { sqlState } from '../db/errors.js';
import { finishConsent } from './connect.js';
import { CALLBACK_PATH, START_PATH, type OAuthRouteDeps } from './deps.js';
import { ConnectFailure, SERVER_ERROR_MESSAGE } from './outcome.js';
import { startConsent } from './start.js';

/**
 * `GET /oauth/confluence/start` and `GET /oauth/confluence/callback`. Every answer is a redirect to a same-origin
 * path (or, for a forged returnTo, a plain 400): the panel shows the outcome from `connected`, `choose` or
 * `error` + `message` in the query.
 */
export function createOAuthRouter(deps: OAuthRouteDeps): Router {
  const router = Router();

  router.get(START_PATH, async (req, res) => {
    noStore(res);
    await respond(deps, res, 'start', async () => {
      const principal = await deps.auth.resolveSession(toHeaders(req));
      const result = await startConsent(deps, principal, req.query.returnTo);
      if (result.kind === 'bad_request') {
        deps.logger.warn('Confluence connect refused: returnTo is not a same-origin path');
        res.status(400).type('text/plain').send(result.message);
        return null;
      }
      return result.location;
    });
  });

  router.get(CALLBACK_PATH, async (req, res) => {
    noStore(res);
    // The callback URL carries the code and state: keep them out of Referer headers of whatever comes next.
    res.set('Referrer-Policy', 'no-referrer');
    await respond(deps, res, 'callback', async () => {
      const principal = await deps.auth.resolveSession(toHeaders(req));
      const { state, code, error } = req.query;
      return finishConsent(deps, principal, { state, code, error });
    });
  });

  return router;
}

/** Runs a step; its path (or a failure's) becomes a 302. Logs say what happened, never the query. */
async function respond(
  deps: OAuthRouteDeps,
  res: Response,
  step: 'start' | 'callback',
  run: () => Promise<string | null>,
): Promise<void> {
  let location: string | null;
  try {
    location = await run();
  } catch (error) {
    if (error instanceof ConnectFailure) {
      deps.logger.warn({ step, code: error.code, reason: error.reason }, 'Confluence connect failed');
      location = error.redirect;
    } else {
      deps.logger.error({ step, error: describeUnexpected(error) }, 'Confluence connect failed unexpectedly');
      location = new ConnectFailure('server_error', SERVER_ERROR_MESSAGE).redirect;
    }
  }
  if (location !== null) res.redirect(302, location);
}

/**
 * Name, SQLSTATE and the innermost message, but not a drizzle "Failed query" message: that one lists the
 * statement's parameters, which may be token envelopes.
 */
function describeUnexpected(error: unknown): Record<string, string | undefined> {
  let innermost: unknown = error;
  while (innermost instanceof Error && innermost.cause instanceof Error) innermost = innermost.cause;
  const message = innermost instanceof Error ? innermost.message : undefined;
  return {
    name: error instanceof Error ? error.name : typeof error,
    sqlState: sqlState(error),
    message: message === undefined || message.startsWith('Failed query') ? undefined : message.slice(0, 300),
  };
}

const noStore = (res: Response): void => {
  res.set('Cache-Control', 'no-store');
};

/** better-auth reads the session cookie from Fetch-style headers. */
function toHeaders(req: Request): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) for (const item of value) headers.append(name, item);
  }
  return headers;
}
