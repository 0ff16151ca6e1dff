/**
 * The Hub as production runs it: `startServer` (migrations, vault, auth, activity log, refresher, the whole
 * Express app) against the emulator in another process, on PostgreSQL when DATABASE_URL is set (a scratch
 * database the parent made) or on embedded PGlite in a temporary DATA_DIR. Seeds one workspace, an admin API
 * key and a connection to the emulator's Acme site, and hands the key to the parent. With HUB_PORT it also serves
 * the built panel there (its public URL, so the browser's sign-in passes the origin check).
 */
import { ACME_CLOUD_ID } from '@hub/confluence-emulator';
import { createLogger, loadEnv, saveConnection, startServer } from '@hub/api/testing';

import { serveChild } from './child.js';

serveChild(async () => {
  const emulatorUrl = process.env.EMULATOR_URL ?? '';
  const panelPort = process.env.HUB_PORT;
  const env = loadEnv({
    NODE_ENV: 'development',
    LOG_LEVEL: 'error',
    PORT: panelPort ?? '1',
    PUBLIC_URL: `http://127.0.0.1:${panelPort ?? '3000'}`,
    // The panel benchmark signs in once per round, each from an address of its own (sign-ins are rate limited).
    TRUST_PROXY: panelPort === undefined ? undefined : 'loopback',
    DATA_DIR: process.env.DATA_DIR,
    DATABASE_URL: process.env.DATABASE_URL,
    ATLASSIAN_AUTH_URL: emulatorUrl,
    ATLASSIAN_API_URL: emulatorUrl,
    ADMIN_EMAIL: 'bench@example.com',
    ADMIN_PASSWORD: 'bench-password-0123',
  });
  const server = await startServer(
    { ...env, port: panelPort === undefined ? 0 : env.port },
    {
      logger: createLogger({ level: 'error' }),
      emulatorPort: 0,
      ...(panelPort === undefined ? { webDist: null } : {}),
      print: () => undefined,
    },
  );
  const { auth, db, cipher } = server.services;
  const { workspaceId } = await auth.bootstrapAdmin({ email: 'bench@example.com', password: 'unused-here' });
  const { key } = await auth.createApiKey({
    workspaceId,
    name: 'bench',
    role: 'admin',
    createdBy: { kind: 'system' },
  });

  const tokens = (await (
    await fetch(`${emulatorUrl}/__control/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accountId: 'acc-ada' }),
    })
  ).json()) as { access_token: string; refresh_token: string; expires_in: number; scope: string };
  await saveConnection(db, cipher, {
    workspaceId,
    cloudId: ACME_CLOUD_ID,
    siteName: 'Acme',
    siteUrl: 'https://acme.atlassian.net',
    accountId: 'acc-ada',
    accountName: null,
    accountEmail: null,
    scopes: tokens.scope.split(' '),
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    accessTokenExpiresAt: new Date(Date.now() + tokens.expires_in * 1000),
    createdBy: null,
  });
  return {
    url: server.url,
    facts: { apiKey: key, database: env.databaseUrl === undefined ? 'pglite' : 'postgres' },
    close: () => server.close(),
  };
});
