import { and, eq, gt, isNotNull } from 'drizzle-orm';
import { z } from 'zod';

import type { UserPrincipal } from '../auth/principal.js';
import type { TokenCipher } from '../connections/token-cipher.js';
import type { Db } from '../db/client.js';
import { oauthStates } from '../db/schema/index.js';
import type { Consent } from './consent.js';

/**
 * A site choice waits in the oauth_states row of its (already used) state: the whole consent — tokens, account,
 * sites — as one AES-256-GCM envelope, field `pending_connection`, associated data = the row id (the state hash),
 * so it decrypts nowhere else. The row id doubles as the pending id the panel carries in `?choose=`: it reveals
 * nothing (the state is spent, and a hash does not give the state back), and every lookup is also bound to the
 * session, user and workspace that started the consent.
 */
const pendingSchema = z.object({
  tokens: z.object({
    accessToken: z.string().min(1),
    refreshToken: z.string().min(1),
    expiresAt: z.number().int(),
    scopes: z.array(z.string()),
  }),
  account: z.object({
    accountId: z.string().min(1),
    name: z.string().nullable(),
    email: z.string().nullable(),
  }),
  sites: z.array(z.object({ cloudId: z.string().min(1), name: z.string(), url: z.string() })),
});

const context = (pendingId: string) => ({ rowId: pendingId, field: 'pending_connection' as const });

export async function savePending(
  db: Db,
  cipher: TokenCipher,
  pendingId: string,
  consent: Consent,
  expiresAt: Date,
): Promise<void> {
  const payload: z.input<typeof pendingSchema> = {
    ...consent,
    tokens: { ...consent.tokens, expiresAt: consent.tokens.expiresAt.getTime() },
  };
  const pendingEnc = cipher.encrypt(JSON.stringify(payload), context(pendingId));
  await db.update(oauthStates).set({ pendingEnc, expiresAt }).where(eq(oauthStates.stateHash, pendingId));
}

export interface PendingConsent {
  consent: Consent;
  expiresAt: Date;
}

const ownedBy = (principal: UserPrincipal, pendingId: string, now: Date) =>
  and(
    eq(oauthStates.stateHash, pendingId),
    isNotNull(oauthStates.pendingEnc),
    isNotNull(oauthStates.usedAt),
    gt(oauthStates.expiresAt, now),
    eq(oauthStates.userId, principal.id),
    eq(oauthStates.sessionId, principal.sessionId),
    eq(oauthStates.workspaceId, principal.workspaceId),
  );

/** The caller's own unexpired pending consent, or null (unknown, expired, used, or someone else's). */
export async function readPending(
  db: Db,
  cipher: TokenCipher,
  principal: UserPrincipal,
  pendingId: string,
  now: Date,
): Promise<PendingConsent | null> {
  const [row] = await db
    .select({ pendingEnc: oauthStates.pendingEnc, expiresAt: oauthStates.expiresAt })
    .from(oauthStates)
    .where(ownedBy(principal, pendingId, now));
  if (row?.pendingEnc == null) return null;
  return { consent: decode(cipher, pendingId, row.pendingEnc), expiresAt: row.expiresAt };
}

/** Like readPending, but deletes the row in the same statement: of two concurrent takers, one gets it. */
export async function takePending(
  db: Db,
  cipher: TokenCipher,
  principal: UserPrincipal,
  pendingId: string,
  now: Date,
): Promise<Consent | null> {
  const [row] = await db
    .delete(oauthStates)
    .where(ownedBy(principal, pendingId, now))
    .returning({ pendingEnc: oauthStates.pendingEnc });
  return row?.pendingEnc == null ? null : decode(cipher, pendingId, row.pendingEnc);
}

function decode(cipher: TokenCipher, pendingId: string, envelope: string): Consent {
  const payload = pendingSchema.parse(JSON.parse(cipher.decrypt(envelope, context(pendingId))));
  return { ...payload, tokens: { ...payload.tokens, expiresAt: new Date(payload.tokens.expiresAt) } };
}
