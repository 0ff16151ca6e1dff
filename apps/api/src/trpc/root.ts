import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

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

/** The API's type: import it with `import type` in clients (@hub/client, apps/web). */
export type AppRouter = typeof appRouter;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

/** Server-side calls without HTTP: `createCaller(createContextInner({ ...services, principal }))`. */
export const createCaller = createCallerFactory(appRouter);
