import { toolNames, type ToolName } from '@hub/confluence';
import { z } from 'zod';

import { listActivity } from '../../activity/queries.js';
import { activityStats, STATS_RANGES, type StatsRange } from '../../activity/stats.js';
import { listPolicyChanges } from '../../policy/store.js';
import { adminProcedure, protectedProcedure, router } from '../trpc.js';

const filter = {
  tool: z.enum(toolNames as [ToolName, ...ToolName[]]).optional(),
  connectionId: z.string().trim().min(1).max(100).optional(),
  outcome: z
    .union([
      z.enum(['ok', 'error']),
      z.string().regex(/^[A-Z][A-Z_]{1,63}$/, 'an error kind such as NOT_FOUND'),
    ])
    .optional()
    .describe('"ok", "error", or one error kind such as "NOT_FOUND"'),
};

const ranges = Object.keys(STATS_RANGES) as [StatsRange, ...StatsRange[]];

/** The workspace's tool-call log (who, tool, connection, outcome, duration); members see it too. */
export const activityRouter = router({
  list: protectedProcedure
    .input(
      z.object({
        ...filter,
        limit: z.int().min(1).max(200).default(50),
        cursor: z.string().max(500).optional(),
      }),
    )
    .query(({ ctx, input }) => listActivity(ctx.db, ctx.workspaceId, input)),

  /** Calls per time bucket by outcome, with p95 duration: the panel's chart. */
  stats: protectedProcedure
    .input(z.object({ ...filter, range: z.enum(ranges).default('24h') }))
    .query(({ ctx, input }) => activityStats(ctx.db, ctx.workspaceId, input)),

  /** Governance changes (key tool lists and connections, connection capabilities and spaces): who, what, when. */
  policyChanges: adminProcedure
    .input(z.object({ limit: z.int().min(1).max(200).default(50), cursor: z.string().max(500).optional() }))
    .query(({ ctx, input }) => listPolicyChanges(ctx.db, ctx.workspaceId, input)),
});
