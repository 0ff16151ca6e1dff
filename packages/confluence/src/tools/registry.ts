import { z } from 'zod';
import { addComment } from './add-comment.js';
import { createPage } from './create-page.js';
import type { ToolAnnotations, ToolCapability, ToolDefinition, ToolName } from './define-tool.js';
import { getComments } from './get-comments.js';
import { getPage } from './get-page.js';
import { getSpacePages } from './get-space-pages.js';
import { getSpaces } from './get-spaces.js';
import { addLabels, removeLabel } from './labels.js';
import { getAttachment, getAttachments } from './attachments.js';
import { diffPageVersions, getPageVersion, getPageVersions } from './page-versions.js';
import { restorePageVersion } from './restore-page-version.js';
import { uploadAttachment } from './upload-attachment.js';
import { archivePage, deletePage } from './archive-delete.js';
import { copyPage } from './copy-page.js';
import { movePage } from './move-page.js';
import { getPageChildren } from './page-children.js';
import { addInlineComment, resolveComment } from './inline-comments.js';
import { searchPages } from './search-pages.js';
import { searchUsers } from './search-users.js';
import { updatePage } from './update-page.js';

/** The Confluence tools, in the order agents and the panel list them. */
export const confluenceTools = [
  getSpaces,
  getSpacePages,
  getPage,
  searchPages,
  createPage,
  updatePage,
  addComment,
  addLabels,
  removeLabel,
  getComments,
  addInlineComment,
  resolveComment,
  searchUsers,
  getAttachments,
  getAttachment,
  uploadAttachment,
  getPageVersions,
  getPageVersion,
  diffPageVersions,
  restorePageVersion,
  getPageChildren,
  movePage,
  copyPage,
  archivePage,
  deletePage,
] as const;

export type ConfluenceTool = (typeof confluenceTools)[number];

export const toolNames = confluenceTools.map((t) => t.name) as readonly ToolName[];

const byName = new Map<string, ToolDefinition>(confluenceTools.map((t) => [t.name, t as ToolDefinition]));

export function getTool(name: string): ToolDefinition | undefined {
  return byName.get(name);
}

export interface ToolManifest {
  name: ToolName;
  title: string;
  /** For people: one plain sentence. */
  summary: string;
  description: string;
  readOnly: boolean;
  capability: ToolCapability;
  /** MCP tool annotations, derived from the definition. */
  annotations: ToolAnnotations;
  inputSchema: Record<string, unknown>;
  outputSchema: Record<string, unknown>;
}

/** JSON Schema descriptions of every tool, for LLM function calling (OpenAI/Anthropic/MCP shape). */
export function toolManifests(): ToolManifest[] {
  return confluenceTools.map((tool) => ({
    name: tool.name,
    title: tool.title,
    summary: tool.summary,
    description: tool.description,
    readOnly: tool.readOnly,
    capability: tool.capability,
    annotations: annotationsOf(tool),
    inputSchema: z.toJSONSchema(tool.input, { io: 'input', target: 'draft-7' }),
    outputSchema: asObjectSchema(z.toJSONSchema(tool.output, { io: 'output', target: 'draft-7' })),
  }));
}

/** MCP wants an object schema for structured results; a write's union (`dryRun` true or false) is one. */
function asObjectSchema(schema: Record<string, unknown>): Record<string, unknown> {
  return 'type' in schema ? schema : { type: 'object', ...schema };
}

export function annotationsOf(tool: ToolDefinition): ToolAnnotations {
  return {
    readOnlyHint: tool.readOnly,
    destructiveHint: !tool.readOnly && tool.destructive === true,
    idempotentHint: tool.idempotent,
    openWorldHint: true,
  };
}
