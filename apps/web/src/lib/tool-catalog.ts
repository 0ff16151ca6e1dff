import type { ToolName } from '@hub/api';

import type { ToolCapability, ToolManifest } from './api-types';

/** A tool as the governance screens list it: what it is called and which capability it needs. */
export interface CatalogTool {
  name: ToolName;
  title: string;
  capability: ToolCapability;
  /** Reads and searches never change Confluence (the registry's test holds it to this). */
  readOnly: boolean;
}

/**
 * Every tool of the registry (packages/confluence/src/tools), in its order. `tools.list` names only the tools the
 * caller may call now (a read-only connection hides the writes), but a key's tool list may name any of them, so
 * the panel keeps the full list here. `satisfies Record<ToolName, …>` makes a tool added to the registry a type
 * error until it is listed; titles and capabilities from `tools.catalog` (the API's registry) win wherever the panel has it.
 */
const REGISTRY = {
  get_confluence_spaces: { title: 'List spaces', capability: 'read' },
  get_confluence_space_pages: { title: 'List pages in a space', capability: 'read' },
  get_confluence_page: { title: 'Read a page', capability: 'read' },
  search_confluence_pages: { title: 'Search pages', capability: 'search' },
  create_confluence_page: { title: 'Create a page', capability: 'write' },
  update_confluence_page: { title: 'Update a page', capability: 'write' },
  add_confluence_comment: { title: 'Comment on a page', capability: 'comment' },
} satisfies Record<ToolName, { title: string; capability: ToolCapability }>;

export const TOOL_NAMES = Object.keys(REGISTRY) as ToolName[];

const isReadCapability = (capability: ToolCapability) => capability === 'read' || capability === 'search';

/** The registry's tools, refined by the manifests the API returned (tools.catalog) (and any tool it knows that we do not). */
export function toolCatalog(manifests: readonly ToolManifest[] = []): CatalogTool[] {
  const byName = new Map(manifests.map((m) => [m.name, m]));
  const known: CatalogTool[] = TOOL_NAMES.map((name) => {
    const manifest = byName.get(name);
    const capability = manifest?.capability ?? REGISTRY[name].capability;
    return {
      name,
      title: manifest?.title ?? REGISTRY[name].title,
      capability,
      readOnly: manifest?.readOnly ?? isReadCapability(capability),
    };
  });
  const extra = manifests
    .filter((m) => !(m.name in REGISTRY))
    .map((m) => ({ name: m.name, title: m.title, capability: m.capability, readOnly: m.readOnly }));
  return [...known, ...extra];
}

const CAPABILITY_LABELS = {
  read: 'Read',
  search: 'Search',
  write: 'Write pages',
  comment: 'Comment',
} satisfies Record<ToolCapability, string>;

/** What a connection can allow, in the order the API lists capabilities. */
export const CAPABILITIES = Object.entries(CAPABILITY_LABELS).map(([key, label]) => ({
  key: key as ToolCapability,
  label,
}));

export function capabilityLabel(capability: string): string {
  return (CAPABILITY_LABELS as Record<string, string | undefined>)[capability] ?? capability;
}
