import { randomBytes, randomUUID } from 'node:crypto';

import type { Db } from '../db/client.js';
import { confluenceConnections, organization, type NewConnectionRow } from '../db/schema/index.js';
import { formatKeyringEntry, parseKeyring, type Keyring } from '../connections/keyring.js';

/** A keyring from freshly generated keys, first one active: `testKeyring('new', 'old')`. */
export function testKeyring(...kids: string[]): Keyring {
  return parseKeyring(kids.map((kid) => formatKeyringEntry(kid, randomBytes(32))).join(','));
}

/** A bare workspace row, for tests that need a foreign key target but not better-auth. */
export async function insertWorkspace(db: Db, name = 'Test workspace'): Promise<string> {
  const id = randomUUID();
  await db.insert(organization).values({ id, name, slug: `ws-${id}`, createdAt: new Date() });
  return id;
}

export async function insertConnection(
  db: Db,
  values: Partial<NewConnectionRow> & Pick<NewConnectionRow, 'workspaceId'>,
): Promise<string> {
  const id = values.id ?? randomUUID();
  await db.insert(confluenceConnections).values({
    cloudId: randomUUID(),
    siteName: 'Test site',
    siteUrl: 'https://test.atlassian.net',
    accountId: 'account-1',
    ...values,
    id,
  });
  return id;
}
