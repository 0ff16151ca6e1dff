import type { Request, RequestHandler, Response } from 'express';
import { z } from 'zod';

import type { AccountLockout } from '../auth/account-lockout.js';
import { AUTH_BASE_PATH, MAX_PASSWORD_LENGTH, type Auth } from '../auth/auth.js';
import type { Db } from '../db/client.js';
import { isDatabaseUnavailable } from '../db/errors.js';
import { databaseReachable } from '../db/probe.js';
import { DATABASE_UNAVAILABLE_MESSAGE } from '../errors.js';
import type { Logger } from '../logger.js';
import { isCrossSite } from './cross-site.js';
import { BodyRefusal, hasBody, isJson, readJsonText } from './json-body.js';
import { logSafeError } from './log-safe-error.js';
import { describeUnsafe } from './unsafe-text.js';

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

/** Sign-in and friends carry a few hundred bytes: anything bigger or deeper is refused before it is read. */
export const AUTH_BODY_LIMITS = { limitBytes: 16 * 1024, maxDepth: 8 };

export interface AuthRoutesDeps {
  auth: Auth;
  db: Db;
  logger: Logger;
  lockout: AccountLockout;
  /** PUBLIC_URL: posts from any other site are refused. */
  publicUrl: string;
}

const signInBody = z.looseObject({ email: z.string().max(320), password: z.string() });

/**
 * better-auth behind our own gate: JSON bodies of at most 16 KB and depth 8 only (a 150 MB post used to be read
 * whole), the client address taken from the socket unless TRUST_PROXY says otherwise (better-auth's limiter
 * counts per address), passwords over the maximum refused before they are hashed, and a per-account lock after
 * repeated failures. A better-auth failure while the database is down answers 503, not 500.
 */
export function authRoutes(deps: AuthRoutesDeps): RequestHandler {
  return (req, res, next) => {
    const subPath = req.path.slice(AUTH_BASE_PATH.length);
    if (!AUTH_HTTP_PATHS.includes(subPath)) {
      next();
      return;
    }
    handle(deps, subPath, req, res).catch((error: unknown) => {
      if (!isDatabaseUnavailable(error) || res.headersSent) {
        next(error);
        return;
      }
      refuse(res, 503, 'UNAVAILABLE', DATABASE_UNAVAILABLE_MESSAGE);
    });
  };
}

async function handle(deps: AuthRoutesDeps, subPath: string, req: Request, res: Response): Promise<void> {
  let body: string | null = null;
  const posting = req.method !== 'GET' && req.method !== 'HEAD';
  // better-auth checks the Origin of some posts only (sign-out from another site went through): check them all.
  if (posting && isCrossSite(req, deps.publicUrl)) {
    refuse(
      res,
      403,
      'CROSS_SITE_REQUEST',
      'Cross-site request refused: sign in from the panel itself',
      hasBody(req),
    );
    return;
  }
  if (posting && hasBody(req)) {
    if (!isJson(req)) {
      refuse(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json', true);
      return;
    }
    try {
      body = await readJsonText(req, AUTH_BODY_LIMITS);
    } catch (error) {
      if (!(error instanceof BodyRefusal)) throw error;
      refuse(
        res,
        error.status,
        error.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST',
        error.message,
        true,
      );
      return;
    }
  }

  const signIn = subPath === '/sign-in/email' ? parseSignIn(body) : null;
  if (signIn !== null && 'problem' in signIn) {
    refuse(res, 400, signIn.code, signIn.problem);
    return;
  }
  if (signIn !== null) {
    const lockedMs = await deps.lockout.lockedForMs(signIn.email);
    if (lockedMs > 0) {
      refuseLocked(res, lockedMs);
      return;
    }
  }

  const response = await deps.auth.handler(toFetchRequest(req, body));
  if (response.status >= 500 && !(await databaseReachable(deps.db))) {
    refuse(res, 503, 'UNAVAILABLE', DATABASE_UNAVAILABLE_MESSAGE);
    return;
  }
  if (signIn !== null && response.status === 401) {
    const lockedMs = await deps.lockout.recordFailure(signIn.email);
    if (lockedMs > 0) {
      deps.logger.warn('sign-in locked for an account after repeated failures');
      refuseLocked(res, lockedMs);
      return;
    }
  } else if (signIn !== null && response.status === 200) {
    await deps.lockout.recordSuccess(signIn.email).catch((error: unknown) => {
      deps.logger.warn({ error: logSafeError(error) }, 'could not clear sign-in failures');
    });
  }
  await send(res, response);
}

type SignIn = { email: string } | { problem: string; code: string };

function parseSignIn(body: string | null): SignIn | null {
  let json: unknown;
  try {
    json = body === null ? null : JSON.parse(body);
  } catch {
    return { code: 'BAD_REQUEST', problem: 'The request body is not valid JSON' };
  }
  const parsed = signInBody.safeParse(json);
  // better-auth answers malformed sign-ins itself, with its own field messages.
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  if (password.length > MAX_PASSWORD_LENGTH) {
    return { code: 'PASSWORD_TOO_LONG', problem: `Passwords are at most ${MAX_PASSWORD_LENGTH} characters` };
  }
  const unsafe = describeUnsafe(email) ?? describeUnsafe(password);
  if (unsafe !== null) return { code: 'BAD_REQUEST', problem: `The email or password ${unsafe}` };
  return { email };
}

function refuseLocked(res: Response, lockedMs: number): void {
  const minutes = Math.max(1, Math.ceil(lockedMs / 60_000));
  res.set('Retry-After', String(Math.ceil(lockedMs / 1000)));
  // The same words whether or not the account exists: the lock says nothing about which emails are real.
  refuse(
    res,
    429,
    'TOO_MANY_FAILED_SIGN_INS',
    `Too many failed sign-ins for this account. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}, ` +
      'or ask a workspace admin to reset your password.',
  );
}

/** better-auth's error shape ({ code, message }), so the panel reads every refusal the same way. */
function refuse(res: Response, status: number, code: string, message: string, close = false): void {
  // An unread body stays in the socket: close it rather than read on.
  if (close) res.set('Connection', 'close');
  res.status(status).json({ code, message });
}

function toFetchRequest(req: Request, body: string | null): globalThis.Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) for (const item of value) headers.append(name, item);
  }
  // req.ip honours the app's `trust proxy` setting (none by default): a client cannot choose its own address.
  headers.set('x-forwarded-for', req.ip ?? req.socket.remoteAddress ?? 'unknown');
  headers.delete('content-length');
  headers.delete('transfer-encoding');
  const url = new URL(req.originalUrl, `http://${req.headers.host ?? 'localhost'}`);
  return new globalThis.Request(url, { method: req.method, headers, body });
}

async function send(res: Response, response: globalThis.Response): Promise<void> {
  res.status(response.status);
  for (const [name, value] of response.headers) {
    if (name !== 'set-cookie') res.setHeader(name, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  res.end(Buffer.from(await response.arrayBuffer()));
}
