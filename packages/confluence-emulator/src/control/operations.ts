import { z } from 'zod';
import type { App, TokenCounters } from '../app.js';
import { createState, siteUrl } from '../app.js';
import { findAccount } from '../identities.js';
import type { TokenResponse } from '../oauth/auth-store.js';
import { DEFAULT_TOKEN_SCOPES, KNOWN_SCOPES } from '../oauth/scopes.js';
import type { FaultSpec } from './faults.js';
import { faultSpecSchema } from './faults.js';
import type { RequestLogEntry } from './request-log.js';
import { rateLimitOperations } from './rate-limit-control.js';
import { seedFolderOperations } from './seed-folder.js';
import { seedSpaceOperations } from './seed-space.js';

export const issueTokensSchema = z.strictObject({
  accountId: z.string(),
  scopes: z.array(z.string()).optional(),
  cloudIds: z.array(z.string()).optional(),
  clientId: z.string().optional(),
});
export const clockSchema = z.strictObject({ advanceMs: z.number().nonnegative() });
export const accountSchema = z.strictObject({ accountId: z.string() });
export const optionalAccountSchema = z.strictObject({ accountId: z.string().optional() });

export type IssueTokensInput = z.input<typeof issueTokensSchema>;

export interface Stats {
  token: TokenCounters;
  requests: number;
}

/** A control request that cannot be carried out; the HTTP layer answers 400 with its message. */
export class ControlError extends Error {}

/** The control operations, shared by the HTTP control API and the in-process `emu.control` wrapper. */
export function controlOperations(app: App) {
  return {
    ...rateLimitOperations(app, (message) => new ControlError(message)),
    ...seedSpaceOperations(app, (message) => new ControlError(message)),
    ...seedFolderOperations(app, (message) => new ControlError(message)),
    reset(): void {
      app.state = createState(app.options, (site) => siteUrl(app, site));
    },
    issueTokens(raw: unknown): TokenResponse {
      const input = parse(issueTokensSchema, raw);
      const account = findAccount(input.accountId);
      if (account === undefined) throw new ControlError(`Unknown account: ${input.accountId}`);
      const cloudIds = input.cloudIds ?? account.cloudIds;
      const foreign = cloudIds.filter((id) => !account.cloudIds.includes(id));
      if (foreign.length > 0)
        throw new ControlError(`${account.accountId} has no access to: ${foreign.join(', ')}`);
      const scopes = input.scopes ?? [...DEFAULT_TOKEN_SCOPES];
      const unknown = scopes.filter((s) => !KNOWN_SCOPES.has(s));
      if (unknown.length > 0) throw new ControlError(`Unknown scope: ${unknown.join(' ')}`);
      const clientId = input.clientId ?? app.options.clients[0]?.clientId ?? '';
      if (!app.options.clients.some((c) => c.clientId === clientId))
        throw new ControlError(`Unknown client: ${clientId}`);
      const grant = { accountId: account.accountId, clientId, scopes, cloudIds };
      return app.state.auth.issueTokens(grant, app.state.clock.now());
    },
    addFault(raw: unknown): { id: string } {
      const spec = parse(faultSpecSchema, raw);
      try {
        return { id: app.state.faults.add(spec) };
      } catch (error) {
        throw new ControlError(
          `Invalid path pattern: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    },
    clearFaults(): void {
      app.state.faults.clear();
    },
    requests(): RequestLogEntry[] {
      return app.state.log.list();
    },
    clearRequests(): void {
      app.state.log.clear();
    },
    stats(): Stats {
      return { token: { ...app.state.tokenCounters }, requests: app.state.requestCount };
    },
    advanceClock(raw: unknown): { now: string } {
      const { advanceMs } = parse(clockSchema, raw);
      return { now: new Date(app.state.clock.advance(advanceMs)).toISOString() };
    },
    expireTokens(raw: unknown): { expired: number } {
      const { accountId } = parse(optionalAccountSchema, raw ?? {});
      return { expired: app.state.auth.expireAccess(app.state.clock.now(), accountId) };
    },
    revoke(raw: unknown): { revoked: number } {
      const { accountId } = parse(accountSchema, raw);
      return { revoked: app.state.auth.revokeAccount(accountId) };
    },
  };
}

export type ControlOperations = ReturnType<typeof controlOperations>;

function parse<T extends z.ZodType>(schema: T, raw: unknown): z.output<T> {
  const result = schema.safeParse(raw);
  if (!result.success) throw new ControlError(z.prettifyError(result.error));
  return result.data;
}

export type { FaultSpec };
