import type { LongTaskStatus } from '../client/models.js';
import { abortableSleep } from '../client/retry.js';
import { UpstreamError } from '../errors.js';
import type { ToolContext } from './define-tool.js';

/** Pauses between status reads: about 6 s in all, so a tool call stays short; a longer task is reported running. */
const PAUSES_MS = [250, 500, 1000, 1000, 1500, 1500];

/**
 * Reads a v1 long task (archive, hierarchy copy) until it finishes or the pauses run out. Cost: at most seven
 * status requests. A task Confluence reports failed is an UPSTREAM_ERROR with its messages.
 */
export async function waitForTask(ctx: ToolContext, taskId: string, what: string): Promise<LongTaskStatus> {
  for (let i = 0; ; i++) {
    const task = await ctx.client.getLongTask(taskId, { signal: ctx.signal });
    if (task.finished && !task.successful) {
      const said = task.messages.length === 0 ? '' : ` Confluence said: "${task.messages.join(' ')}".`;
      throw new UpstreamError(`Confluence could not ${what} (task ${taskId}).${said}`);
    }
    const pause = PAUSES_MS[i];
    if (task.finished || pause === undefined) return task;
    await abortableSleep(pause, ctx.signal);
  }
}
