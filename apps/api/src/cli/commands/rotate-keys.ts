import { and, inArray, isNotNull, not, or, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

import { rotateKeys, type RotationReport } from '../../connections/rotate-keys.js';
import { envelopeKid, type TokenDecryptFailure } from '../../connections/token-cipher.js';
import type { Db } from '../../db/client.js';
import { confluenceConnections } from '../../db/schema/index.js';
import { defineCommand } from '../command.js';
import type { CommandContext } from '../context.js';
import { CliError } from '../errors.js';
import { positiveIntegerOption } from '../values.js';

const REASONS: Record<TokenDecryptFailure, string> = {
  UNKNOWN_KEY: 'its key is not in TOKEN_ENCRYPTION_KEYS',
  AUTHENTICATION_FAILED: 'it does not decrypt under its key (altered, or a different key with the same id)',
  MALFORMED: 'it is not a token envelope',
};

export const rotateKeysCommand = defineCommand({
  name: 'rotate-keys',
  summary: "re-encrypt every connection's tokens under the active key",
  description:
    'Re-encrypts the stored Confluence tokens of every connection under the active key, the first entry of ' +
    'TOKEN_ENCRYPTION_KEYS, in batches that take the same row locks as token refresh (safe while servers run on ' +
    'PostgreSQL). Idempotent: run it again after an interruption. Exits 1 when some value could not be decrypted; ' +
    'those rows are left as they were. Rotation: put the new key first, keep the old one after it, restart the ' +
    'servers, run this, then drop the old key ten or more minutes later.',
  options: {
    'batch-size': { type: 'string', value: '<n>', description: 'connections per transaction (default 100)' },
  },
  examples: [
    'TOKEN_ENCRYPTION_KEYS="k2:<new>,k1:<old>" pnpm --filter @hub/api hub rotate-keys',
    'pnpm --filter @hub/api hub rotate-keys --batch-size 500',
  ],
  async run(context, options) {
    const size = options['batch-size'];
    const batchSize =
      size === undefined ? 100 : positiveIntegerOption(size, '--batch-size', 'rotate-keys', 10_000);
    const cipher = await context.cipher();
    const { db } = await context.database();
    const pending = await countPending(db, cipher.activeKid);
    context.note(
      `${pending} connection(s) have tokens under another key than "${cipher.activeKid}"; re-encrypting in batches of ${batchSize} …`,
    );

    let batches = 0;
    let checked = 0;
    const report = await rotateKeys(db, cipher, {
      batchSize,
      onBatch: (rows) => {
        batches += 1;
        checked += rows;
        context.note(`  batch ${batches}: ${rows} connection(s), ${checked} of ${pending} done`);
      },
    });

    await describeFailures(context, db, report);
    context.print(
      `Re-encrypted the tokens of ${report.rotated} connection(s) under key "${cipher.activeKid}"; ` +
        `${report.failures.length} value(s) could not be decrypted.`,
    );
    if (report.failures.length > 0) {
      throw new CliError(
        'Some tokens were not rotated (listed above): add their keys back to TOKEN_ENCRYPTION_KEYS after the ' +
          'active one and run rotate-keys again, or have an admin reconnect those connections.',
      );
    }
    const retired = [...(context.config().tokenKeys?.keys.keys() ?? [])].filter(
      (kid) => kid !== cipher.activeKid,
    );
    if (retired.length > 0) {
      context.print(
        `Keep ${retired.map((kid) => `"${kid}"`).join(', ')} in TOKEN_ENCRYPTION_KEYS for ten more minutes ` +
          '(OAuth consents in progress), then remove them and restart the servers.',
      );
    }
  },
});

function notUnder(column: PgColumn, prefix: string): SQL {
  return and(isNotNull(column), not(sql`starts_with(${column}, ${prefix})`)) ?? sql`false`;
}

/** The rows rotateKeys will touch, for the progress lines. */
async function countPending(db: Db, activeKid: string): Promise<number> {
  const prefix = `v1.${activeKid}.`;
  return db.$count(
    confluenceConnections,
    or(
      notUnder(confluenceConnections.accessTokenEnc, prefix),
      notUnder(confluenceConnections.refreshTokenEnc, prefix),
    ),
  );
}

/** One line per value left unrotated, naming the key id it is under (ids are not secret; keys are). */
async function describeFailures(context: CommandContext, db: Db, report: RotationReport): Promise<void> {
  if (report.failures.length === 0) return;
  const ids = [...new Set(report.failures.map((failure) => failure.connectionId))];
  const rows = await db
    .select({
      id: confluenceConnections.id,
      access_token: confluenceConnections.accessTokenEnc,
      refresh_token: confluenceConnections.refreshTokenEnc,
    })
    .from(confluenceConnections)
    .where(inArray(confluenceConnections.id, ids));
  for (const failure of report.failures) {
    const row = rows.find((candidate) => candidate.id === failure.connectionId);
    const envelope = failure.field === 'pending_connection' ? null : (row?.[failure.field] ?? null);
    const kid = envelope === null ? undefined : envelopeKid(envelope);
    context.note(
      `  connection ${failure.connectionId}: ${failure.field} not rotated: ${REASONS[failure.reason]}` +
        (kid === undefined ? '' : ` (key id "${kid}")`),
    );
  }
}
