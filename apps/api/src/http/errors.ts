import type { ErrorRequestHandler, RequestHandler } from 'express';

import type { Logger } from '../logger.js';
import { logSafeError } from './log-safe-error.js';

export const notFound: RequestHandler = (req, res) => {
  res.status(404).json({ error: 'not_found', message: `Nothing at ${req.method} ${req.path}` });
};

interface HttpishError {
  status?: unknown;
  type?: unknown;
  expose?: unknown;
}

/** The last handler: a status and a short JSON body; stacks and internals go to the log only. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const { status, type } = (error ?? {}) as HttpishError;
    if (type === 'entity.parse.failed') {
      res.status(400).json({ error: 'bad_json', message: 'The request body is not valid JSON' });
      return;
    }
    if (type === 'entity.too.large') {
      res.status(413).json({ error: 'payload_too_large', message: 'The request body is too large' });
      return;
    }
    if (typeof status === 'number' && status >= 400 && status < 500) {
      res.status(status).json({ error: 'bad_request', message: 'The request could not be processed' });
      return;
    }
    logger.error({ error: logSafeError(error), method: req.method, path: req.path }, 'request failed');
    res.status(500).json({ error: 'internal', message: 'Internal server error' });
  };
}
