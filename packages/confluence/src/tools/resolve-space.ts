import { NotFoundError } from '../errors.js';
import type { ToolContext } from './define-tool.js';

export interface SpaceRef {
  spaceId?: string | undefined;
  spaceKey?: string | undefined;
}

/** Tools accept a space by id or key; Confluence's v2 endpoints want the id. */
export async function resolveSpaceId(ctx: ToolContext, ref: SpaceRef): Promise<string> {
  if (ref.spaceId) return ref.spaceId;
  const key = ref.spaceKey ?? '';
  const id = await ctx.client.spaceIdForKey(key, { signal: ctx.signal });
  if (id === undefined) {
    throw new NotFoundError(
      `No space with key "${key}" is visible to this connection. Call get_confluence_spaces to list the spaces it can see.`,
    );
  }
  return id;
}

export function exactlyOneSpace(ref: SpaceRef): boolean {
  return Boolean(ref.spaceId) !== Boolean(ref.spaceKey);
}
