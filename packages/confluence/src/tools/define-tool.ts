import type { z } from 'zod';
import type { ConfluenceApi } from '../client/space-scope.js';

/**
 * What a tool needs to run: a client bound to one Confluence site (a ConfluenceClient, or a SpaceScopedClient
 * that sees only some of its spaces) and an optional abort signal.
 */
export interface ToolContext {
  client: ConfluenceApi;
  signal?: AbortSignal | undefined;
}

export type ToolName =
  | 'get_confluence_spaces'
  | 'get_confluence_space_pages'
  | 'get_confluence_page'
  | 'search_confluence_pages'
  | 'create_confluence_page'
  | 'update_confluence_page'
  | 'add_confluence_comment'
  | 'get_confluence_comments'
  | 'add_confluence_inline_comment'
  | 'resolve_confluence_comment'
  | 'search_confluence_users'
  | 'add_confluence_labels'
  | 'remove_confluence_label'
  | 'get_confluence_attachments'
  | 'get_confluence_attachment'
  | 'upload_confluence_attachment'
  | 'get_confluence_page_versions'
  | 'get_confluence_page_version'
  | 'diff_confluence_page_versions'
  | 'restore_confluence_page_version'
  | 'get_confluence_page_children'
  | 'move_confluence_page'
  | 'copy_confluence_page'
  | 'archive_confluence_page'
  | 'delete_confluence_page';

/**
 * What a tool does, as an admin switches it per connection: read content, search it, write pages, comment,
 * delete pages. Every tool has exactly one; a tool added later picks one of these or adds its own here.
 * `delete` is off by default: connections are created with DEFAULT_CAPABILITIES, and an admin turns it on.
 */
export const TOOL_CAPABILITIES = ['read', 'search', 'write', 'comment', 'delete'] as const;
export type ToolCapability = (typeof TOOL_CAPABILITIES)[number];

/** What a new connection allows (the database default of `confluence_connections.capabilities`): not `delete`. */
export const DEFAULT_CAPABILITIES = [
  'read',
  'search',
  'write',
  'comment',
] as const satisfies readonly ToolCapability[];

/** MCP's tool annotations (hints for clients deciding what needs a human's confirmation). */
export interface ToolAnnotations {
  readOnlyHint: boolean;
  /** Writes only: may it destroy or overwrite what is there (an update replaces a page's body)? */
  destructiveHint: boolean;
  /** Does repeating the same call have no further effect? */
  idempotentHint: boolean;
  /** Talks to Confluence, a system outside the Hub. */
  openWorldHint: boolean;
}

/**
 * One agent tool. The registry of these is the single source of truth: API procedures, `tools.list`
 * (JSON Schema for LLM function calling), the MCP server and the panel's tester are generated from it.
 */
export interface ToolDefinition<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  name: ToolName;
  /** Short human title for UIs. */
  title: string;
  /** One plain sentence for people (the panel's tool help): no markup, no instructions to an LLM. */
  summary: string;
  /** Written for an LLM: what the tool does, what to call first, which formats it accepts. */
  description: string;
  /** True when the tool never changes anything in Confluence. */
  readOnly: boolean;
  capability: ToolCapability;
  /** Writes: whether the tool can overwrite or remove content. Reads never do. */
  destructive?: boolean;
  /** Whether repeating a call with the same input has no further effect (true for every read). */
  idempotent: boolean;
  input: I;
  output: O;
  run(ctx: ToolContext, input: z.output<I>): Promise<z.input<O>>;
}

export function defineTool<I extends z.ZodType, O extends z.ZodType>(
  definition: ToolDefinition<I, O>,
): ToolDefinition<I, O> {
  return definition;
}
