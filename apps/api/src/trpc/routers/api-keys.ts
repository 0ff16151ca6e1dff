import { z } from 'zod';

import type { ServiceKeySummary } from '../../auth/api-keys.js';
import { workspaceRoleSchema } from '../../auth/roles.js';
import { API_KEY_KINDS, toolListSchema, UNLIMITED_KEY, type KeyPolicy } from '../../policy/policy.js';
import { createKeyPolicy, listKeyPolicies, requireConnections, updateKeyPolicy } from '../../policy/store.js';
import { adminProcedure, router } from '../trpc.js';

/** A key as listed: never the key itself (only its visible start). */
export interface ApiKeyView {
  id: string;
  name: string;
  start: string | null;
  role: 'admin' | 'member';
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  /** An agent or a service, the tools it may call and the connections it may use (null: no limit). */
  policy: KeyPolicy;
}

const iso = (date: Date | null): string | null => (date === null ? null : date.toISOString());

function toView(summary: ServiceKeySummary, policy: KeyPolicy = UNLIMITED_KEY): ApiKeyView {
  return {
    id: summary.id,
    name: summary.name,
    start: summary.start,
    role: summary.role,
    createdAt: summary.createdAt.toISOString(),
    lastUsedAt: iso(summary.lastUsedAt),
    expiresAt: iso(summary.expiresAt),
    revokedAt: iso(summary.revokedAt),
    policy,
  };
}

const connectionListSchema = z
  .array(z.string().trim().min(1).max(100))
  .max(100)
  .transform((ids) => [...new Set(ids)])
  .describe('Connections the key may use (ids from integrations.list); null allows every connection.');

const policyFields = {
  kind: z.enum(API_KEY_KINDS).describe('"agent" (an AI agent) or "service" (an internal service).'),
  tools: toolListSchema.nullable(),
  connectionIds: connectionListSchema.nullable(),
};

/** Service and agent keys of the workspace. Admins only: a key acts on the workspace's Confluence. */
export const apiKeysRouter = router({
  list: adminProcedure.query(async ({ ctx }) => {
    const [keys, policies] = await Promise.all([
      ctx.auth.listApiKeys(ctx.workspaceId),
      listKeyPolicies(ctx.db, ctx.workspaceId),
    ]);
    return keys.map((key) => toView(key, policies.get(key.id)));
  }),

  /** The full key is in this answer and nowhere else, ever: only its hash is stored. */
  create: adminProcedure
    .input(
      z.object({
        name: z.string().trim().min(1).max(64),
        role: workspaceRoleSchema.default('member'),
        expiresInDays: z.int().min(1).max(3650).optional(),
        kind: policyFields.kind.default('service'),
        tools: policyFields.tools.default(null),
        connectionIds: policyFields.connectionIds.default(null),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      if (input.connectionIds !== null)
        await requireConnections(ctx.db, ctx.workspaceId, input.connectionIds);
      const { key, summary } = await ctx.auth.createApiKey({
        workspaceId: ctx.workspaceId,
        name: input.name,
        role: input.role,
        createdBy: ctx.principal,
        ...(input.expiresInDays === undefined ? {} : { expiresInDays: input.expiresInDays }),
      });
      const policy: KeyPolicy = { kind: input.kind, tools: input.tools, connectionIds: input.connectionIds };
      try {
        await createKeyPolicy(ctx.db, ctx.principal, ctx.workspaceId, summary, policy);
      } catch (error) {
        // A key must never exist with more rights than asked for: without its policy it would be unlimited.
        await ctx.auth.revokeApiKey(ctx.workspaceId, summary.id).catch(() => undefined);
        throw error;
      }
      ctx.logger.info(
        {
          workspaceId: ctx.workspaceId,
          keyId: summary.id,
          role: input.role,
          kind: input.kind,
          by: ctx.principal.id,
        },
        'API key created',
      );
      return { key, apiKey: toView(summary, policy) };
    }),

  /** Changes a key's kind, tool list or connections; effective here from the next call, on other API processes within 5 s. */
  setPolicy: adminProcedure
    .input(
      z.object({
        id: z.string().trim().min(1).max(100),
        kind: policyFields.kind.optional(),
        tools: policyFields.tools.optional(),
        connectionIds: policyFields.connectionIds.optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { id, ...patch } = input;
      const policy = await updateKeyPolicy(ctx.db, ctx.principal, ctx.workspaceId, id, patch);
      ctx.logger.info(
        { workspaceId: ctx.workspaceId, keyId: id, by: ctx.principal.id },
        'API key policy changed',
      );
      return { id, policy };
    }),

  revoke: adminProcedure
    .input(z.object({ id: z.string().trim().min(1).max(100) }))
    .mutation(async ({ ctx, input }) => {
      await ctx.auth.revokeApiKey(ctx.workspaceId, input.id);
      ctx.logger.info(
        { workspaceId: ctx.workspaceId, keyId: input.id, by: ctx.principal.id },
        'API key revoked',
      );
      return { id: input.id, revoked: true as const };
    }),
});
