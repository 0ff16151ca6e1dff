/** Web UI links shaped like Confluence Cloud's, relative to the site's `/wiki` base. */

/** Titles in web UI paths are form-encoded: spaces become `+`. */
export function titleSlug(title: string): string {
  return encodeURIComponent(title).replace(/%20/g, '+');
}

export function spaceWebui(spaceKey: string): string {
  return `/spaces/${encodeURIComponent(spaceKey)}`;
}

export function pageWebui(spaceKey: string, pageId: string, title: string): string {
  return `/spaces/${encodeURIComponent(spaceKey)}/pages/${pageId}/${titleSlug(title)}`;
}

export function pageEditui(pageId: string): string {
  return `/pages/resumedraft.action?draftId=${pageId}`;
}

export function commentWebui(spaceKey: string, pageId: string, title: string, commentId: string): string {
  return `${pageWebui(spaceKey, pageId, title)}?focusedCommentId=${commentId}#comment-${commentId}`;
}

/**
 * Confluence's tiny links: the id as little-endian bytes, base64 with `/`→`-` and `+`→`_`, trailing zero
 * bytes and padding dropped.
 */
export function tinyui(contentId: string): string {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64LE(BigInt(contentId));
  let end = bytes.length;
  while (end > 1 && bytes[end - 1] === 0) end--;
  const encoded = bytes
    .subarray(0, end)
    .toString('base64')
    .replace(/\//g, '-')
    .replace(/\+/g, '_')
    .replace(/=+$/, '')
    .replace(/A+$/, '');
  return `/x/${encoded}`;
}
