export { addComment } from './add-comment.js';
export { callTool, runTool, type ToolCallResult } from './call-tool.js';
export { buildCql, cqlString } from './cql.js';
export { createPage } from './create-page.js';
export {
  DEFAULT_CAPABILITIES,
  defineTool,
  TOOL_CAPABILITIES,
  type ToolAnnotations,
  type ToolCapability,
  type ToolContext,
  type ToolDefinition,
  type ToolName,
} from './define-tool.js';
export { getComments } from './get-comments.js';
export { getPage } from './get-page.js';
export { addInlineComment, resolveComment } from './inline-comments.js';
export { mentionMarkdown } from './people.js';
export { getSpacePages } from './get-space-pages.js';
export { getSpaces } from './get-spaces.js';
export { addLabels, removeLabel } from './labels.js';
export { getAttachment, getAttachments } from './attachments.js';
export { diffPageVersions, getPageVersion, getPageVersions } from './page-versions.js';
export { restorePageVersion } from './restore-page-version.js';
export { uploadAttachment } from './upload-attachment.js';
export { archivePage, deletePage } from './archive-delete.js';
export { copyPage } from './copy-page.js';
export { movePage } from './move-page.js';
export { getPageChildren, MAX_CHILD_DEPTH } from './page-children.js';
export {
  annotationsOf,
  confluenceTools,
  getTool,
  toolManifests,
  toolNames,
  type ConfluenceTool,
  type ToolManifest,
} from './registry.js';
export { searchPages } from './search-pages.js';
export { searchUsers } from './search-users.js';
export { written } from './shared-schemas.js';
export { updatePage } from './update-page.js';
