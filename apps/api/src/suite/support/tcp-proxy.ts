import { once } from 'node:events';
import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of PostgreSQL (or anything) that a test can break on purpose: cut every open connection
 * at once, refuse new ones (stop listening: ECONNREFUSED), accept and reset them at once (ECONNRESET) or accept
 * and never answer them (a black hole), then go back to forwarding. The API process under test is pointed at it
 * through its DATABASE_URL.
 */
export type NewConnections = 'forward' | 'reset' | 'hold';

export interface TcpProxy {
  readonly port: number;
  /** Connections forwarded right now. */
  readonly open: number;
  /** Destroys every forwarded connection, both sides, and every held one; returns how many were forwarded. */
  cut(): number;
  /** What happens to connections accepted from now on; `hold` ones stay silent until the next cut(). */
  setNewConnections(mode: NewConnections): void;
  /** Closes the listening socket (new connects are refused by the kernel); open connections are left alone. */
  stopListening(): Promise<void>;
  /** Listens again on the same port. */
  startListening(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const pairs = new Set<{ client: Socket; upstream: Socket }>();
  const held = new Set<Socket>();
  let mode: NewConnections = 'forward';
  let server: Server | undefined;
  let port = 0;

  const onConnection = (client: Socket) => {
    if (mode === 'reset') {
      client.resetAndDestroy();
      return;
    }
    if (mode === 'hold') {
      held.add(client);
      client.on('error', () => held.delete(client));
      client.on('close', () => held.delete(client));
      return;
    }
    const upstream = connect(target.port, target.host);
    const pair = { client, upstream };
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    for (const socket of [client, upstream]) {
      socket.on('error', end);
      socket.on('close', end);
    }
    client.pipe(upstream);
    upstream.pipe(client);
  };

  const listen = async () => {
    const next = createServer(onConnection);
    next.listen(port, '127.0.0.1');
    await Promise.race([
      once(next, 'listening'),
      once(next, 'error').then(([error]) => Promise.reject(error as Error)),
    ]);
    const address = next.address();
    if (typeof address === 'object' && address !== null) port = address.port;
    server = next;
  };
  const unlisten = async () => {
    const current = server;
    server = undefined;
    if (current === undefined) return;
    // close() stops accepting at once; its callback waits for open connections, which are not ours to wait for.
    const closed = once(current, 'close');
    current.close();
    if (pairs.size === 0 && held.size === 0) await closed;
  };

  const cut = () => {
    for (const socket of held) socket.destroy();
    held.clear();
    const count = pairs.size;
    for (const { client, upstream } of [...pairs]) {
      client.destroy();
      upstream.destroy();
    }
    pairs.clear();
    return count;
  };

  await listen();
  return {
    get port() {
      return port;
    },
    get open() {
      return pairs.size;
    },
    cut,
    setNewConnections(next) {
      mode = next;
    },
    stopListening: unlisten,
    startListening: async () => {
      if (server === undefined) await listen();
    },
    async close() {
      cut();
      await unlisten();
    },
  };
}
