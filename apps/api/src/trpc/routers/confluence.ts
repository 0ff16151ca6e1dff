import {
  addComment,
  addInlineComment,
  addLabels,
  archivePage,
  copyPage,
  createPage,
  deletePage,
  diffPageVersions,
  getAttachment,
  getAttachments,
  getComments,
  getPage,
  getPageChildren,
  getPageVersion,
  getPageVersions,
  getSpacePages,
  getSpaces,
  movePage,
  removeLabel,
  resolveComment,
  restorePageVersion,
  searchPages,
  searchUsers,
  updatePage,
  uploadAttachment,
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
  getComments: toolQuery(getComments),
  addInlineComment: toolMutation(addInlineComment),
  resolveComment: toolMutation(resolveComment),
  searchUsers: toolQuery(searchUsers),
  addLabels: toolMutation(addLabels),
  removeLabel: toolMutation(removeLabel),
  getAttachments: toolQuery(getAttachments),
  getAttachment: toolQuery(getAttachment),
  uploadAttachment: toolMutation(uploadAttachment),
  getPageVersions: toolQuery(getPageVersions),
  getPageVersion: toolQuery(getPageVersion),
  diffPageVersions: toolQuery(diffPageVersions),
  restorePageVersion: toolMutation(restorePageVersion),
  getPageChildren: toolQuery(getPageChildren),
  movePage: toolMutation(movePage),
  copyPage: toolMutation(copyPage),
  archivePage: toolMutation(archivePage),
  deletePage: toolMutation(deletePage),
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
  get_confluence_comments: 'getComments',
  add_confluence_inline_comment: 'addInlineComment',
  resolve_confluence_comment: 'resolveComment',
  search_confluence_users: 'searchUsers',
  add_confluence_labels: 'addLabels',
  remove_confluence_label: 'removeLabel',
  get_confluence_attachments: 'getAttachments',
  get_confluence_attachment: 'getAttachment',
  upload_confluence_attachment: 'uploadAttachment',
  get_confluence_page_versions: 'getPageVersions',
  get_confluence_page_version: 'getPageVersion',
  diff_confluence_page_versions: 'diffPageVersions',
  restore_confluence_page_version: 'restorePageVersion',
  get_confluence_page_children: 'getPageChildren',
  move_confluence_page: 'movePage',
  copy_confluence_page: 'copyPage',
  archive_confluence_page: 'archivePage',
  delete_confluence_page: 'deletePage',
} as const satisfies Record<ToolName, keyof typeof confluenceRouter>;
