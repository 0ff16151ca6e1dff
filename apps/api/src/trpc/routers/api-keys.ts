import { z } from 'zod';

import type { ServiceKeySummary } from '../../auth/api-keys.js';
import { workspaceRoleSchema } from '../../auth/roles.js';
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
}

const iso = (date: Date | null): string | null => (date === null ? null : date.toISOString());

function toView(summary: ServiceKeySummary): ApiKeyView {
  return {
    id: summary.id,
    name: summary.name,
    start: summary.start,
    role: summary.role,
    createdAt: summary.createdAt.toISOString(),
    lastUsedAt: iso(summary.lastUsedAt),
    expiresAt: iso(summary.expiresAt),
    revokedAt: iso(summary.revokedAt),
  };
}

/** Service keys of the workspace. Admins only: a key can call every tool of the workspace. */
export const apiKeysRouter = router({
  list: adminProcedure.query(async ({ ctx }) => (await ctx.auth.listApiKeys(ctx.workspaceId)).map(toView)),

  /** The full key is in this answer and nowhere else, ever: only its hash is stored. */
  create: adminProcedure
    .input(
      z.object({
        name: z.string().trim().min(1).max(64),
        role: workspaceRoleSchema.default('member'),
        expiresInDays: z.int().min(1).max(3650).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { key, summary } = await ctx.auth.createApiKey({
        workspaceId: ctx.workspaceId,
        name: input.name,
        role: input.role,
        createdBy: ctx.principal,
        ...(input.expiresInDays === undefined ? {} : { expiresInDays: input.expiresInDays }),
      });
      ctx.logger.info(
        { workspaceId: ctx.workspaceId, keyId: summary.id, role: input.role, by: ctx.principal.id },
        'API key created',
      );
      return { key, apiKey: toView(summary) };
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
