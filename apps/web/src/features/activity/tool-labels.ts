import { TOOL_NAMES, toolCatalog } from '../../lib/tool-catalog';
import type { ToolName } from '../tools/types';

/** Tool names as the activity log stores them, with the titles the tester shows. */
export const TOOL_LABELS = Object.fromEntries(toolCatalog().map((t) => [t.name, t.title])) as Record<
  ToolName,
  string
>;

export { TOOL_NAMES };
