import { describe, expect, it } from 'vitest';

import { newWorkspace, useApiHarness } from '../test-support/api-harness.js';
import { useTestDatabase } from '../test-support/database.js';
import { DEFAULT_ACCOUNT_LOCKOUT } from './account-lockout.js';

/**
 * The per-account limit: a guesser spread over many addresses (here: a trusted proxy forwarding distinct client
 * addresses, so the per-address limiter never fires) is stopped after 10 failures, for a known account and an
 * unknown email alike.
 */

const t = useTestDatabase();
let clock = Date.now();
const harness = useApiHarness(t, {
  seed: 'empty',
  app: { trustProxy: 'loopback' },
  auth: { now: () => clock },
});

let address = 0;
async function signIn(email: string, password: string) {
  address += 1;
  const response = await fetch(`${harness().url}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin: harness().url,
      // A different client each time, through the trusted proxy on loopback.
      'x-forwarded-for': `198.51.100.${(address % 250) + 1}`,
    },
    body: JSON.stringify({ email, password }),
  });
  const body = (await response.json()) as { code?: string; message?: string };
  return {
    status: response.status,
    code: body.code,
    message: body.message,
    retryAfter: response.headers.get('retry-after'),
  };
}

describe('per-account sign-in lockout', () => {
  it('locks an account after 10 failures from 10 addresses, the right password included, then lets it in again', async () => {
    const ws = await newWorkspace(harness(), 'Locked out');
    const { maxFailures, lockSeconds } = DEFAULT_ACCOUNT_LOCKOUT;
    const statuses: number[] = [];
    for (let i = 0; i < maxFailures; i += 1)
      statuses.push((await signIn(ws.admin.email, 'wrong password!')).status);
    expect(statuses).toEqual([...Array<number>(maxFailures - 1).fill(401), 429]);

    const locked = await signIn(ws.admin.email, ws.admin.password);
    expect(locked).toMatchObject({
      status: 429,
      code: 'TOO_MANY_FAILED_SIGN_INS',
      retryAfter: String(lockSeconds),
    });
    expect(locked.message).toMatch(/^Too many failed sign-ins for this account\. Try again in 15 minutes/);

    clock += lockSeconds * 1000;
    expect((await signIn(ws.admin.email, ws.admin.password)).status).toBe(200);
    // A success clears the count: the next failure is the first of a new series.
    expect((await signIn(ws.admin.email, 'wrong password!')).status).toBe(401);
  });

  it('says exactly the same for an email that has no account (no enumeration)', async () => {
    const ws = await newWorkspace(harness(), 'Real one');
    const answers = async (email: string) => {
      const seen = [];
      for (let i = 0; i < DEFAULT_ACCOUNT_LOCKOUT.maxFailures + 1; i += 1) {
        const { status, code, message } = await signIn(email, 'wrong password!');
        seen.push({ status, code, message });
      }
      return seen;
    };
    const real = await answers(ws.admin.email);
    const unknown = await answers('nobody-here@example.com');
    expect(unknown).toEqual(real);
    expect(real.at(-1)).toMatchObject({ status: 429, code: 'TOO_MANY_FAILED_SIGN_INS' });
  });
});
