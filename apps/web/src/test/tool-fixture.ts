import type { ToolManifest, ToolName } from '../lib/api-types';
import { toolCatalog } from '../lib/tool-catalog';

/** A tool's manifest as tools.list returns it (schemas left empty unless given). */
export function manifest(name: ToolName, overrides: Partial<ToolManifest> = {}): ToolManifest {
  const tool = toolCatalog().find((t) => t.name === name);
  if (tool === undefined) throw new Error(`unknown tool ${name}`);
  return {
    name,
    title: tool.title,
    description: `${tool.title}.`,
    readOnly: tool.readOnly,
    capability: tool.capability,
    annotations: {
      readOnlyHint: tool.readOnly,
      destructiveHint: name === 'update_confluence_page',
      idempotentHint: tool.readOnly,
      openWorldHint: true,
    },
    inputSchema: {},
    outputSchema: {},
    ...overrides,
  };
}
