import type { ToolCapability, ToolManifest, ToolName } from '../lib/api-types';
import { toolCatalog } from '../lib/tool-catalog';

/** The registry as tools.catalog returns it, in its order (titles and capabilities of packages/confluence). */
const TOOLS: { name: ToolName; title: string; capability: ToolCapability }[] = [
  { name: 'get_confluence_spaces', title: 'List spaces', capability: 'read' },
  { name: 'get_confluence_space_pages', title: 'List pages in a space', capability: 'read' },
  { name: 'get_confluence_page', title: 'Read a page', capability: 'read' },
  { name: 'search_confluence_pages', title: 'Search pages', capability: 'search' },
  { name: 'create_confluence_page', title: 'Create a page', capability: 'write' },
  { name: 'update_confluence_page', title: 'Update a page', capability: 'write' },
  { name: 'add_confluence_comment', title: 'Comment on a page', capability: 'comment' },
  { name: 'add_confluence_labels', title: 'Add labels', capability: 'write' },
  { name: 'remove_confluence_label', title: 'Remove a label', capability: 'write' },
  { name: 'get_confluence_comments', title: 'Read comments', capability: 'read' },
  { name: 'add_confluence_inline_comment', title: 'Comment on page text', capability: 'comment' },
  { name: 'resolve_confluence_comment', title: 'Resolve a comment', capability: 'comment' },
  { name: 'search_confluence_users', title: 'Find people', capability: 'read' },
  { name: 'get_confluence_attachments', title: 'List attachments', capability: 'read' },
  { name: 'get_confluence_attachment', title: 'Read an attachment', capability: 'read' },
  { name: 'upload_confluence_attachment', title: 'Upload an attachment', capability: 'write' },
  { name: 'get_confluence_page_versions', title: 'List page versions', capability: 'read' },
  { name: 'get_confluence_page_version', title: 'Read a past version', capability: 'read' },
  { name: 'diff_confluence_page_versions', title: 'Compare two versions', capability: 'read' },
  { name: 'restore_confluence_page_version', title: 'Restore a past version', capability: 'write' },
  { name: 'get_confluence_page_children', title: 'List child pages', capability: 'read' },
  { name: 'move_confluence_page', title: 'Move a page', capability: 'write' },
  { name: 'copy_confluence_page', title: 'Copy a page', capability: 'write' },
  { name: 'archive_confluence_page', title: 'Archive a page', capability: 'write' },
  { name: 'delete_confluence_page', title: 'Delete a page', capability: 'delete' },
];

/** A tool's manifest as tools.list / tools.catalog return it (schemas left empty unless given). */
export function manifest(name: ToolName, overrides: Partial<ToolManifest> = {}): ToolManifest {
  const tool = TOOLS.find((t) => t.name === name);
  if (tool === undefined) throw new Error(`unknown tool ${name}`);
  const readOnly = tool.capability === 'read' || tool.capability === 'search';
  return {
    name,
    title: tool.title,
    summary: `${tool.title}, for people.`,
    description: `${tool.title}.`,
    readOnly,
    capability: tool.capability,
    annotations: {
      readOnlyHint: readOnly,
      destructiveHint:
        name === 'update_confluence_page' ||
        name === 'remove_confluence_label' ||
        name === 'restore_confluence_page_version' ||
        name === 'delete_confluence_page',
      idempotentHint: readOnly,
      openWorldHint: true,
    },
    inputSchema: {},
    outputSchema: {},
    ...overrides,
  };
}

/** Every tool's manifest: what tools.catalog answers. */
export const catalogManifests = (): ToolManifest[] => TOOLS.map((t) => manifest(t.name));

/** The catalog as the panel holds it. */
export const catalogTools = () => toolCatalog(catalogManifests());
