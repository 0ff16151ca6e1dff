import { z } from 'zod';

import { disconnectConnection } from '../../connections/store.js';
import type { ConnectionVault } from '../../connections/vault.js';
import { HubError } from '../../errors.js';
import { completeSiteChoice, getPendingSiteChoice } from '../../oauth/index.js';
import {
  getConnectionView,
  listConnectionViews,
  setDefaultConnection,
  type ConnectionView,
} from '../connection-views.js';
import { capabilityListSchema, spaceKeyListSchema } from '../../policy/policy.js';
import { updateConnectionPolicy } from '../../policy/store.js';
import { connectionIdSchema } from '../tool-calls.js';
import { adminProcedure, protectedProcedure, router, sessionAdminProcedure } from '../trpc.js';
import { toolErrorPayload, type ToolErrorPayload } from '../tool-calls.js';

const byId = z.object({ connectionId: z.string().trim().min(1).max(100) });
const pendingId = z.string().trim().min(1).max(200);

export type ConnectionTestResult =
  | { ok: true; connectionId: string; siteName: string; latencyMs: number }
  | { ok: false; connectionId: string | null; latencyMs: number; error: ToolErrorPayload };

/** Rate budgets are shown with the rule this process's vault applies. */
const viewing = (ctx: { vault: ConnectionVault }) => ({ rule: ctx.vault.rateBudget.rule, now: Date.now() });

export const integrationsRouter = router({
  /** Every connection of the workspace with its health; no token fields. */
  list: protectedProcedure.query(({ ctx }): Promise<ConnectionView[]> =>
    listConnectionViews(ctx.db, ctx.workspaceId, viewing(ctx)),
  ),

  get: protectedProcedure
    .input(byId)
    .query(({ ctx, input }) => getConnectionView(ctx.db, ctx.workspaceId, input.connectionId, viewing(ctx))),

  /** The connection tools use when a call names none. */
  setDefault: adminProcedure.input(byId).mutation(async ({ ctx, input }) => {
    await setDefaultConnection(ctx.db, ctx.workspaceId, input.connectionId);
    ctx.vault.forget(input.connectionId);
    return getConnectionView(ctx.db, ctx.workspaceId, input.connectionId, viewing(ctx));
  }),

  /**
   * What tools may do through the connection (capabilities) and in which spaces (null: every space). Recorded in
   * the policy log; this process applies it from the next call, the others within 5 s.
   */
  setPolicy: adminProcedure
    .input(
      byId.extend({
        capabilities: capabilityListSchema.optional(),
        allowedSpaceKeys: spaceKeyListSchema.nullable().optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { connectionId, ...patch } = input;
      await updateConnectionPolicy(ctx.db, ctx.principal, ctx.workspaceId, connectionId, patch);
      ctx.logger.info(
        { workspaceId: ctx.workspaceId, connectionId, by: ctx.principal.id },
        'connection policy changed',
      );
      return getConnectionView(ctx.db, ctx.workspaceId, connectionId, viewing(ctx));
    }),

  /** Deletes the stored tokens (the row stays for the activity log and a later reconnect). */
  disconnect: adminProcedure.input(byId).mutation(async ({ ctx, input }) => {
    await disconnectConnection(ctx.db, ctx.workspaceId, input.connectionId);
    ctx.vault.forget(input.connectionId);
    ctx.logger.info(
      { workspaceId: ctx.workspaceId, connectionId: input.connectionId, by: ctx.principal.id },
      'Confluence connection disconnected',
    );
    return getConnectionView(ctx.db, ctx.workspaceId, input.connectionId, viewing(ctx));
  }),

  /**
   * A cheap live call (one space) through the same path as the tools: token, refresh if due, Confluence.
   * Failures are answers ({ ok: false }), except a connection that is not this workspace's (NOT_FOUND).
   */
  test: protectedProcedure
    .input(z.object({ connectionId: connectionIdSchema }))
    .mutation(async ({ ctx, input, signal }): Promise<ConnectionTestResult> => {
      const started = performance.now();
      const latencyMs = () => Math.round(performance.now() - started);
      let connectionId: string | null = input.connectionId ?? null;
      try {
        const { client, connection } = await ctx.vault.clientFor(ctx.workspaceId, input.connectionId);
        connectionId = connection.id;
        await ctx.vault.admitRead(connection, signal);
        await client.listSpaces({ limit: 1 }, { signal });
        return { ok: true, connectionId, siteName: connection.siteName, latencyMs: latencyMs() };
      } catch (error) {
        if (error instanceof HubError && error.kind === 'NOT_FOUND') throw error;
        return {
          ok: false,
          connectionId,
          latencyMs: latencyMs(),
          error: toolErrorPayload(error, ctx, signal),
        };
      }
    }),

  /** After a consent that reached several sites: which ones it reached (the panel's `?choose=<id>`). */
  pendingSiteChoice: sessionAdminProcedure.input(z.object({ pendingId })).query(async ({ ctx, input }) => {
    const choice = await getPendingSiteChoice(ctx, ctx.principal, input.pendingId);
    return { ...choice, expiresAt: choice.expiresAt.toISOString() };
  }),

  /** Connects the chosen site of a pending consent. */
  chooseSites: sessionAdminProcedure
    .input(z.object({ pendingId, cloudIds: z.array(z.string().trim().min(1).max(100)).min(1).max(20) }))
    .mutation(async ({ ctx, input }) => {
      const result = await completeSiteChoice(ctx, ctx.principal, input.pendingId, input.cloudIds);
      for (const id of result.connectionIds) ctx.vault.forget(id);
      return result;
    }),
});
