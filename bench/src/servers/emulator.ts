/** Confluence and Atlassian's auth server (the emulator), alone in its process so its CPU is not the Hub's. */
import { DEMO_CLIENT, startEmulator } from '@hub/confluence-emulator';

import { serveChild } from './child.js';

serveChild(async () => {
  const emu = await startEmulator({ port: 0, clients: [{ ...DEMO_CLIENT }] });
  return { url: emu.url, close: () => emu.close() };
});
