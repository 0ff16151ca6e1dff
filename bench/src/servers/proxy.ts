/**
 * Baseline: a bare node:http pass-through proxy with a keep-alive agent. What any process between the caller and
 * Confluence costs at the least: parse a request, open nothing new, copy the answer back.
 */
import { Agent, createServer, request } from 'node:http';

import { listenLocal, serveChild } from './child.js';

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
  const { url, stop } = await listenLocal(server);
  return {
    url,
    close: async () => {
      await stop();
      agent.destroy();
    },
  };
});
