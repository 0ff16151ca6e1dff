/**
 * Baseline: the framework floor. The least an Express 5 + tRPC 11 service can do for a tool call: check a bearer
 * token, send the same Confluence requests with the Hub's undici keep-alive transport, parse the JSON, answer it.
 * No database, no audit, no policy, no conversion: the Hub's overhead is measured against this.
 */
import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';

import { undiciTransport } from '@hub/confluence';
import { initTRPC, TRPCError } from '@trpc/server';
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import express from 'express';
import { z } from 'zod';

import { serveChild } from './child.js';

serveChild(async () => {
  const site = process.env.SITE ?? '';
  const confluenceToken = process.env.CONFLUENCE_TOKEN ?? '';
  const key = Buffer.from(`Bearer ${process.env.FLOOR_KEY ?? ''}`);
  const transport = undiciTransport();

  const t = initTRPC.context<{ authorization: string | undefined }>().create();
  const authed = t.procedure.use(({ ctx, next }) => {
    const given = Buffer.from(ctx.authorization ?? '');
    if (given.length !== key.length || !timingSafeEqual(given, key))
      throw new TRPCError({ code: 'UNAUTHORIZED' });
    return next();
  });
  const forward = async (path: string): Promise<unknown> => {
    const res = await transport({
      method: 'GET',
      url: `${site}${path}`,
      headers: { authorization: `Bearer ${confluenceToken}`, accept: 'application/json' },
    });
    const text = await res.text();
    if (res.status !== 200) throw new TRPCError({ code: 'BAD_GATEWAY', message: text });
    return JSON.parse(text) as unknown;
  };
  const router = t.router({
    getSpaces: authed
      .input(z.object({ limit: z.number().int().min(1).max(250) }))
      .query(({ input }) =>
        forward(`/api/v2/spaces?limit=${input.limit}&status=current&description-format=plain`),
      ),
    // What get_confluence_page asks: the page and its ancestors side by side, then the ancestors' titles.
    getPage: authed.input(z.object({ pageId: z.string() })).query(async ({ input }) => {
      const id = encodeURIComponent(input.pageId);
      const [page, ancestors] = await Promise.all([
        forward(
          `/api/v2/pages/${id}?body-format=storage&include-labels=true&status=current&status=archived&status=draft`,
        ),
        forward(`/api/v2/pages/${id}/ancestors?limit=250`) as Promise<{
          results: { id: string; type?: string }[];
        }>,
      ]);
      const pageIds = ancestors.results.filter((a) => (a.type ?? 'page') === 'page').map((a) => a.id);
      const titles =
        pageIds.length === 0 ? null : await forward(`/api/v2/pages?id=${pageIds.join(',')}&limit=250`);
      return { page, ancestors, titles };
    }),
  });

  const app = express();
  app.use(
    '/trpc',
    createExpressMiddleware({
      router,
      createContext: ({ req }) => ({ authorization: req.headers.authorization }),
    }),
  );
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await transport.close();
    },
  };
});
