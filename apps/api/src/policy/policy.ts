import {
  confluenceTools,
  SpaceScopedClient,
  TOOL_CAPABILITIES,
  toolNames,
  type ConfluenceApi,
  type ToolCapability,
  type ToolDefinition,
  type ToolName,
} from '@hub/confluence';
import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';

import type { Principal } from '../auth/principal.js';
import type { Db } from '../db/client.js';
import { apiKeyPolicies, confluenceConnections } from '../db/schema/index.js';
import { HubError } from '../errors.js';
import { connectionPolicyKey, keyPolicyKey, policyCache } from './cache.js';

/**
 * Governance of tool calls, checked in one place (executeTool) for every surface: tRPC procedures,
 * `tools.invoke`, `/mcp` and the panel's tester. The effective policy of a call is the key's ∩ the connection's:
 *
 * - an API key's tool list (null: every tool) and connection list (null: every connection of the workspace);
 * - a connection's capabilities (read, search, write, comment; delete, off unless an admin turns it on) and
 *   space allow-list (null: every space).
 *
 * Both are primary-key reads kept for a few seconds per process (policy/cache.ts): a change made by an admin holds
 * at once on the process that made it and within POLICY_MAX_AGE_MS (5 s) on every other one.
 */

export const API_KEY_KINDS = ['agent', 'service'] as const;
export type ApiKeyKind = (typeof API_KEY_KINDS)[number];

export interface KeyPolicy {
  kind: ApiKeyKind;
  /** Tools the key may call; null: every tool, today's and later ones. */
  tools: ToolName[] | null;
  /** Connections the key may use; null: every connection of its workspace. */
  connectionIds: string[] | null;
}

export interface ConnectionPolicy {
  capabilities: ToolCapability[];
  /** Space keys tools may see and change; null: every space the connected account can see. */
  allowedSpaceKeys: string[] | null;
}

/** A key with no policy row (made before tool lists existed) keeps today's behaviour: no limits. */
export const UNLIMITED_KEY: KeyPolicy = { kind: 'service', tools: null, connectionIds: null };

const knownTools = new Set<string>(toolNames);
const knownCapabilities = new Set<string>(TOOL_CAPABILITIES);

export const toolListSchema = z
  .array(z.enum(toolNames as [ToolName, ...ToolName[]]))
  .max(toolNames.length * 2)
  .transform((tools) => [...new Set(tools)])
  .describe(`Tools the key may call (${toolNames.join(', ')}); null allows every tool.`);

export const capabilityListSchema = z
  .array(z.enum(TOOL_CAPABILITIES))
  .max(TOOL_CAPABILITIES.length * 2)
  .transform((capabilities) => TOOL_CAPABILITIES.filter((c) => capabilities.includes(c)))
  .describe(`What tools may do through the connection: ${TOOL_CAPABILITIES.join(', ')}.`);

export const spaceKeyListSchema = z
  .array(
    z
      .string()
      .trim()
      .min(1)
      .max(255)
      .regex(
        /^~?[A-Za-z0-9_-]+$/,
        'A space key is letters, digits, "_" or "-" (personal spaces start with "~")',
      ),
  )
  .min(1, 'An allow-list needs at least one space; use null to allow every space')
  .max(100)
  .transform((keys) => [...new Set(keys)])
  .describe('Space keys tools may see and change; null allows every space.');

/** The key's policy. Users (the panel) have none: their calls follow the connection's policy only. */
export async function loadKeyPolicy(db: Db, principal: Principal): Promise<KeyPolicy | null> {
  if (principal.kind !== 'apiKey') return null;
  return policyCache.get(keyPolicyKey(principal.id), () => readKeyPolicy(db, principal));
}

async function readKeyPolicy(db: Db, principal: Principal): Promise<KeyPolicy> {
  const [row] = await db
    .select({
      kind: apiKeyPolicies.kind,
      tools: apiKeyPolicies.tools,
      connectionIds: apiKeyPolicies.connectionIds,
    })
    .from(apiKeyPolicies)
    .where(
      and(eq(apiKeyPolicies.keyId, principal.id), eq(apiKeyPolicies.workspaceId, principal.workspaceId)),
    );
  return row === undefined ? UNLIMITED_KEY : toKeyPolicy(row);
}

export function toKeyPolicy(row: {
  kind: ApiKeyKind;
  tools: string[] | null;
  connectionIds: string[] | null;
}): KeyPolicy {
  return {
    kind: row.kind,
    // A tool removed from the registry since the row was written simply stops being listed.
    tools: row.tools === null ? null : (row.tools.filter((t) => knownTools.has(t)) as ToolName[]),
    connectionIds: row.connectionIds,
  };
}

export function toConnectionPolicy(row: {
  capabilities: string[];
  allowedSpaceKeys: string[] | null;
}): ConnectionPolicy {
  return {
    capabilities: row.capabilities.filter((c) => knownCapabilities.has(c)) as ToolCapability[],
    allowedSpaceKeys: row.allowedSpaceKeys,
  };
}

/** One connection's policy (undefined: not the workspace's), as the gate reads it on every call. */
export async function loadConnectionPolicy(
  db: Db,
  workspaceId: string,
  connectionId: string,
): Promise<(ConnectionPolicy & { siteName: string }) | undefined> {
  return policyCache.get(connectionPolicyKey(connectionId), async () =>
    (await loadConnectionPolicies(db, workspaceId, [connectionId])).get(connectionId),
  );
}

export async function loadConnectionPolicies(
  db: Db,
  workspaceId: string,
  connectionIds: string[],
): Promise<Map<string, ConnectionPolicy & { siteName: string }>> {
  if (connectionIds.length === 0) return new Map();
  const rows = await db
    .select({
      id: confluenceConnections.id,
      siteName: confluenceConnections.siteName,
      capabilities: confluenceConnections.capabilities,
      allowedSpaceKeys: confluenceConnections.allowedSpaceKeys,
    })
    .from(confluenceConnections)
    .where(
      and(
        eq(confluenceConnections.workspaceId, workspaceId),
        inArray(confluenceConnections.id, connectionIds),
      ),
    );
  return new Map(rows.map((row) => [row.id, { ...toConnectionPolicy(row), siteName: row.siteName }]));
}

const ASK_ADMIN = 'a workspace admin can change this in Integrations';

/** Before anything else: is the tool on the key's list? */
export function checkToolAllowed(principal: Principal, key: KeyPolicy | null, tool: ToolDefinition): void {
  if (key?.tools == null || key.tools.includes(tool.name)) return;
  const allowed = key.tools.length === 0 ? 'none' : key.tools.join(', ');
  throw new HubError(
    'FORBIDDEN_TOOL',
    `The API key "${principal.name}" may not call ${tool.name}: it is not on the key's tool list (allowed: ` +
      `${allowed}). Use one of those tools, or ask a workspace admin to add ${tool.name} to the key in ` +
      'Integrations → API keys.',
    { details: { tool: tool.name } },
  );
}

/** A connection the key names itself: refused before it is looked up, so nothing is said about it. */
export function checkConnectionRequested(
  principal: Principal,
  key: KeyPolicy | null,
  connectionId: string | undefined,
): void {
  if (connectionId === undefined || key?.connectionIds == null) return;
  if (!key.connectionIds.includes(connectionId)) throw connectionNotAllowed(principal, connectionId, key);
}

/** After resolution: the key may use the connection, and the connection allows what the tool does. */
export function checkConnectionAllowed(
  principal: Principal,
  key: KeyPolicy | null,
  connection: { id: string; siteName: string },
  policy: ConnectionPolicy,
  tool: ToolDefinition,
): void {
  if (key?.connectionIds != null && !key.connectionIds.includes(connection.id)) {
    throw connectionNotAllowed(principal, connection.id, key, connection.siteName);
  }
  if (!policy.capabilities.includes(tool.capability)) {
    const allowed = policy.capabilities.length === 0 ? 'nothing' : policy.capabilities.join(', ');
    // Deleting is off until an admin turns it on: say so, so nobody reads the refusal as a fault.
    const offByDefault = tool.capability === 'delete' ? ' "delete" is off by default;' : '';
    throw new HubError(
      'POLICY_DENIED',
      `The connection to ${connection.siteName} does not allow "${tool.capability}", which ${tool.name} needs ` +
        `(it allows ${allowed}).${offByDefault} Use another connection, or ${ASK_ADMIN} (the connection's capabilities).`,
      { details: { tool: tool.name, capability: tool.capability, connectionId: connection.id } },
    );
  }
}

function connectionNotAllowed(
  principal: Principal,
  connectionId: string,
  key: KeyPolicy,
  siteName?: string,
): HubError {
  const which = siteName === undefined ? `connection ${connectionId}` : `the connection to ${siteName}`;
  const allowed = key.connectionIds?.length ? key.connectionIds.join(', ') : 'none';
  return new HubError(
    'POLICY_DENIED',
    `The API key "${principal.name}" may not use ${which} (connections it may use: ${allowed}). Pass one of ` +
      `those as connectionId, or ask a workspace admin to allow it for the key in Integrations → API keys.`,
    { details: { connectionId } },
  );
}

/** The client a tool gets: limited to the allow-list when the connection has one. */
export function scopedClient(client: ConfluenceApi, policy: ConnectionPolicy): ConfluenceApi {
  return policy.allowedSpaceKeys === null ? client : new SpaceScopedClient(client, policy.allowedSpaceKeys);
}

/**
 * The tools a caller may call somewhere: on its key's list, and allowed by at least one connection it may use.
 * With no live connection at all, the key's list (a call then says to connect Confluence).
 */
export function callableTools(
  key: KeyPolicy | null,
  connections: { id: string; policy: ConnectionPolicy }[],
): ToolDefinition[] {
  const usable = connections.filter((c) => key?.connectionIds == null || key.connectionIds.includes(c.id));
  const capabilities = new Set(usable.flatMap((c) => c.policy.capabilities));
  return (confluenceTools as readonly ToolDefinition[]).filter(
    (tool) =>
      (key?.tools == null || key.tools.includes(tool.name)) &&
      (connections.length === 0 || capabilities.has(tool.capability)),
  );
}
