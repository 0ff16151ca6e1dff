import type { ApiKeyKind, Connection, KeyPolicy } from '../../lib/api-types';
import { plural } from '../../lib/format';

/** A key's policy being edited: the same shape `apiKeys.create` and `apiKeys.setPolicy` take. */
export type PolicyDraft = KeyPolicy;

/** What a new key gets unless the admin narrows it: the API's defaults. */
export const OPEN_POLICY: PolicyDraft = { kind: 'service', tools: null, connectionIds: null };

export const KIND_LABELS: Record<ApiKeyKind, string> = { agent: 'Agent', service: 'Service' };

export interface PolicyErrors {
  tools?: string;
  connectionIds?: string;
}

/** A chosen list must name something: a key allowed nothing is a revoked key in disguise. */
export function policyErrors(draft: PolicyDraft): PolicyErrors {
  return {
    ...(draft.tools?.length === 0 ? { tools: 'Choose at least one tool, or allow all tools.' } : {}),
    ...(draft.connectionIds?.length === 0
      ? { connectionIds: 'Choose at least one connection, or allow all connections.' }
      : {}),
  };
}

export function hasErrors(errors: PolicyErrors): boolean {
  return errors.tools !== undefined || errors.connectionIds !== undefined;
}

/** Same policy, whatever the order of the lists (the API keeps them as sets). */
export function samePolicy(a: PolicyDraft, b: PolicyDraft): boolean {
  const set = (list: readonly string[] | null) => (list === null ? null : [...list].sort().join('\n'));
  return a.kind === b.kind && set(a.tools) === set(b.tools) && set(a.connectionIds) === set(b.connectionIds);
}

/** "All tools", "1 tool", "3 tools". */
export function toolsSummary(tools: readonly string[] | null): string {
  return tools === null ? 'All tools' : plural(tools.length, 'tool');
}

/** "All connections", or the site names (an id the workspace no longer has is shown as it is). */
export function connectionNames(ids: readonly string[] | null, connections: Connection[]): string[] | null {
  if (ids === null) return null;
  return ids.map((id) => connections.find((c) => c.id === id)?.site.name ?? id);
}

/** The MCP client configuration for a key (Claude Desktop, Cursor, VS Code and others read this shape). */
export function mcpConfig(origin: string, key: string): string {
  const config = {
    mcpServers: {
      confluence: {
        type: 'http',
        url: `${origin.replace(/\/+$/, '')}/mcp`,
        headers: { Authorization: `Bearer ${key}` },
      },
    },
  };
  return JSON.stringify(config, null, 2);
}
