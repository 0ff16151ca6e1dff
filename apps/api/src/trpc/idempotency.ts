import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import { and, eq, lt, sql } from 'drizzle-orm';

import type { Principal } from '../auth/principal.js';
import type { Db } from '../db/client.js';
import { idempotencyKeys } from '../db/schema/index.js';
import { HubError } from '../errors.js';

/** How long a first result is kept, and so how long a retry is recognised. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

export interface IdempotencyOptions {
  /**
   * A claim with no result after this long is taken over: the process running it died. Longer than any call may
   * run (Confluence's timeout and retries included), so a slow first call is never run twice.
   */
  leaseMs?: number;
  /** How long a retry waits for a first call still running before answering IDEMPOTENCY_IN_PROGRESS. */
  maxWaitMs?: number;
}

const DEFAULTS = { leaseMs: 120_000, maxWaitMs: 20_000 } satisfies Required<IdempotencyOptions>;

export interface IdempotentCall {
  workspaceId: string;
  principal: Pick<Principal, 'kind' | 'id'>;
  key: string;
  tool: string;
  /** From `fingerprintOf`: what "the same input" means. */
  fingerprint: string;
}

/**
 * Runs `run` once per (workspace, principal, key). The first call claims the key with an insert that only one
 * caller can win (on any process: the primary key decides), runs, and stores its result; a failure releases the
 * key so a retry runs again. Every other call with that key replays the stored result, waits (with backoff) while
 * the first is still running, or is refused when its input differs.
 */
export async function runOnce<T>(
  db: Db,
  call: IdempotentCall,
  run: () => Promise<T>,
  signal: AbortSignal | undefined,
  options: IdempotencyOptions = {},
): Promise<T> {
  const { leaseMs, maxWaitMs } = { ...DEFAULTS, ...options };
  const deadline = performance.now() + maxWaitMs;
  let delayMs = 20;
  for (;;) {
    const claimId = randomUUID();
    if (await claim(db, call, claimId, leaseMs)) return runClaimed(db, call, claimId, run);
    const row = await readKey(db, call);
    // Released (the first call failed) or expired between our two statements: claim again.
    if (row === undefined) continue;
    if (row.tool !== call.tool || row.fingerprint !== call.fingerprint) throw keyReused(call, row.tool);
    if (row.completedAt !== null) return row.result as T;
    if (performance.now() + delayMs > deadline) throw inProgress(call);
    await sleep(delayMs, undefined, { signal });
    delayMs = Math.min(delayMs * 2, 500);
  }
}

async function runClaimed<T>(
  db: Db,
  call: IdempotentCall,
  claimId: string,
  run: () => Promise<T>,
): Promise<T> {
  let result: T;
  try {
    result = await run();
  } catch (error) {
    // Nothing to replay: a retry should run the call again. If even this fails, the lease frees the key later.
    await db
      .delete(idempotencyKeys)
      .where(and(keyIs(call), eq(idempotencyKeys.claimId, claimId)))
      .catch(() => undefined);
    throw error;
  }
  await db
    .update(idempotencyKeys)
    .set({ result, completedAt: sql`now()` })
    .where(and(keyIs(call), eq(idempotencyKeys.claimId, claimId)));
  return result;
}

/**
 * Inserts the claim; a row already there is replaced only when it has expired, or when it is a claim of the same
 * input whose lease ran out. True when this caller now holds the key.
 */
async function claim(db: Db, call: IdempotentCall, claimId: string, leaseMs: number): Promise<boolean> {
  const t = idempotencyKeys;
  const won = await db
    .insert(t)
    .values({
      workspaceId: call.workspaceId,
      principalKind: call.principal.kind,
      principalId: call.principal.id,
      key: call.key,
      tool: call.tool,
      fingerprint: call.fingerprint,
      claimId,
      expiresAt: sql`now() + ${`${IDEMPOTENCY_TTL_MS} milliseconds`}::interval`,
    })
    .onConflictDoUpdate({
      target: [t.workspaceId, t.principalKind, t.principalId, t.key],
      set: {
        tool: sql`excluded.tool`,
        fingerprint: sql`excluded.fingerprint`,
        claimId: sql`excluded.claim_id`,
        claimedAt: sql`now()`,
        completedAt: null,
        result: null,
        expiresAt: sql`excluded.expires_at`,
      },
      setWhere: sql`${t.expiresAt} < now() or (${t.completedAt} is null and ${t.fingerprint} = excluded.fingerprint
        and ${t.claimedAt} < now() - ${`${leaseMs} milliseconds`}::interval)`,
    })
    .returning({ claimId: t.claimId });
  return won[0]?.claimId === claimId;
}

async function readKey(db: Db, call: IdempotentCall) {
  const [row] = await db
    .select({
      tool: idempotencyKeys.tool,
      fingerprint: idempotencyKeys.fingerprint,
      completedAt: idempotencyKeys.completedAt,
      result: idempotencyKeys.result,
    })
    .from(idempotencyKeys)
    .where(and(keyIs(call), sql`${idempotencyKeys.expiresAt} >= now()`));
  return row;
}

function keyIs(call: IdempotentCall) {
  return and(
    eq(idempotencyKeys.workspaceId, call.workspaceId),
    eq(idempotencyKeys.principalKind, call.principal.kind),
    eq(idempotencyKeys.principalId, call.principal.id),
    eq(idempotencyKeys.key, call.key),
  );
}

function keyReused(call: IdempotentCall, firstTool: string): HubError {
  const where = firstTool === call.tool ? 'with a different input' : `for ${firstTool}`;
  return new HubError(
    'IDEMPOTENCY_KEY_REUSED',
    `idempotencyKey "${call.key}" was already used ${where} in the last 24 hours, so nothing was done. ` +
      'Send a new key for a new write; reuse a key only to retry exactly the same call.',
  );
}

function inProgress(call: IdempotentCall): HubError {
  return new HubError(
    'IDEMPOTENCY_IN_PROGRESS',
    `The first call with idempotencyKey "${call.key}" is still running; nothing was done twice. ` +
      'Retry with the same key in a few seconds to get its result.',
    { details: { retryAfterMs: 2000 } },
  );
}

/** SHA-256 of the tool, the connection and the validated input without its key, in a canonical JSON form. */
export function fingerprintOf(tool: string, connectionId: string, args: Record<string, unknown>): string {
  const { idempotencyKey: _key, ...rest } = args;
  return createHash('sha256')
    .update(canonicalJson({ tool, connectionId, args: rest }))
    .digest('base64url');
}

/** JSON with object keys sorted and undefined members left out: equal inputs give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const members = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Drops keys past their 24 hours (run by the server's sweep). */
export async function deleteExpiredKeys(db: Db, now: Date): Promise<number> {
  const gone = await db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.expiresAt, now))
    .returning({ key: idempotencyKeys.key });
  return gone.length;
}
