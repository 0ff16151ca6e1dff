import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import express, { type Router } from 'express';

/** apps/web/dist, seen from src/http/ or dist/http/ (the same depth). */
export const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../../web/dist', import.meta.url));

/** Paths the SPA fallback must never answer: they belong to the API. */
const API_PREFIXES = ['/trpc', '/api/', '/oauth/', '/healthz', '/readyz'];

/**
 * The built panel: hashed assets cached for a year, index.html never cached, and index.html for any other GET
 * that wants HTML (client-side routes such as /integrations). Null when the panel is not built.
 */
export function webPanel(dist: string): Router | null {
  const index = path.join(dist, 'index.html');
  if (!existsSync(index)) return null;
  const router = express.Router();
  router.use(
    '/assets',
    express.static(path.join(dist, 'assets'), { immutable: true, maxAge: '365d', fallthrough: false }),
  );
  router.use(express.static(dist, { index: false, maxAge: '1h' }));
  router.get('/{*path}', (req, res, next) => {
    if (API_PREFIXES.some((prefix) => req.path.startsWith(prefix)) || !req.accepts('html')) {
      next();
      return;
    }
    res.set('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
