import { randomUUID } from 'node:crypto';

import { ACME_CLOUD_ID, type Emulator } from '@hub/confluence-emulator';

import type { Db } from '../../db/client.js';
import { confluenceConnections, organization } from '../../db/schema/index.js';
import type { TokenCipher } from '../../connections/token-cipher.js';

export interface SeededConnection {
  id: string;
  workspaceId: string;
  accessToken: string;
  refreshToken: string;
}

/**
 * `count` workspaces with one Confluence connection each (the workspace's default), every one with its own token
 * family issued by the emulator and stored encrypted as the OAuth callback stores it, all committed in ONE
 * transaction: background refreshers already running see every row appear at once.
 */
export async function seedConnections(
  db: Db,
  cipher: TokenCipher,
  emu: Emulator,
  options: { count: number; expiresAt: Date },
): Promise<SeededConnection[]> {
  const seeded: SeededConnection[] = [];
  for (let i = 0; i < options.count; i += 1) {
    const tokens = await emu.control.issueTokens({ accountId: 'acc-ada', cloudIds: [ACME_CLOUD_ID] });
    if (tokens.refresh_token === undefined) throw new Error('the emulator issued no refresh token');
    seeded.push({
      id: randomUUID(),
      workspaceId: randomUUID(),
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token,
    });
  }
  const now = new Date();
  // Obtained an hour before they expire, as Atlassian's one-hour access tokens are.
  const obtainedAt = new Date(options.expiresAt.getTime() - 60 * 60_000);
  await db.transaction(async (tx) => {
    // Chunks keep each statement well under PostgreSQL's 65,535 bind parameters.
    for (let from = 0; from < seeded.length; from += 250) {
      const chunk = seeded.slice(from, from + 250);
      await tx.insert(organization).values(
        chunk.map((c) => ({
          id: c.workspaceId,
          name: `Seeded ${c.workspaceId}`,
          slug: `ws-${c.workspaceId}`,
          createdAt: now,
        })),
      );
      await tx.insert(confluenceConnections).values(
        chunk.map((c) => ({
          id: c.id,
          workspaceId: c.workspaceId,
          cloudId: ACME_CLOUD_ID,
          siteName: 'Acme',
          siteUrl: 'https://acme.atlassian.net',
          accountId: 'acc-ada',
          scopes: ['read:space:confluence', 'offline_access'],
          accessTokenEnc: cipher.encrypt(c.accessToken, { rowId: c.id, field: 'access_token' }),
          refreshTokenEnc: cipher.encrypt(c.refreshToken, { rowId: c.id, field: 'refresh_token' }),
          accessTokenExpiresAt: options.expiresAt,
          refreshTokenUpdatedAt: obtainedAt,
          lastRefreshedAt: obtainedAt,
          // In use: the background pass refreshes ahead only connections used (or connected) within the hour.
          lastUsedAt: now,
          status: 'active' as const,
          isDefault: true,
        })),
      );
    }
  });
  return seeded;
}
