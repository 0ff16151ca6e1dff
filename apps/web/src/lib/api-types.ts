import type { RouterOutputs } from '@hub/api';

export type { ToolName } from '@hub/api';

export type Session = RouterOutputs['session']['me'];
export type Connection = RouterOutputs['integrations']['list'][number];
export type ConnectionTestResult = RouterOutputs['integrations']['test'];
export type PendingSiteChoice = RouterOutputs['integrations']['pendingSiteChoice'];
export type ToolManifest = RouterOutputs['tools']['list'][number];
export type ToolCallOutcome = RouterOutputs['tools']['invoke'];
export type ToolError = Extract<ToolCallOutcome, { ok: false }>['error'];
export type ApiKey = RouterOutputs['apiKeys']['list'][number];
export type ActivityPage = RouterOutputs['activity']['list'];
export type ActivityItem = ActivityPage['items'][number];
export type ActivityStats = RouterOutputs['activity']['stats'];
export type ActivityBucket = ActivityStats['buckets'][number];
export type ToolCapability = ToolManifest['capability'];
export type KeyPolicy = ApiKey['policy'];
export type ApiKeyKind = KeyPolicy['kind'];
export type ConnectionPolicy = Connection['policy'];
export type PolicyChangesPage = RouterOutputs['activity']['policyChanges'];
export type PolicyChange = PolicyChangesPage['items'][number];
