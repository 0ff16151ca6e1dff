import type { AddressInfo } from 'node:net';
import type { App } from './app.js';
import { createState, siteUrl } from './app.js';
import type { EmulatorControl } from './control/client.js';
import { controlClient } from './control/client.js';
import { controlOperations } from './control/operations.js';
import type { EmulatorOptions, ResolvedOptions } from './options.js';
import { resolveOptions } from './options.js';
import { createEmulatorServer } from './server.js';

export interface Emulator {
  /** Base URL of both the auth server and the API gateway, e.g. `http://127.0.0.1:54321`. */
  readonly url: string;
  readonly port: number;
  readonly options: Readonly<ResolvedOptions>;
  readonly control: EmulatorControl;
  /** Stops listening and closes every connection, idle keep-alive ones included. */
  close(): Promise<void>;
}

export async function startEmulator(options?: EmulatorOptions): Promise<Emulator> {
  const resolved = resolveOptions(options);
  const app: App = { options: resolved, state: createState(resolved, (site) => siteUrl(app, site)), url: '' };
  const ops = controlOperations(app);
  const server = createEmulatorServer(app, ops);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;
  app.url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  let closing: Promise<void> | null = null;
  return {
    url: app.url,
    port,
    options: resolved,
    control: controlClient(ops),
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
