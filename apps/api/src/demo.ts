import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { z } from 'zod';

import { ConfigError } from './config-error.js';

export const DEMO_ADMIN_EMAIL = 'admin@demo.local';
export const DEMO_PASSWORD_FILE = 'demo-admin-password';
export const DEFAULT_EMULATOR_PORT = 4010;

/** EMULATOR_PORT (demo mode only): where the in-process emulator listens; 0 = any free port. */
export function emulatorPort(source: NodeJS.ProcessEnv = process.env): number {
  const raw = source.EMULATOR_PORT;
  if (raw === undefined || raw === '') return DEFAULT_EMULATOR_PORT;
  const parsed = z.coerce.number().int().min(0).max(65535).safeParse(raw);
  if (!parsed.success) throw new ConfigError('EMULATOR_PORT', 'must be a port number between 0 and 65535');
  return parsed.data;
}

/**
 * The demo admin's password: generated on first start and kept in DATA_DIR (mode 0600), so a restart prints the
 * same one that still signs in. `created` says whether it was generated now.
 */
export async function demoAdminPassword(
  dataDir: string,
): Promise<{ password: string; file: string; created: boolean }> {
  const file = path.join(dataDir, DEMO_PASSWORD_FILE);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const generated = randomBytes(12).toString('base64url');
  try {
    await writeFile(file, `${generated}\n`, { mode: 0o600, flag: 'wx' });
    return { password: generated, file, created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if (((await stat(file)).mode & 0o077) !== 0) await chmod(file, 0o600);
  const password = (await readFile(file, 'utf8')).trim();
  if (password.length < 8) {
    throw new ConfigError(
      'DATA_DIR',
      `${file} does not hold a usable password; delete it to generate a new one`,
    );
  }
  return { password, file, created: false };
}

export interface BannerInput {
  panelUrl: string;
  panelBuilt: boolean;
  email: string;
  /** Printed only when the demo generated it; an ADMIN_PASSWORD the operator chose is not echoed. */
  password: string | null;
  emulatorUrl: string | null;
  warning?: string | undefined;
  /** From the launch (`pnpm start`, or this process's start) until the API listened. */
  readyMs?: number;
}

export function demoBanner(input: BannerInput): string {
  const rule = '─'.repeat(78);
  const lines = [
    rule,
    '  Integrations Hub — demo mode: talking to the local Confluence emulator',
    '',
    `  Panel      ${input.panelUrl}${input.panelBuilt ? '' : '   (panel not built yet: API only, tRPC at /trpc)'}`,
    `  Sign in    ${input.email}`,
    `  Password   ${input.password ?? '(the ADMIN_PASSWORD you set)'}`,
    `  Emulator   ${input.emulatorUrl ?? '(external, from ATLASSIAN_AUTH_URL / ATLASSIAN_API_URL)'}`,
    '             Atlassian consent page + Confluence API; connect as "Ada Admin" for two demo sites',
    '',
    '  No real Atlassian account is used. Set ATLASSIAN_CLIENT_ID / ATLASSIAN_CLIENT_SECRET for Confluence Cloud.',
    ...(input.readyMs === undefined ? [] : [`  Ready in ${(input.readyMs / 1000).toFixed(1)} s`]),
    ...(input.warning === undefined ? [] : ['', `  ! ${input.warning}`]),
    rule,
  ];
  return `${lines.join('\n')}\n`;
}
