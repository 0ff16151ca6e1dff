/**
 * A deploy pipeline step that records each release on the team's Confluence release-notes page, through the
 * Integrations Hub: search for the page, read it, append a line (saved as the next version), and leave a comment
 * for the page's watchers. If someone edits the page between the read and the update, the Hub answers
 * VERSION_CONFLICT: read the page again and redo the edit on top of their change.
 *
 *   HUB_URL=https://hub.internal.example.com HUB_API_KEY=hub_… \
 *     node --import tsx examples/search-and-update.ts v2.4.0 "Faster search, new export button"
 */
import { pathToFileURL } from 'node:url';

import { createHubClient, hubErrorData, hubErrorKind, type HubClient, written } from '@hub/client';

export interface Release {
  spaceKey: string;
  /** Exact title of the release-notes page. */
  pageTitle: string;
  version: string;
  summary: string;
}

export interface Recorded {
  pageId: string;
  pageVersion: number;
  commentId: string;
  /** How many read → update rounds it took (more than 1 after a concurrent edit). */
  attempts: number;
}

export async function recordRelease(hub: HubClient, release: Release, maxAttempts = 3): Promise<Recorded> {
  // 1. Find the page: a structured search (the Hub builds the CQL), then the exact title.
  const { results } = await hub.confluence.searchPages.query({
    title: release.pageTitle,
    spaceKeys: [release.spaceKey],
    limit: 10,
  });
  const hit = results.find((r) => r.type === 'page' && r.title === release.pageTitle);
  if (hit === undefined) throw new Error(`No page "${release.pageTitle}" in space ${release.spaceKey}`);

  // 2. Read, edit, save as the next version; on VERSION_CONFLICT, re-read and redo the edit.
  for (let attempt = 1; ; attempt += 1) {
    const page = await hub.confluence.getPage.query({ pageId: hit.id }); // body as Markdown
    const line = `- **${release.version}** (${new Date().toISOString().slice(0, 10)}): ${release.summary}`;
    try {
      const updated = written(
        await hub.confluence.updatePage.mutate({
          pageId: page.id,
          version: page.version.number, // the version we read: the Hub refuses to overwrite a newer one
          body: `${page.body.value.trimEnd()}\n\n${line}\n`,
          versionMessage: `Release ${release.version}`,
        }),
      );

      // 3. Tell the page's watchers.
      const comment = written(
        await hub.confluence.addComment.mutate({
          pageId: page.id,
          body: `Released **${release.version}**: ${release.summary}`,
        }),
      );
      return { pageId: page.id, pageVersion: updated.version, commentId: comment.id, attempts: attempt };
    } catch (error) {
      if (hubErrorKind(error) !== 'VERSION_CONFLICT' || attempt >= maxAttempts) throw error;
      const current = hubErrorData(error)?.currentVersion;
      console.warn(`Page changed meanwhile (now version ${String(current)}); reading it again`);
    }
  }
}

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`Set ${name}`);
  return value;
}

// Run as a script (not when imported).
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const hub = createHubClient({ url: required('HUB_URL'), apiKey: required('HUB_API_KEY') });
  const [version = 'v0.0.0', summary = 'Maintenance release'] = process.argv.slice(2);
  try {
    const done = await recordRelease(hub, { spaceKey: 'ENG', pageTitle: 'Release Notes', version, summary });
    console.log(`Recorded ${version} on page ${done.pageId} (now version ${done.pageVersion})`);
  } catch (error) {
    switch (hubErrorKind(error)) {
      case 'NOT_CONNECTED':
      case 'NEEDS_REAUTH':
        // The message says what to do: an admin connects (or reconnects) Confluence in the Hub's panel.
        console.error(error instanceof Error ? error.message : error);
        process.exitCode = 2;
        break;
      case 'RATE_LIMITED':
        console.error(
          `Confluence is rate limiting: retry in ${String(hubErrorData(error)?.retryAfterMs)} ms`,
        );
        process.exitCode = 3;
        break;
      default:
        throw error;
    }
  }
}
