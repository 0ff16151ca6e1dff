/** Confluence web UI links look like `/spaces/ENG/pages/123/Title`: the space key is there for free. */
export function spaceKeyFromWebui(webui: string | undefined): string | undefined {
  const match = /^\/spaces\/([^/]+)\//.exec(webui ?? '');
  return match?.[1] ? decodeURIComponent(match[1]) : undefined;
}
