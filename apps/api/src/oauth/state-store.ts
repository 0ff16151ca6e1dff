import { createHash, randomBytes } from 'node:crypto';

import { and, eq, gt, isNull, lt } from 'drizzle-orm';

import type { UserPrincipal } from '../auth/principal.js';
import type { Db } from '../db/client.js';
import { oauthStates } from '../db/schema/index.js';
import { STATE_TTL_MS } from './deps.js';
import { ConnectFailure } from './outcome.js';

const STATE_BYTES = 32;

/** The row key: base64url SHA-256 of the state. The state itself exists only in the browser's round trip. */
export const hashState = (state: string): string => createHash('sha256').update(state).digest('base64url');

export interface StateBinding {
  userId: string;
  workspaceId: string;
  sessionId: string;
  returnPath: string;
}

/** A fresh single-use state (256 random bits, base64url) bound to the admin's session; only its hash is stored. */
export async function createState(db: Db, binding: StateBinding, now: Date): Promise<string> {
  const state = randomBytes(STATE_BYTES).toString('base64url');
  await db.insert(oauthStates).values({
    stateHash: hashState(state),
    ...binding,
    expiresAt: new Date(now.getTime() + STATE_TTL_MS),
  });
  return state;
}

/** Drops expired states and site choices (used or not), so the table stays as small as the consents in flight. */
export async function deleteExpired(db: Db, now: Date): Promise<number> {
  const gone = await db
    .delete(oauthStates)
    .where(lt(oauthStates.expiresAt, now))
    .returning({ stateHash: oauthStates.stateHash });
  return gone.length;
}

export interface ConsumedState {
  stateHash: string;
  userId: string;
  workspaceId: string;
  returnPath: string;
}

/**
 * Marks the state used in one statement that also checks it is unused, unexpired and bound to this very session,
 * user and workspace: of two concurrent callbacks with the same state, one wins and the other finds it used.
 * Someone else's request cannot burn the state (the condition fails before anything is written).
 */
export async function consumeState(
  db: Db,
  state: string,
  principal: UserPrincipal,
  now: Date,
): Promise<ConsumedState> {
  const stateHash = hashState(state);
  const [row] = await db
    .update(oauthStates)
    .set({ usedAt: now })
    .where(
      and(
        eq(oauthStates.stateHash, stateHash),
        isNull(oauthStates.usedAt),
        gt(oauthStates.expiresAt, now),
        eq(oauthStates.sessionId, principal.sessionId),
        eq(oauthStates.userId, principal.id),
        eq(oauthStates.workspaceId, principal.workspaceId),
      ),
    )
    .returning({
      stateHash: oauthStates.stateHash,
      userId: oauthStates.userId,
      workspaceId: oauthStates.workspaceId,
      returnPath: oauthStates.returnPath,
    });
  if (row !== undefined) return row;
  throw await whyRejected(db, stateHash, principal, now);
}

const START_AGAIN = 'Start again from Integrations.';

async function whyRejected(
  db: Db,
  stateHash: string,
  principal: UserPrincipal,
  now: Date,
): Promise<ConnectFailure> {
  const [row] = await db.select().from(oauthStates).where(eq(oauthStates.stateHash, stateHash));
  if (row === undefined) {
    return new ConnectFailure(
      'invalid_state',
      `Atlassian's answer does not match a Confluence connection started here, or it is too old. ${START_AGAIN}`,
      'unknown state',
    );
  }
  if (row.userId !== principal.id || row.sessionId !== principal.sessionId) {
    return new ConnectFailure(
      'invalid_state',
      `This Confluence connection was started in another browser session or by another user, so it cannot finish here. ${START_AGAIN}`,
      row.userId === principal.id ? 'state of another session' : 'state of another user',
    );
  }
  if (row.workspaceId !== principal.workspaceId) {
    return new ConnectFailure(
      'invalid_state',
      `This Confluence connection was started in another workspace. Switch back to that workspace, or ${START_AGAIN.toLowerCase()}`,
      'state of another workspace',
    );
  }
  if (row.usedAt !== null) {
    return new ConnectFailure(
      'invalid_state',
      `This Confluence connection link was already used (each works once). ${START_AGAIN}`,
      'state already used',
    );
  }
  return row.expiresAt <= now
    ? new ConnectFailure(
        'expired_state',
        `The Confluence connection was not completed within ${STATE_TTL_MS / 60_000} minutes and expired. ${START_AGAIN}`,
        'state expired',
      )
    : new ConnectFailure('invalid_state', `This Confluence connection link is not valid. ${START_AGAIN}`);
}
