import {
  addComment,
  addLabels,
  createPage,
  getPage,
  getSpacePages,
  getSpaces,
  removeLabel,
  searchPages,
  updatePage,
  type ToolDefinition,
  type ToolName,
} from '@hub/confluence';
import type { z } from 'zod';

import { connectionIdSchema, executeTool, type ToolCallTrace } from '../tool-calls.js';
import { router, toolCallProcedure } from '../trpc.js';

/**
 * A procedure for one tool: its input schema plus `connectionId`, its output schema, and every call recorded in
 * the activity log — including calls refused for bad input, which is why recording wraps input validation.
 */
function toolProcedure<S extends z.core.$ZodShape, O extends z.ZodType>(
  tool: ToolDefinition<z.ZodObject<S>, O>,
) {
  return toolCallProcedure(tool.name)
    .input(tool.input.extend({ connectionId: connectionIdSchema }))
    .output(tool.output);
}

type ResolverOptions = {
  ctx: Parameters<typeof executeTool>[0] & { trace: ToolCallTrace };
  /** The tool's input plus connectionId, already validated (typed per tool where the procedure is declared). */
  input: unknown;
  signal: AbortSignal | undefined;
};

function resolverFor<S extends z.core.$ZodShape, O extends z.ZodType>(
  tool: ToolDefinition<z.ZodObject<S>, O>,
) {
  return ({ ctx, input, signal }: ResolverOptions) => {
    const { connectionId, ...args } = input as { connectionId?: string };
    // `args` is the tool's own validated input: the extended schema only added connectionId.
    const result = executeTool(ctx, tool, args as z.output<z.ZodObject<S>>, connectionId, signal, ctx.trace);
    // tRPC's expected return type, DefaultValue<inferParser<O>['in'], …>, is z.input<O> for every concrete O,
    // but TypeScript cannot see that while O is a type parameter.
    return result as Promise<never>;
  };
}

/** Read-only tools are queries (GET-able, cacheable, batched); the others mutations. Checked at start-up. */
function toolQuery<S extends z.core.$ZodShape, O extends z.ZodType>(tool: ToolDefinition<z.ZodObject<S>, O>) {
  if (!tool.readOnly) throw new Error(`${tool.name} changes Confluence: expose it as a mutation`);
  return toolProcedure(tool).query(resolverFor(tool));
}

function toolMutation<S extends z.core.$ZodShape, O extends z.ZodType>(
  tool: ToolDefinition<z.ZodObject<S>, O>,
) {
  if (tool.readOnly) throw new Error(`${tool.name} is read-only: expose it as a query`);
  return toolProcedure(tool).mutation(resolverFor(tool));
}

/** The Confluence tools of @hub/confluence as typed procedures. */
export const confluenceRouter = router({
  getSpaces: toolQuery(getSpaces),
  getSpacePages: toolQuery(getSpacePages),
  getPage: toolQuery(getPage),
  searchPages: toolQuery(searchPages),
  createPage: toolMutation(createPage),
  updatePage: toolMutation(updatePage),
  addComment: toolMutation(addComment),
  addLabels: toolMutation(addLabels),
  removeLabel: toolMutation(removeLabel),
});

/** Tool name → procedure: `satisfies` makes a tool added to the registry without a procedure a type error. */
export const TOOL_PROCEDURES = {
  get_confluence_spaces: 'getSpaces',
  get_confluence_space_pages: 'getSpacePages',
  get_confluence_page: 'getPage',
  search_confluence_pages: 'searchPages',
  create_confluence_page: 'createPage',
  update_confluence_page: 'updatePage',
  add_confluence_comment: 'addComment',
  add_confluence_labels: 'addLabels',
  remove_confluence_label: 'removeLabel',
} as const satisfies Record<ToolName, keyof typeof confluenceRouter>;
