import type { RequestHandler } from 'express';
import { toNodeHandler } from 'better-auth/node';

import { AUTH_BASE_PATH, type Auth } from '../auth/auth.js';

/**
 * The better-auth routes the panel uses; everything else under /api/auth answers 404 (the plugins expose many
 * more: organizations, API keys, password resets…, managed here through tRPC or not at all).
 */
export const AUTH_HTTP_PATHS = [
  '/sign-in/email',
  '/sign-out',
  '/get-session',
  // Users in several workspaces pick the active one; better-auth checks the membership.
  '/organization/set-active',
];

export function authRoutes(auth: Auth): RequestHandler {
  const handler = toNodeHandler(auth);
  return (req, res, next) => {
    const subPath = req.path.slice(AUTH_BASE_PATH.length);
    if (!AUTH_HTTP_PATHS.includes(subPath)) {
      next();
      return;
    }
    // better-auth's sign-in limiter counts per client address, read from X-Forwarded-For. Set it from req.ip,
    // which honours the app's `trust proxy` setting, so a client cannot choose its own address.
    req.headers['x-forwarded-for'] = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    handler(req, res).catch(next);
  };
}
