import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type { AppRouter } from '@hub/api';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { inject } from 'vitest';

import { CHROMIUM_FLAGS, CHROMIUM_PATH, type HubInfo } from './browser';

export const ACME = '11111111-1111-4111-8111-111111111111';
export const SANDBOX = '22222222-2222-4222-8222-222222222222';

const screenshots = fileURLToPath(new URL('../screenshots', import.meta.url));

/** Why these tests are skipped (no Chromium outside CI), or null: pass to describe.skipIf. */
export const skipReason = inject('browserSkip');

export function hub(): HubInfo {
  const info = inject('hub');
  if (info === null) throw new Error('The global setup did not start the API');
  return info;
}

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
}

export async function newPage(
  browser: Browser,
  options: { width?: number; height?: number; cookies?: Cookie[]; headers?: Record<string, string> } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1366, height: options.height ?? 900 },
    baseURL: hub().baseUrl,
    ...(options.headers === undefined ? {} : { extraHTTPHeaders: options.headers }),
  });
  if (options.cookies !== undefined) await context.addCookies(options.cookies);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
}

export async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage });
}

export interface Cookie {
  name: string;
  value: string;
  url: string;
}

/** A client address of its own (through the trusted loopback proxy): sign-ins are limited to 5 a minute each. */
export function clientAddress(): string {
  return `10.77.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
}

/** Signs in over HTTP (not through the form) for suites that test something else. */
export async function signInCookies(): Promise<Cookie[]> {
  const { baseUrl, email, password } = hub();
  const response = await fetch(`${baseUrl}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin: baseUrl,
      'x-forwarded-for': clientAddress(),
    },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  return response.headers.getSetCookie().map((line) => {
    const [pair = ''] = line.split(';');
    const at = pair.indexOf('=');
    return { name: pair.slice(0, at), value: pair.slice(at + 1), url: baseUrl };
  });
}

/** tRPC from the test process, as the signed-in admin (for setup and clean-up, not for what is being tested). */
export function apiAs(cookies: Cookie[]) {
  const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  return createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: `${hub().baseUrl}/trpc`, headers: { cookie } })],
  });
}

/** tRPC as an API key would call it (what the key may do is the server's answer, not the panel's). */
export function apiWithKey(key: string) {
  return createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: `${hub().baseUrl}/trpc`, headers: { authorization: `Bearer ${key}` } })],
  });
}

/** The emulator's control API (tests only): revoke refresh tokens, expire access tokens, … */
export async function emulatorControl(route: string, body: unknown = {}): Promise<unknown> {
  const response = await fetch(`${hub().emulatorUrl}/__control/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`emulator control ${route}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** On the emulator's consent page as Ada Admin: accept for both of her sites, or Acme only, or deny. */
export async function consent(page: Page, decision: 'both sites' | 'acme only' | 'deny'): Promise<void> {
  await page.locator('#account').waitFor();
  if (decision === 'acme only') {
    await page.locator(`fieldset[data-account="acc-ada"] input[name=site][value="${SANDBOX}"]`).uncheck();
  }
  await page.locator(`button[name=decision][value=${decision === 'deny' ? 'deny' : 'accept'}]`).click();
}

/** Leaves the workspace without live connections, whatever an earlier suite did. */
export async function disconnectAll(cookies: Cookie[]): Promise<void> {
  const client = apiAs(cookies);
  for (const connection of await client.integrations.list.query()) {
    if (connection.status !== 'disconnected') {
      await client.integrations.disconnect.mutate({ connectionId: connection.id });
    }
  }
}

/** Every connection back to the defaults (all capabilities, every space), so no suite inherits another's limits. */
export async function resetConnectionPolicies(cookies: Cookie[]): Promise<void> {
  const client = apiAs(cookies);
  for (const connection of await client.integrations.list.query()) {
    await client.integrations.setPolicy.mutate({
      connectionId: connection.id,
      capabilities: ['read', 'search', 'write', 'comment'],
      allowedSpaceKeys: null,
    });
  }
}
