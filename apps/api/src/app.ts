import { createExpressMiddleware } from '@trpc/server/adapters/express';
import { sql } from 'drizzle-orm';
import express from 'express';

import { AUTH_BASE_PATH } from './auth/auth.js';
import { authRoutes } from './http/auth-routes.js';
import { errorHandler, notFound } from './http/errors.js';
import { logSafeError } from './http/log-safe-error.js';
import { securityHeaders } from './http/security-headers.js';
import { DEFAULT_WEB_DIST, webPanel } from './http/web-panel.js';
import { createOAuthRouter } from './oauth/index.js';
import { createContextFactory, type ApiServices } from './trpc/context.js';
import { appRouter } from './trpc/root.js';

export interface AppDeps extends ApiServices {
  /** Largest JSON body; page bodies go up to Confluence's ~5 MB. Default 6 MB. */
  jsonLimitBytes?: number;
  /** Express `trust proxy`: which hops may set X-Forwarded-For. Default: loopback and private networks. */
  trustProxy?: boolean | string | number;
  /** The built panel; default apps/web/dist. Served only when it holds an index.html. null = never. */
  webDist?: string | null;
  /** Extra CSP image origins (the emulator's avatars in demo mode). */
  imageOrigins?: string[];
  /** How long /readyz waits for the database. Default 2 s. */
  readyTimeoutMs?: number;
}

/**
 * The HTTP surface: health, better-auth, the OAuth connect routes, /trpc and the panel. Builds no service itself:
 * main.ts (or a test) passes them in, which keeps this testable on port 0 with a throw-away database.
 */
export function createApp(deps: AppDeps): express.Express {
  const app = express();
  const jsonLimit = deps.jsonLimitBytes ?? 6 * 1024 * 1024;
  app.set('trust proxy', deps.trustProxy ?? 'loopback, linklocal, uniquelocal');
  app.disable('x-powered-by');
  app.use(
    securityHeaders({
      publicUrl: deps.publicUrl,
      authUrl: deps.oauth.authBaseUrl ?? 'https://auth.atlassian.com',
      imageOrigins: deps.imageOrigins,
    }),
  );

  app.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    res.set('Cache-Control', 'no-store');
    try {
      await withTimeout(deps.db.execute(sql`select 1`), deps.readyTimeoutMs ?? 2000);
      res.json({ status: 'ok', database: 'ok' });
    } catch (error) {
      deps.logger.warn({ error: logSafeError(error) }, 'readiness check failed: database unreachable');
      res.status(503).json({ status: 'unavailable', database: 'unreachable' });
    }
  });

  // Before express.json(): better-auth reads the raw body itself.
  app.all(`${AUTH_BASE_PATH}/{*path}`, authRoutes(deps.auth.auth));
  app.use(express.json({ limit: jsonLimit }));
  app.use(createOAuthRouter(deps));
  // Browsers send form posts cross-site without a preflight; tRPC would take them. Only JSON calls get through.
  app.post('/trpc/{*path}', (req, res, next) => {
    if (req.is('application/json')) {
      next();
      return;
    }
    res.status(415).json({ error: 'tRPC calls must be POSTed as application/json' });
  });
  app.use(
    '/trpc',
    createExpressMiddleware({
      router: appRouter,
      createContext: createContextFactory(deps),
      maxBodySize: jsonLimit,
      // One HTTP request must not fan out into thousands of Confluence calls.
      maxBatchSize: 20,
      onError({ error, path }) {
        if (error.code !== 'INTERNAL_SERVER_ERROR') return;
        // A caller that hangs up aborts its procedure on purpose: worth a debug line, not an error with a stack.
        if (error.cause?.name === 'AbortError') {
          deps.logger.debug({ path }, 'tRPC call aborted by the client');
          return;
        }
        deps.logger.error({ path, error: logSafeError(error.cause ?? error) }, 'tRPC procedure failed');
      },
    }),
  );

  const panel = deps.webDist === null ? null : webPanel(deps.webDist ?? DEFAULT_WEB_DIST);
  if (panel !== null) app.use(panel);

  app.use(notFound);
  app.use(errorHandler(deps.logger));
  return app;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
