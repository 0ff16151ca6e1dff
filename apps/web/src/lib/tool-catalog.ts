import { useQuery } from '@tanstack/react-query';

import type { ToolCapability, ToolManifest, ToolName } from './api-types';
import { useTRPC } from './trpc';

/** A tool as the panel lists it: what it is called, what it needs, and what it does in words. */
export interface CatalogTool {
  name: ToolName;
  title: string;
  capability: ToolCapability;
  /** Reads and searches never change Confluence (the registry's test holds it to this). */
  readOnly: boolean;
  /** For admins: the registry's one plain sentence. */
  summary: string;
  /** For agents: the registry's description, as LLMs and MCP clients get it. */
  description: string;
}

/**
 * The registry's tools (packages/confluence/src/tools) in its order, from manifests the API returned: tools.catalog
 * (every tool) or tools.list (those the caller may call now). The panel keeps no copy of its own, so a tool added
 * to the registry appears here, with its title and capability, without a change to the panel.
 */
export function toolCatalog(manifests: readonly ToolManifest[] = []): CatalogTool[] {
  return manifests.map((m) => ({
    name: m.name,
    title: m.title,
    capability: m.capability,
    readOnly: m.readOnly,
    summary: m.summary,
    description: m.description,
  }));
}

/** tools.catalog, cached: it changes only with a deploy. While it loads, the list is empty. */
export function useToolCatalog(): { tools: CatalogTool[]; title: (name: string) => string } {
  const trpc = useTRPC();
  const catalog = useQuery({ ...trpc.tools.catalog.queryOptions(), staleTime: 5 * 60_000 });
  const tools = toolCatalog(catalog.data);
  return { tools, title: (name) => tools.find((t) => t.name === name)?.title ?? name };
}

const CAPABILITY_LABELS = {
  read: 'Read',
  search: 'Search',
  write: 'Write pages',
  comment: 'Comment',
  delete: 'Delete pages',
} satisfies Record<ToolCapability, string>;

/** What a connection can allow, in the order the API lists capabilities. */
export const CAPABILITIES = Object.entries(CAPABILITY_LABELS).map(([key, label]) => ({
  key: key as ToolCapability,
  label,
}));

export function capabilityLabel(capability: string): string {
  return (CAPABILITY_LABELS as Record<string, string | undefined>)[capability] ?? capability;
}
