import { eq } from 'drizzle-orm';

import { organization } from '../../db/schema/index.js';
import { protectedProcedure, router } from '../trpc.js';

export interface SessionInfo {
  principal: { kind: 'user' | 'apiKey'; id: string; name: string; email: string | null };
  workspace: { id: string; name: string };
  role: 'admin' | 'member';
}

export const sessionRouter = router({
  /** Who the caller is, in which workspace, with which role: the panel's first call. */
  me: protectedProcedure.query(async ({ ctx }): Promise<SessionInfo> => {
    const [workspace] = await ctx.db
      .select({ id: organization.id, name: organization.name })
      .from(organization)
      .where(eq(organization.id, ctx.workspaceId));
    const { principal } = ctx;
    return {
      principal: {
        kind: principal.kind,
        id: principal.id,
        name: principal.name,
        email: principal.kind === 'user' ? principal.email : null,
      },
      workspace: workspace ?? { id: ctx.workspaceId, name: '' },
      role: principal.role,
    };
  }),
});
