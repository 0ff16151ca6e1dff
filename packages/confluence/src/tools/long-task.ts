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
export async function waitForTask(ctx: ToolContext, taskId: string, what: string): Promise<LongTaskStatus>;
/**
 * `tolerateUnknown`: a status read that fails (a timeout, the caller gone) ends the wait with the last status
 * read (undefined if none) instead of failing: for writes already under way, which a failed call would invite the
 * caller to start again.
 */
export async function waitForTask(
  ctx: ToolContext,
  taskId: string,
  what: string,
  options: { tolerateUnknown: true },
): Promise<LongTaskStatus | undefined>;
export async function waitForTask(
  ctx: ToolContext,
  taskId: string,
  what: string,
  options: { tolerateUnknown?: boolean } = {},
): Promise<LongTaskStatus | undefined> {
  let last: LongTaskStatus | undefined;
  for (let i = 0; ; i++) {
    let task: LongTaskStatus;
    try {
      task = await ctx.client.getLongTask(taskId, { signal: ctx.signal });
    } catch (error) {
      if (options.tolerateUnknown === true) return last;
      throw error;
    }
    if (task.finished && !task.successful) {
      const said = task.messages.length === 0 ? '' : ` Confluence said: "${task.messages.join(' ')}".`;
      throw new UpstreamError(`Confluence could not ${what} (task ${taskId}).${said}`);
    }
    last = task;
    const pause = PAUSES_MS[i];
    if (task.finished || pause === undefined) return task;
    try {
      await abortableSleep(pause, ctx.signal);
    } catch (error) {
      if (options.tolerateUnknown === true) return last;
      throw error;
    }
  }
}
