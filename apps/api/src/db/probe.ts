import { sql } from 'drizzle-orm';

import type { Db } from './client.js';

/** `select 1` within `timeoutMs`: what /readyz reports, and how a vague failure is told apart from an outage. */
export async function databaseReachable(db: Db, timeoutMs = 2000): Promise<boolean> {
  try {
    await withTimeout(db.execute(sql`select 1`), timeoutMs);
    return true;
  } catch {
    return false;
  }
}

export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
