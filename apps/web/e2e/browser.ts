import { existsSync } from 'node:fs';

/** Debian's Chromium; no browser download (playwright-core only drives it). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/** What the global setup hands the browser tests (vitest `provide` / `inject`). */
export interface HubInfo {
  baseUrl: string;
  emulatorUrl: string;
  email: string;
  password: string;
  logFile: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    hub: HubInfo | null;
    /** Why the browser tests are skipped (Chromium missing outside CI), or null. */
    browserSkip: string | null;
  }
}
