import { z } from 'zod';
import { BadRequestError, toErrorPayload, type ErrorPayload } from '../errors.js';
import type { ToolContext } from './define-tool.js';
import { getTool, toolNames } from './registry.js';

export type ToolCallResult = { ok: true; result: unknown } | { ok: false; error: ErrorPayload };

/** Validates the raw input, runs the tool; only a successful result or the error's kind and message come back. */
export async function runTool(ctx: ToolContext, name: string, rawInput: unknown): Promise<unknown> {
  const tool = getTool(name);
  if (!tool) {
    throw new BadRequestError(`Unknown tool "${name}". Available tools: ${toolNames.join(', ')}.`);
  }
  const parsed = tool.input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    throw new BadRequestError(`Invalid input for ${name}: ${z.prettifyError(parsed.error)}`, {
      fieldErrors: z.flattenError(parsed.error).fieldErrors,
    });
  }
  if ((parsed.data as { idempotencyKey?: unknown }).idempotencyKey !== undefined) {
    // Keeping that promise needs a store of first results, which the Hub's API has and this function has not.
    throw new BadRequestError(
      `${name}: idempotencyKey needs the Hub (which stores first results); call the tool through the Hub's API, ` +
        'or omit idempotencyKey.',
    );
  }
  return tool.run(ctx, parsed.data);
}

/** Like runTool, but never throws: the shape agents that dispatch by tool name want. */
export async function callTool(ctx: ToolContext, name: string, rawInput: unknown): Promise<ToolCallResult> {
  try {
    return { ok: true, result: await runTool(ctx, name, rawInput) };
  } catch (error) {
    return { ok: false, error: toErrorPayload(error) };
  }
}
