/**
 * Baseline: a bare node:http pass-through proxy with a keep-alive agent. What any process between the caller and
 * Confluence costs at the least: parse a request, open nothing new, copy the answer back.
 */
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

import { serveChild } from './child.js';

serveChild(async () => {
  const upstream = new URL(process.env.UPSTREAM ?? '');
  const agent = new Agent({ keepAlive: true });
  const server = createServer((req, res) => {
    const out = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
        agent,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', () => res.writeHead(502).end());
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      agent.destroy();
    },
  };
});
