import { mentionedAccountIds } from '../content/index.js';
import { storageToMarkdownAsync } from '../content/pool.js';
import { USER_SCHEME } from '../content/confluence-links.js';
import type { ToolContext } from './define-tool.js';

/**
 * Display names for account ids (mentions, comment authors), in one bulk lookup through the client's per-site
 * cache. Names are cosmetic: when Confluence cannot answer (a connection without the scope, a transient error) the
 * ids stay as they are and the read goes on; only a cancelled call stops here.
 */
export async function displayNames(
  ctx: ToolContext,
  accountIds: Iterable<string>,
): Promise<Map<string, string>> {
  const ids = [...new Set(accountIds)].filter((id) => id !== '');
  if (ids.length === 0) return new Map();
  try {
    return await ctx.client.userDisplayNames(ids, { signal: ctx.signal });
  } catch (error) {
    if (ctx.signal?.aborted === true) throw error;
    return new Map();
  }
}

/** Storage → Markdown with mentions shown by name; a body without mentions converts exactly as before. */
export async function markdownWithNames(
  ctx: ToolContext,
  storage: string,
  names?: ReadonlyMap<string, string>,
): Promise<string> {
  const ids = mentionedAccountIds(storage);
  if (ids.length === 0) return storageToMarkdownAsync(storage);
  const userNames = names ?? (await displayNames(ctx, ids));
  return storageToMarkdownAsync(storage, { userNames });
}

/** What an agent writes in Markdown to mention someone: `[@Ada Admin](confluence-user:<accountId>)`. */
export function mentionMarkdown(accountId: string, displayName: string): string {
  const text = `@${displayName}`.replace(/[[\]\\]/g, (c) => `\\${c}`);
  const url = `${USER_SCHEME}${accountId}`;
  return `[${text}](${/[\s()<>]/.test(url) ? `<${url}>` : url})`;
}
