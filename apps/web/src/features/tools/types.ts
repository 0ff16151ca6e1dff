import type { RouterOutputs, ToolName } from '@hub/api';

import type { ToolCallOutcome } from '../../lib/api-types';

export type { ToolName };

type Confluence = RouterOutputs['confluence'];
export type SpacesOutput = Confluence['getSpaces'];
export type SpacePagesOutput = Confluence['getSpacePages'];
export type PageOutput = Confluence['getPage'];
export type SearchOutput = Confluence['searchPages'];
export type CreateOutput = Confluence['createPage'];
export type UpdateOutput = Confluence['updatePage'];
export type CommentOutput = Confluence['addComment'];

/** One run of a tool from the tester, as the result panel shows it. */
export interface ToolRun {
  id: number;
  tool: string;
  input: Record<string, unknown>;
  /** The connection chosen in the tester; undefined = the workspace default. */
  connectionId: string | undefined;
  at: string;
  /** Round trip as the browser measured it. */
  durationMs: number;
  /** Null when the request itself failed (network, signed out): see `failure`. */
  outcome: ToolCallOutcome | null;
  failure?: unknown;
}

/** Open another tool with input taken from a result; `run` runs it at once (read-only tools only). */
export type Chain = (tool: ToolName, input: Record<string, unknown>, options?: { run?: boolean }) => void;
