import { createExpressMiddleware } from '@trpc/server/adapters/express';
import express from 'express';

import { AUTH_BASE_PATH } from './auth/auth.js';
import { databaseReachable } from './db/probe.js';
import { authRoutes } from './http/auth-routes.js';
import { errorHandler, notFound } from './http/errors.js';
import { logSafeError } from './http/log-safe-error.js';
import { securityHeaders } from './http/security-headers.js';
import { DEFAULT_WEB_DIST, webPanel } from './http/web-panel.js';
import { MCP_PATH, mcpRoute } from './mcp/server.js';
import { createOAuthRouter } from './oauth/index.js';
import { createContextFactory, type ApiServices } from './trpc/context.js';
import { trpcGate } from './trpc/http-gate.js';
import { appRouter } from './trpc/root.js';

/** Deepest nesting any tool input needs, with room to spare (a batch and tools.invoke add three levels). */
const MAX_INPUT_DEPTH = 64;

export interface AppDeps extends ApiServices {
  /** Largest body of a call that carries page bodies (write tools, tools.invoke); Confluence takes ~5 MB. Default 6 MB. */
  jsonLimitBytes?: number;
  /** Largest body of any other authenticated tRPC call. Default 64 KB. */
  smallJsonLimitBytes?: number;
  /** Express `trust proxy`: which hops may set X-Forwarded-For. Default: none (the socket's address counts). */
  trustProxy?: boolean | string | number;
  /** The built panel; default apps/web/dist. Served only when it holds an index.html. null = never. */
  webDist?: string | null;
  /** Extra CSP image origins (the emulator's avatars in demo mode). */
  imageOrigins?: string[];
  /** How long /readyz waits for the database. Default 2 s. */
  readyTimeoutMs?: number;
}

/**
 * The HTTP surface: health, better-auth, the OAuth connect routes, /trpc, /mcp and the panel. Builds no service itself:
 * main.ts (or a test) passes them in, which keeps this testable on port 0 with a throw-away database.
 */
export function createApp(deps: AppDeps): express.Express {
  const app = express();
  const jsonLimit = deps.jsonLimitBytes ?? 6 * 1024 * 1024;
  app.set('trust proxy', deps.trustProxy ?? false);
  app.disable('x-powered-by');
  app.use(
    securityHeaders({
      publicUrl: deps.publicUrl,
      authUrl: deps.oauth.authBaseUrl ?? 'https://auth.atlassian.com',
      imageOrigins: deps.imageOrigins,
    }),
  );

  // First after the headers: tool calls are the hot path, and every layer in front of them is paid per call.
  app.use(
    '/trpc',
    trpcGate(deps, {
      smallBytes: deps.smallJsonLimitBytes ?? 64 * 1024,
      largeBytes: jsonLimit,
      maxDepth: MAX_INPUT_DEPTH,
    }),
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

  app.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    res.set('Cache-Control', 'no-store');
    if (await databaseReachable(deps.db, deps.readyTimeoutMs ?? 2000)) {
      res.json({ status: 'ok', database: 'ok' });
      return;
    }
    deps.logger.warn('readiness check failed: database unreachable');
    res.status(503).json({ status: 'unavailable', database: 'unreachable' });
  });

  // No global body parser: each route reads its body itself, within its own limits, after authentication.
  app.all(
    `${AUTH_BASE_PATH}/{*path}`,
    authRoutes({
      auth: deps.auth.auth,
      db: deps.db,
      logger: deps.logger,
      lockout: deps.auth.lockout,
      publicUrl: deps.publicUrl,
    }),
  );
  app.use(createOAuthRouter(deps));
  app.all(MCP_PATH, mcpRoute(deps, { maxBytes: jsonLimit, maxDepth: MAX_INPUT_DEPTH }));

  const panel = deps.webDist === null ? null : webPanel(deps.webDist ?? DEFAULT_WEB_DIST);
  if (panel !== null) app.use(panel);

  app.use(notFound);
  app.use(errorHandler(deps.logger));
  return app;
}
