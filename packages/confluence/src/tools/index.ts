export { addComment } from './add-comment.js';
export { callTool, runTool, type ToolCallResult } from './call-tool.js';
export { buildCql, cqlString } from './cql.js';
export { createPage } from './create-page.js';
export {
  defineTool,
  TOOL_CAPABILITIES,
  type ToolAnnotations,
  type ToolCapability,
  type ToolContext,
  type ToolDefinition,
  type ToolName,
} from './define-tool.js';
export { getPage } from './get-page.js';
export { getSpacePages } from './get-space-pages.js';
export { getSpaces } from './get-spaces.js';
export { addLabels, removeLabel } from './labels.js';
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
export { written } from './shared-schemas.js';
export { updatePage } from './update-page.js';
