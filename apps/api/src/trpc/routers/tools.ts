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
import { HubError } from '../../errors.js';
import { protectedProcedure, router } from '../trpc.js';

export type ToolCallOutcome = { ok: true; result: unknown } | { ok: false; error: ToolErrorPayload };

// The manifests are pure functions of the registry: convert to JSON Schema once.
let manifests: ToolManifest[] | undefined;

/** The registry's manifests plus the Hub's own input, `connectionId` (with the default-connection rule). */
function hubManifests(): ToolManifest[] {
  const wrapper = z.toJSONSchema(z.object({ connectionId: connectionIdSchema }), {
    io: 'input',
    target: 'draft-7',
  });
  const property = (wrapper.properties as Record<string, unknown>).connectionId;
  return toolManifests().map((manifest) => ({
    ...manifest,
    inputSchema: {
      ...manifest.inputSchema,
      properties: { ...(manifest.inputSchema.properties as Record<string, unknown>), connectionId: property },
    },
  }));
}

export const toolsRouter = router({
  /** Every tool with JSON Schema input and output, for LLM function calling and the panel's tool tester. */
  list: protectedProcedure.query((): ToolManifest[] => (manifests ??= hubManifests())),

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
        // `connectionId` may come beside the input or inside it, as tools.list describes it.
        const { connectionId: inner, args } = splitConnectionId(input.input ?? {});
        if (inner !== undefined && input.connectionId !== undefined && inner !== input.connectionId) {
          throw new HubError(
            'BAD_REQUEST',
            'connectionId is given twice, with different values: give it once',
          );
        }
        const parsed = tool.input.safeParse(args);
        if (!parsed.success) throw parsed.error;
        const connectionId = input.connectionId ?? inner;
        const result: unknown = await executeTool(ctx, tool, parsed.data, connectionId, signal, trace);
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

/** `connectionId` inside a tool's input (where tools.list puts it), taken out before the tool's own schema. */
function splitConnectionId(raw: unknown): { connectionId: string | undefined; args: unknown } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || !('connectionId' in raw)) {
    return { connectionId: undefined, args: raw };
  }
  const { connectionId, ...args } = raw as Record<string, unknown>;
  const parsed = connectionIdSchema.safeParse(connectionId);
  if (!parsed.success) throw parsed.error;
  return { connectionId: parsed.data, args };
}
