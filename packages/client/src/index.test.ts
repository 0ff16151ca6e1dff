import { startTestApi, type TestApi, type TestWorkspaceKeys } from '@hub/api/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { recordRelease } from '../examples/search-and-update.js';
import {
  createHubClient,
  hubErrorData,
  hubErrorKind,
  isHubClientError,
  TRPCClientError,
  written,
  type HubClientError,
} from './index.js';

// A real API (createApp on port 0, the real vault and auth) against the Confluence emulator, on a throw-away
// database: in-memory PGlite, or a fresh database on DATABASE_URL's PostgreSQL server when that is set.
let api: TestApi;
let ws: TestWorkspaceKeys;
let connectionId: string;

beforeAll(async () => {
  api = await startTestApi();
  ws = await api.createWorkspace('Client tests');
  connectionId = await api.connect(ws.workspaceId);
}, 60_000);
afterAll(() => api.close());

async function failure(promise: Promise<unknown>): Promise<HubClientError> {
  const error = await promise.then(
    () => new Error('expected the call to fail'),
    (e: unknown) => e,
  );
  if (!isHubClientError(error)) throw error;
  return error;
}

/** A fetch that counts HTTP requests (to see batching) and can act before a matching request is sent. */
function spyFetch(before?: { path: string; run: () => Promise<void> }) {
  const requests: string[] = [];
  let pending = before;
  const spy: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : input.toString());
    requests.push(url.pathname);
    if (pending !== undefined && url.pathname.includes(pending.path)) {
      const { run } = pending;
      pending = undefined;
      await run();
    }
    return fetch(input, init);
  };
  return { spy, requests };
}

describe('createHubClient against a real API', () => {
  it('calls queries and mutations with an API key, fully typed', async () => {
    expect(api.database).toBe(process.env.DATABASE_URL ? 'postgres' : 'pglite');
    const hub = createHubClient({ url: `${api.url}/`, apiKey: ws.adminKey }); // a trailing slash is fine
    expect(await hub.session.me.query()).toMatchObject({
      principal: { kind: 'apiKey' },
      workspace: { id: ws.workspaceId },
      role: 'admin',
    });
    const tools = await hub.tools.list.query();
    expect(tools.map((t) => t.name)).toContain('update_confluence_page');

    const { spaces } = await hub.confluence.getSpaces.query({ keys: ['ENG'] });
    const eng = spaces[0];
    expect(eng).toMatchObject({ key: 'ENG', name: 'Engineering' });
    const { results } = await hub.confluence.searchPages.query({ text: 'runbook', spaceKeys: ['ENG'] });
    expect(results.length).toBeGreaterThan(0);

    const created = written(
      await hub.confluence.createPage.mutate({
        spaceKey: 'ENG',
        title: 'Client test page',
        body: '# Hello\n\nFrom **@hub/client**.',
      }),
    );
    expect(created).toMatchObject({ title: 'Client test page', version: 1 });
    const page = await hub.confluence.getPage.query({ pageId: created.id });
    expect(page.body.value).toContain('From **@hub/client**.');
    const updated = written(
      await hub.confluence.updatePage.mutate({
        pageId: created.id,
        version: page.version.number,
        body: `${page.body.value}\n\nUpdated.`,
        connectionId,
      }),
    );
    expect(updated).toMatchObject({ version: 2, previousVersion: 1 });
    const comment = written(
      await hub.confluence.addComment.mutate({ pageId: created.id, body: 'Looks good.' }),
    );
    expect(comment.pageId).toBe(created.id);

    const invoked = await hub.tools.invoke.mutate({
      name: 'get_confluence_page',
      input: { pageId: created.id },
    });
    expect(invoked).toMatchObject({ ok: true, result: { version: { number: 2 } } });
  });

  it('sends calls made together as one HTTP batch (at most maxBatchItems each)', async () => {
    const batched = spyFetch();
    const hub = createHubClient({ url: api.url, apiKey: ws.memberKey, fetch: batched.spy });
    await Promise.all([hub.session.me.query(), hub.tools.list.query(), hub.confluence.getSpaces.query({})]);
    expect(batched.requests).toEqual(['/trpc/session.me,tools.list,confluence.getSpaces']);

    const single = spyFetch();
    const one = createHubClient({ url: api.url, apiKey: ws.memberKey, fetch: single.spy, maxBatchItems: 1 });
    await Promise.all([one.session.me.query(), one.tools.list.query()]);
    expect(single.requests.sort()).toEqual(['/trpc/session.me', '/trpc/tools.list']);
  });
});

describe('errors', () => {
  it('NOT_CONNECTED: a workspace without a Confluence connection', async () => {
    const empty = await api.createWorkspace('Not connected yet');
    const hub = createHubClient({ url: api.url, apiKey: empty.memberKey });
    const error = await failure(hub.confluence.getSpaces.query({}));
    expect(hubErrorKind(error)).toBe('NOT_CONNECTED');
    expect(error.data?.code).toBe('PRECONDITION_FAILED');
    expect(error.message).toMatch(/Connect Confluence in Integrations first/);
  });

  it('VERSION_CONFLICT: updating from a stale version, with the current one in the error', async () => {
    const hub = createHubClient({ url: api.url, apiKey: ws.memberKey });
    const created = written(
      await hub.confluence.createPage.mutate({
        spaceKey: 'ENG',
        title: 'Conflict',
        body: 'v1',
      }),
    );
    await hub.confluence.updatePage.mutate({ pageId: created.id, version: 1, body: 'v2 by someone else' });
    const error = await failure(
      hub.confluence.updatePage.mutate({ pageId: created.id, version: 1, body: 'v2' }),
    );
    expect(hubErrorKind(error)).toBe('VERSION_CONFLICT');
    expect(hubErrorData(error)).toMatchObject({ code: 'CONFLICT', currentVersion: 2, providedVersion: 1 });
  });

  it('a wrong API key → UNAUTHORIZED (kind UNAUTHENTICATED)', async () => {
    const hub = createHubClient({ url: api.url, apiKey: `hub_${'x'.repeat(64)}` });
    const error = await failure(hub.session.me.query());
    expect(error.data?.code).toBe('UNAUTHORIZED');
    expect(error.data?.httpStatus).toBe(401);
    expect(hubErrorKind(error)).toBe('UNAUTHENTICATED');
  });

  it('no kind for errors the Hub did not answer', async () => {
    expect(hubErrorKind(new Error('boom'))).toBeUndefined();
    expect(hubErrorData('nope')).toBeUndefined();
    const unreachable = createHubClient({ url: 'http://127.0.0.1:9', apiKey: ws.memberKey });
    const error = await failure(unreachable.session.me.query());
    expect(error).toBeInstanceOf(TRPCClientError);
    expect(hubErrorKind(error)).toBeUndefined();
  });
});

describe('examples/search-and-update.ts', () => {
  it('records a release; after a concurrent edit it re-reads the page and redoes the edit on top', async () => {
    const other = createHubClient({ url: api.url, apiKey: ws.adminKey });
    const release = {
      spaceKey: 'ENG',
      pageTitle: 'Release Notes',
      version: 'v9.9.9',
      summary: 'Faster search',
    };
    // A colleague saves the page between our read and our update.
    const { spy } = spyFetch({
      path: 'confluence.updatePage',
      run: async () => {
        const { results } = await other.confluence.searchPages.query({
          title: 'Release Notes',
          spaceKeys: ['ENG'],
        });
        const id = results.find((r) => r.title === 'Release Notes')?.id ?? '';
        const page = await other.confluence.getPage.query({ pageId: id });
        await other.confluence.updatePage.mutate({
          pageId: id,
          version: page.version.number,
          body: `${page.body.value}\n\nA colleague's edit.`,
        });
      },
    });
    const hub = createHubClient({ url: api.url, apiKey: ws.memberKey, fetch: spy });
    const done = await recordRelease(hub, release);
    expect(done.attempts).toBe(2);
    const page = await other.confluence.getPage.query({ pageId: done.pageId });
    expect(page.version.number).toBe(done.pageVersion);
    expect(page.body.value).toContain("A colleague's edit.");
    expect(page.body.value).toContain('**v9.9.9**');
    expect(page.version.message).toBe('Release v9.9.9');
    expect(done.commentId).toMatch(/^\d+$/);
  });
});
