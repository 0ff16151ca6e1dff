import type { z } from 'zod';
import type { ConfluenceClient } from '../client/index.js';

/** What a tool needs to run: a client bound to one Confluence site and an optional abort signal. */
export interface ToolContext {
  client: ConfluenceClient;
  signal?: AbortSignal | undefined;
}

export type ToolName =
  | 'get_confluence_spaces'
  | 'get_confluence_space_pages'
  | 'get_confluence_page'
  | 'search_confluence_pages'
  | 'create_confluence_page'
  | 'update_confluence_page'
  | 'add_confluence_comment';

/**
 * One agent tool. The registry of these is the single source of truth: API procedures, `tools.list`
 * (JSON Schema for LLM function calling), the MCP server and the panel's tester are generated from it.
 */
export interface ToolDefinition<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  name: ToolName;
  /** Short human title for UIs. */
  title: string;
  /** Written for an LLM: what the tool does, what to call first, which formats it accepts. */
  description: string;
  /** True when the tool never changes anything in Confluence. */
  readOnly: boolean;
  input: I;
  output: O;
  run(ctx: ToolContext, input: z.output<I>): Promise<z.input<O>>;
}

export function defineTool<I extends z.ZodType, O extends z.ZodType>(
  definition: ToolDefinition<I, O>,
): ToolDefinition<I, O> {
  return definition;
}
