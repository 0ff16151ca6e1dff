// The comment and people tools end to end: tRPC with an API key and /mcp with the SDK client, against the
// emulator, through the same gate (capabilities and the space allow-list).
import { written } from '@hub/confluence';
import { beforeAll, describe, expect, it } from 'vitest';

import { useTestDatabase } from '../../test-support/database.js';
import { structured, useMcpClients } from '../../test-support/mcp-clients.js';
import {
  apiClient,
  connect,
  newWorkspace,
  rejection,
  useApiHarness,
  type TestWorkspace,
} from '../../test-support/api-harness.js';

const t = useTestDatabase();
const harness = useApiHarness(t);
let ws: TestWorkspace;
let connectionId: string;
const mcp = useMcpClients(harness, 'comment-tools-test');
const { call } = mcp;

beforeAll(async () => {
  ws = await newWorkspace(harness());
  connectionId = (await connect(harness(), ws.workspaceId)).id;
});

const member = () => apiClient(harness(), { apiKey: ws.memberKey });
const admin = () => apiClient(harness(), { apiKey: ws.adminKey });
const unique = (title: string) => `${title} ${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;

async function page(body: string, spaceKey = 'ENG', on?: string): Promise<string> {
  const made = written(
    await member().confluence.createPage.mutate({
      spaceKey,
      title: unique('Comment tools'),
      body,
      ...(on === undefined ? {} : { connectionId: on }),
    }),
  );
  return made.id;
}

describe('comment and people tools over tRPC', () => {
  it('inline comment, threads with names, resolve and reopen, people search, mentions by name', async () => {
    const hub = member();
    const { users } = await hub.confluence.searchUsers.query({ query: 'bob' });
    expect(users).toEqual([expect.objectContaining({ accountId: 'acc-bob', displayName: 'Bob Builder' })]);
    const pageId = await page(`Owner ${users[0]?.mention ?? ''}: review the launch checklist.`);

    const read = await hub.confluence.getPage.query({ pageId });
    expect(read.body.value).toContain('[@Bob Builder](confluence-user:acc-bob)');

    const ambiguous = await rejection(
      hub.confluence.addInlineComment.mutate({ pageId, selection: 'e', body: 'x' }),
    );
    expect(ambiguous.data).toMatchObject({ kind: 'EDIT_NOT_APPLICABLE' });
    expect(ambiguous.message).toMatch(/occurs \d+ times/);
    const inline = written(
      await hub.confluence.addInlineComment.mutate({
        pageId,
        selection: 'launch checklist',
        body: 'Which one?',
      }),
    );
    expect(inline).toMatchObject({ matchCount: 1, matchIndex: 0, resolutionStatus: 'open' });
    const footer = written(await hub.confluence.addComment.mutate({ pageId, body: 'Done.' }));

    const threads = await hub.confluence.getComments.query({ pageId });
    expect(threads.comments.map((c) => [c.type, c.id, c.author.displayName])).toEqual([
      ['footer', footer.id, 'Ada Admin'],
      ['inline', inline.id, 'Ada Admin'],
    ]);
    expect(threads.comments[1]?.inlineSelection).toBe('launch checklist');

    expect(await hub.confluence.resolveComment.mutate({ commentId: inline.id })).toMatchObject({
      resolutionStatus: 'resolved',
      changed: true,
    });
    const footerRefused = await rejection(hub.confluence.resolveComment.mutate({ commentId: footer.id }));
    expect(footerRefused.data).toMatchObject({ kind: 'BAD_REQUEST', httpStatus: 400 });
    expect(footerRefused.message).toMatch(/footer comment/);
    expect(
      await hub.confluence.resolveComment.mutate({ commentId: inline.id, resolved: false }),
    ).toMatchObject({
      resolutionStatus: 'reopened',
    });
  });
});

describe('comment and people tools over /mcp', () => {
  it('lists them with annotations and runs them', async () => {
    const client = await mcp.connect(ws.memberKey);
    const listed = new Map((await client.listTools()).tools.map((tool) => [tool.name, tool]));
    expect(listed.get('get_confluence_comments')?.annotations).toMatchObject({ readOnlyHint: true });
    expect(listed.get('search_confluence_users')?.annotations).toMatchObject({ readOnlyHint: true });
    expect(listed.get('add_confluence_inline_comment')?.annotations).toMatchObject({ readOnlyHint: false });
    expect(listed.get('resolve_confluence_comment')?.annotations).toMatchObject({
      readOnlyHint: false,
      idempotentHint: true,
    });

    const pageId = await page('Anchored over MCP here.');
    const inline = structured<{ id: string; dryRun: boolean }>(
      await call(client, 'add_confluence_inline_comment', { pageId, selection: 'over MCP', body: 'Hi' }),
    );
    expect(inline.dryRun).toBe(false);
    const threads = structured<{ comments: { id: string; resolutionStatus: string }[] }>(
      await call(client, 'get_confluence_comments', { pageId, type: 'inline' }),
    );
    expect(threads.comments).toEqual([expect.objectContaining({ id: inline.id, resolutionStatus: 'open' })]);
    expect(
      structured(await call(client, 'resolve_confluence_comment', { commentId: inline.id })),
    ).toMatchObject({ resolutionStatus: 'resolved' });
    const people = structured<{ users: { mention: string }[] }>(
      await call(client, 'search_confluence_users', { query: 'ada' }),
    );
    expect(people.users.map((u) => u.mention)).toEqual(['[@Ada Admin](confluence-user:acc-ada)']);
    const missing = await call(client, 'add_confluence_inline_comment', {
      pageId,
      selection: 'absent',
      body: 'x',
    });
    expect(missing.isError).toBe(true);
    expect(missing._meta?.['integrations-hub/error']).toMatchObject({ kind: 'EDIT_NOT_APPLICABLE' });
  });
});

describe('policy', () => {
  it('a read-only connection reads comments and people but cannot comment inline or resolve', async () => {
    const other = await newWorkspace(harness(), 'Read-only comments');
    const readOnly = (await connect(harness(), other.workspaceId)).id;
    const pageId = await page('Policy text to anchor.');
    const inline = written(
      await member().confluence.addInlineComment.mutate({ pageId, selection: 'anchor', body: 'x' }),
    );
    const otherAdmin = apiClient(harness(), { apiKey: other.adminKey });
    await otherAdmin.integrations.setPolicy.mutate({
      connectionId: readOnly,
      capabilities: ['read', 'search'],
    });
    const hub = apiClient(harness(), { apiKey: other.memberKey });

    const denied = await rejection(
      hub.confluence.addInlineComment.mutate({ pageId, selection: 'anchor', body: 'x' }),
    );
    expect(denied.data).toMatchObject({ kind: 'POLICY_DENIED', httpStatus: 403 });
    expect(
      await hub.tools.invoke.mutate({ name: 'resolve_confluence_comment', input: { commentId: inline.id } }),
    ).toMatchObject({ ok: false, error: { kind: 'POLICY_DENIED' } });
    expect((await hub.confluence.getComments.query({ pageId })).comments.map((c) => c.id)).toEqual([
      inline.id,
    ]);
    expect((await hub.confluence.searchUsers.query({ query: 'ada' })).users).toHaveLength(1);
  });

  it('with a space allow-list, comments of other spaces answer NOT_FOUND; people are site-wide', async () => {
    const pageId = await page('Outside the list, anchor here.');
    const inline = written(
      await member().confluence.addInlineComment.mutate({ pageId, selection: 'anchor here', body: 'x' }),
    );
    await admin().integrations.setPolicy.mutate({ connectionId, allowedSpaceKeys: ['HR'] });
    try {
      const hub = member();
      const refused = [
        () => hub.confluence.getComments.query({ pageId }),
        () => hub.confluence.addInlineComment.mutate({ pageId, selection: 'anchor here', body: 'x' }),
        () => hub.confluence.resolveComment.mutate({ commentId: inline.id }),
      ];
      for (const attempt of refused) {
        expect((await rejection(attempt())).data).toMatchObject({ kind: 'NOT_FOUND' });
      }
      expect((await hub.confluence.searchUsers.query({ query: 'bob' })).users).toHaveLength(1);
    } finally {
      await admin().integrations.setPolicy.mutate({ connectionId, allowedSpaceKeys: null });
    }
    expect(
      (await member().confluence.getComments.query({ pageId })).comments.map((c) => c.resolutionStatus),
    ).toEqual(['open']);
  });
});
