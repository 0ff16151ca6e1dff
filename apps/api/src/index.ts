/**
 * What other hosts and clients import from @hub/api. Clients need only `import type { AppRouter }`;
 * server-side hosts (the MCP server, the CLI, tests) use the app and context builders.
 */
export type { AppRouter, RouterInputs, RouterOutputs } from './trpc/root.js';
export { appRouter, createCaller } from './trpc/root.js';
export { createContextInner, createContextFactory, type ApiServices, type Context } from './trpc/context.js';
export type { HubErrorData } from './trpc/trpc.js';
export type { ErrorKind } from './trpc/error-mapping.js';
export type { ToolCallOutcome } from './trpc/routers/tools.js';
export type { ToolErrorPayload } from './trpc/tool-calls.js';
export type { ConnectionView } from './trpc/connection-views.js';
export type { ConnectionTestResult } from './trpc/routers/integrations.js';
export type { ApiKeyView } from './trpc/routers/api-keys.js';
export type { SessionInfo } from './trpc/routers/session.js';
export type { ActivityItem, ActivityPage } from './activity/queries.js';
export type { ActivityBucket, ActivityStats } from './activity/stats.js';
export { ActivityRecorder } from './activity/recorder.js';
export { createApp, type AppDeps } from './app.js';
export { startServer, type RunningServer, type StartOptions } from './server.js';
export type { ConnectionPolicy, KeyPolicy, ApiKeyKind } from './policy/policy.js';
export type { PolicyChangeView } from './policy/store.js';
export type { ToolName } from '@hub/confluence';
