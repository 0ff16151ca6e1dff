import type { ErrorPayload } from '../errors.js';
import { callTool, runTool } from '../tools/call-tool.js';
import type { ToolContext } from '../tools/define-tool.js';
import { getTool } from '../tools/registry.js';

/** Runs a tool and checks its result against the tool's own output schema (what MCP clients validate). */
export async function runChecked<T = Record<string, unknown>>(
  ctx: ToolContext,
  name: string,
  input: unknown,
): Promise<T> {
  const result = await runTool(ctx, name, input);
  getTool(name)?.output.parse(result);
  return result as T;
}

/** The error a tool call answers with; throws if the call succeeded. */
export async function failureOf(ctx: ToolContext, name: string, input: unknown): Promise<ErrorPayload> {
  const outcome = await callTool(ctx, name, input);
  if (outcome.ok) throw new Error(`expected ${name} to fail`);
  return outcome.error;
}
