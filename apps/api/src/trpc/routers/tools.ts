import { toolManifests, toolNames, type ToolManifest } from '@hub/confluence';
import { z } from 'zod';

import { connectionIdSchema, invokeTool, toolsFor, type ToolCallOutcome } from '../tool-calls.js';
import { protectedProcedure, router } from '../trpc.js';

export type { ToolCallOutcome };

// The manifests are pure functions of the registry: convert to JSON Schema once.
let manifests: ToolManifest[] | undefined;

/** Every tool's manifest as tools.list and MCP describe it (connectionId included). */
export function hubManifests(): ToolManifest[] {
  return (manifests ??= buildHubManifests());
}

/** The registry's manifests plus the Hub's own input, `connectionId` (with the default-connection rule). */
function buildHubManifests(): ToolManifest[] {
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
  /**
   * The tools this caller may call (its key's tool list, and what its connections allow), with JSON Schema input
   * and output, for LLM function calling and the panel's tool tester.
   */
  list: protectedProcedure.query(async ({ ctx }): Promise<ToolManifest[]> => {
    const callable = new Set((await toolsFor(ctx)).map((tool) => tool.name));
    return hubManifests().filter((manifest) => callable.has(manifest.name));
  }),

  /**
   * Every tool of the registry, whatever this caller may call: what governance screens choose from (a key's tool
   * list may name a tool its connections do not allow today). tools.list is what a caller may call.
   */
  catalog: protectedProcedure.query((): ToolManifest[] => hubManifests()),

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
    .mutation(({ ctx, input, signal }): Promise<ToolCallOutcome> =>
      invokeTool(ctx, input.name, input.input, input.connectionId, signal),
    ),
});
