import type { ToolName } from '../tools/types';

/** Tool names as the activity log stores them, with the titles the tester shows. */
export const TOOL_LABELS: Record<ToolName, string> = {
  get_confluence_spaces: 'List spaces',
  get_confluence_space_pages: 'List pages in a space',
  get_confluence_page: 'Read a page',
  search_confluence_pages: 'Search pages',
  create_confluence_page: 'Create a page',
  update_confluence_page: 'Update a page',
  add_confluence_comment: 'Comment on a page',
};

export const TOOL_NAMES = Object.keys(TOOL_LABELS) as ToolName[];
