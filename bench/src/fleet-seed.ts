/**
 * A fleet of Confluence connections in one workspace, each with its own tokens from the emulator (its own refresh
 * token family, so a double refresh of one connection would show as invalid_grant), stored as the OAuth callback
 * stores them: tokens encrypted with the row id bound in. Inserted in batches, not one consent transaction each.
 * Rows differ by cloud id (the workspace+site pair is unique); the refresh logic never looks at it.
 */
import { randomUUID } from 'node:crypto';

import { confluenceConnections, insertWorkspace, type Database, type TokenCipher } from '@hub/api/testing';
import type { TokenResponse } from '@hub/confluence-emulator';

export interface ConnectionTimes {
  accessTokenExpiresAt: Date;
  lastRefreshedAt: Date;
  refreshTokenUpdatedAt: Date;
  consentedAt: Date;
  lastUsedAt: Date | null;
}

const ISSUE_AT_ONCE = 50;
const INSERT_BATCH = 250;

/** `count` connections; `times(i)` dates the i-th. Returns their ids in order. */
export async function seedConnections(
  db: Database['db'],
  cipher: TokenCipher,
  count: number,
  issue: () => Promise<TokenResponse>,
  times: (i: number) => ConnectionTimes,
): Promise<string[]> {
  const tokens: TokenResponse[] = [];
  while (tokens.length < count) {
    const batch = Math.min(ISSUE_AT_ONCE, count - tokens.length);
    tokens.push(...(await Promise.all(Array.from({ length: batch }, issue))));
  }
  const workspaceId = await insertWorkspace(db, 'Connection fleet');
  const rows = tokens.map((t, i) => {
    if (t.refresh_token === undefined) throw new Error('the emulator issued no refresh token');
    const id = randomUUID();
    return {
      id,
      workspaceId,
      cloudId: randomUUID(),
      siteName: 'Acme',
      siteUrl: 'https://acme.atlassian.net',
      accountId: 'acc-ada',
      scopes: t.scope.split(' '),
      accessTokenEnc: cipher.encrypt(t.access_token, { rowId: id, field: 'access_token' }),
      refreshTokenEnc: cipher.encrypt(t.refresh_token, { rowId: id, field: 'refresh_token' }),
      status: 'active' as const,
      ...times(i),
    };
  });
  for (let i = 0; i < rows.length; i += INSERT_BATCH) {
    await db.insert(confluenceConnections).values(rows.slice(i, i + INSERT_BATCH));
  }
  return rows.map((r) => r.id);
}
