import type { inferRouterInputs, inferRouterOutputs, TRPCBuiltRouter } from '@trpc/server';

import { activityRouter } from './routers/activity.js';
import { apiKeysRouter } from './routers/api-keys.js';
import { confluenceRouter } from './routers/confluence.js';
import { integrationsRouter } from './routers/integrations.js';
import { sessionRouter } from './routers/session.js';
import { toolsRouter } from './routers/tools.js';
import { createCallerFactory, router } from './trpc.js';

export const appRouter = router({
  confluence: confluenceRouter,
  tools: toolsRouter,
  integrations: integrationsRouter,
  apiKeys: apiKeysRouter,
  activity: activityRouter,
  session: sessionRouter,
});

type Root = (typeof appRouter)['_def']['_config']['$types'];

/**
 * The API's type for clients (@hub/client, apps/web; `import type`): its procedures, inputs, outputs and error
 * shape, with the server's context (database, vault, auth services), which a client never sees, left out of the
 * root. (The procedures' own types still reach the context through `typeof appRouter`.)
 */
export type AppRouter = TRPCBuiltRouter<
  Omit<Root, 'ctx'> & { ctx: object },
  (typeof appRouter)['_def']['record']
>;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

/** Server-side calls without HTTP: `createCaller(createContextInner({ ...services, principal }))`. */
export const createCaller = createCallerFactory(appRouter);
