import type { TokenResponse } from '../oauth/auth-store.js';
import type { FaultSpec } from './faults.js';
import type { ControlOperations, IssueTokensInput, Stats } from './operations.js';
import type { RateLimitPatch, RateLimitState } from './rate-limit-control.js';
import type { RequestLogEntry } from './request-log.js';
import type { SeededFolder, SeedFolderInput } from './seed-folder.js';
import type { SeededSpace, SeedSpaceInput } from './seed-space.js';

/** `emu.control`: the control API, typed, called in-process (same operations as `/__control/*`). */
export interface EmulatorControl {
  /** Back to the seeded state: content, tokens, faults, log, counters and clock offset. */
  reset(): Promise<void>;
  /** Tokens without the consent page (`POST /__control/tokens`). */
  issueTokens(input: IssueTokensInput): Promise<TokenResponse>;
  addFault(fault: FaultSpec): Promise<{ id: string }>;
  clearFaults(): Promise<void>;
  /** Oldest first; no tokens, no bodies. */
  requests(): Promise<RequestLogEntry[]>;
  clearRequests(): Promise<void>;
  stats(): Promise<Stats>;
  /** Moves the emulator's clock forward (token expiry, refresh leeway). */
  advanceClock(ms: number): Promise<{ now: string }>;
  /** Expires every access token issued so far, or only the account's. */
  expireTokens(accountId?: string): Promise<{ expired: number }>;
  /** Invalidates every refresh token of the account, as if the user removed the app. */
  revoke(accountId: string): Promise<{ revoked: number }>;
  /** The points meter's configuration and each OAuth app's use of its window. */
  rateLimit(): Promise<RateLimitState>;
  /** Changes quota, costs or enforcement (`POST /__control/rate-limit`). */
  setRateLimit(patch: RateLimitPatch): Promise<RateLimitState>;
  /** A space of `pages` pages, its homepage included (`POST /__control/spaces`). */
  seedSpace(input: SeedSpaceInput): Promise<SeededSpace>;
  /** A folder under a page or folder, with pages inside it if asked (`POST /__control/folders`). */
  seedFolder(input: SeedFolderInput): Promise<SeededFolder>;
}

function settle<T>(run: () => T): Promise<T> {
  try {
    return Promise.resolve(run());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

export function controlClient(ops: ControlOperations): EmulatorControl {
  return {
    reset: () => settle(() => ops.reset()),
    issueTokens: (input) => settle(() => ops.issueTokens(input)),
    addFault: (fault) => settle(() => ops.addFault(fault)),
    clearFaults: () => settle(() => ops.clearFaults()),
    requests: () => settle(() => ops.requests()),
    clearRequests: () => settle(() => ops.clearRequests()),
    stats: () => settle(() => ops.stats()),
    advanceClock: (ms) => settle(() => ops.advanceClock({ advanceMs: ms })),
    expireTokens: (accountId) => settle(() => ops.expireTokens(accountId === undefined ? {} : { accountId })),
    revoke: (accountId) => settle(() => ops.revoke({ accountId })),
    rateLimit: () => settle(() => ops.rateLimit()),
    setRateLimit: (patch) => settle(() => ops.setRateLimit(patch)),
    seedSpace: (input) => settle(() => ops.seedSpace(input)),
    seedFolder: (input) => settle(() => ops.seedFolder(input)),
  };
}
