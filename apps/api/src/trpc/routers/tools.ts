import { getTool, toolManifests, toolNames, type ToolManifest } from '@hub/confluence';
import { z } from 'zod';

import {
  connectionIdSchema,
  executeTool,
  outcomeKindOf,
  recordToolCall,
  toolErrorPayload,
  type ToolCallTrace,
  type ToolErrorPayload,
} from '../tool-calls.js';
import { protectedProcedure, router } from '../trpc.js';

export type ToolCallOutcome = { ok: true; result: unknown } | { ok: false; error: ToolErrorPayload };

// The manifests are pure functions of the registry: convert to JSON Schema once.
let manifests: ToolManifest[] | undefined;

export const toolsRouter = router({
  /** Every tool with JSON Schema input and output, for LLM function calling and the panel's tool tester. */
  list: protectedProcedure.query((): ToolManifest[] => (manifests ??= toolManifests())),

  /**
   * Runs a tool by name, for agents that dispatch on tool names. (The issue's `tools.call`: tRPC reserves `call`,
   * `apply` and `then` as procedure names, since its client proxies are functions.) Tool failures (bad input, not connected,
   * Confluence errors) come back as `{ ok: false, error }`, never as a thrown error.
   */
  invoke: protectedProcedure
    .input(
      z.object({
        name: z
          .string()
          .min(1)
          .max(100)
          .describe(`One of: ${toolNames.join(', ')}`),
        input: z.unknown().optional(),
        connectionId: connectionIdSchema,
      }),
    )
    .mutation(async ({ ctx, input, signal }): Promise<ToolCallOutcome> => {
      const tool = getTool(input.name);
      if (tool === undefined) {
        return {
          ok: false,
          error: {
            kind: 'BAD_REQUEST',
            message: `Unknown tool "${input.name}". Available tools: ${toolNames.join(', ')}.`,
            retryable: false,
          },
        };
      }
      const call = { tool: tool.name, at: new Date(), startedMs: performance.now() };
      const trace: ToolCallTrace = { connectionId: null };
      let failure: unknown;
      try {
        const parsed = tool.input.safeParse(input.input ?? {});
        if (!parsed.success) throw parsed.error;
        const result: unknown = await executeTool(ctx, tool, parsed.data, input.connectionId, signal, trace);
        return { ok: true, result };
      } catch (error) {
        failure = error;
        return { ok: false, error: toolErrorPayload(error, ctx, signal) };
      } finally {
        recordToolCall(ctx, {
          ...call,
          connectionId: trace.connectionId,
          outcomeKind: outcomeKindOf(failure, signal),
        });
      }
    }),
});
