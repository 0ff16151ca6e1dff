// The attachment and version tools through the Hub: typed tRPC procedures and /mcp with an API key, the
// configured attachment limit, and the connection policy (read-only connections, space allow-lists).
import { written } from '@hub/confluence';
import { ACME_CLOUD_ID } from '@hub/confluence-emulator';
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
/** 64 KB: small enough to cross in a test, as ATTACHMENT_MAX_BYTES would set it. */
const LIMIT = 64 * 1024;
const harness = useApiHarness(t, { vault: { attachmentMaxBytes: LIMIT } });
let ws: TestWorkspace;
let connectionId: string;
let pageId: string;
const mcp = useMcpClients(harness);

beforeAll(async () => {
  ws = await newWorkspace(harness());
  connectionId = (await connect(harness(), ws.workspaceId)).id;
  const hub = apiClient(harness(), { apiKey: ws.memberKey });
  pageId = written(
    await hub.confluence.createPage.mutate({ spaceKey: 'ENG', title: `Files ${Date.now()}`, body: 'one' }),
  ).id;
});

const hub = () => apiClient(harness(), { apiKey: ws.memberKey });
const admin = () => apiClient(harness(), { apiKey: ws.adminKey });

describe('attachments over tRPC', () => {
  it('uploads, lists and reads back; a second upload of the name is version 2', async () => {
    const stored = written(
      await hub().confluence.uploadAttachment.mutate({ pageId, fileName: 'trpc.csv', content: 'a,b\n1,2\n' }),
    );
    expect(stored).toMatchObject({ version: 1, mediaType: 'text/csv', fileSize: 8 });
    const again = written(
      await hub().confluence.uploadAttachment.mutate({ pageId, fileName: 'trpc.csv', content: 'a,b\n3,4\n' }),
    );
    expect(again).toMatchObject({ id: stored.id, version: 2 });
    const listed = await hub().confluence.getAttachments.query({ pageId, filename: 'trpc.csv' });
    expect(listed.attachments.map((a) => [a.id, a.version])).toEqual([[stored.id, 2]]);
    expect(await hub().confluence.getAttachment.query({ attachmentId: stored.id, version: 1 })).toMatchObject(
      {
        encoding: 'text',
        content: 'a,b\n1,2\n',
      },
    );
  });

  it('ATTACHMENT_MAX_BYTES reaches the client: over it, PAYLOAD_TOO_LARGE (413) for a read and an upload', async () => {
    const big = 'x'.repeat(LIMIT + 1);
    const refused = await rejection(
      hub().confluence.uploadAttachment.mutate({ pageId, fileName: 'big.txt', content: big }),
    );
    expect(refused.data).toMatchObject({ kind: 'PAYLOAD_TOO_LARGE', httpStatus: 413 });
    expect(refused.message).toMatch(/65537 bytes.*65536 bytes.*ATTACHMENT_MAX_BYTES/);
    // A file put there by someone else (straight to the emulator's API) is refused on read, never buffered.
    const direct = await harness().emu.control.issueTokens({ accountId: 'acc-ada' });
    const form = new FormData();
    form.append('file', new Blob([big], { type: 'text/plain' }), 'outside.txt');
    form.append('minorEdit', 'false');
    const res = await fetch(
      `${harness().emu.url}/ex/confluence/${ACME_CLOUD_ID}/wiki/rest/api/content/${pageId}/child/attachment`,
      {
        method: 'PUT',
        headers: { authorization: `Bearer ${direct.access_token}`, 'x-atlassian-token': 'no-check' },
        body: form,
      },
    );
    expect(res.status).toBe(200);
    const id = ((await res.json()) as { results: { id: string }[] }).results[0]?.id ?? '';
    const read = await rejection(hub().confluence.getAttachment.query({ attachmentId: id }));
    expect(read.data).toMatchObject({ kind: 'PAYLOAD_TOO_LARGE', httpStatus: 413 });
  });
});

describe('versions over tRPC', () => {
  it('lists, reads, diffs and restores against the version read; a stale one is a 409', async () => {
    const page = written(
      await hub().confluence.createPage.mutate({
        spaceKey: 'ENG',
        title: `History ${Date.now()}`,
        body: 'first',
      }),
    );
    written(await hub().confluence.updatePage.mutate({ pageId: page.id, version: 1, body: 'second' }));
    const history = await hub().confluence.getPageVersions.query({ pageId: page.id });
    expect(history.versions.map((v) => v.number)).toEqual([2, 1]);
    expect((await hub().confluence.getPageVersion.query({ pageId: page.id, version: 1 })).body.value).toBe(
      'first\n',
    );
    const diff = await hub().confluence.diffPageVersions.query({ pageId: page.id, from: 1 });
    expect(diff.diff).toContain('-first');
    expect(diff.diff).toContain('+second');
    const stale = await rejection(
      hub().confluence.restorePageVersion.mutate({ pageId: page.id, version: 1, currentVersion: 1 }),
    );
    expect(stale.data).toMatchObject({ kind: 'VERSION_CONFLICT', httpStatus: 409, currentVersion: 2 });
    const restored = written(
      await hub().confluence.restorePageVersion.mutate({ pageId: page.id, version: 1, currentVersion: 2 }),
    );
    expect(restored).toMatchObject({ version: 3, restoredFrom: 1 });
  });
});

describe('the same tools through /mcp', () => {
  it('lists them with annotations and runs an upload, a read and the history', async () => {
    const client = await mcp.connect(ws.memberKey);
    const tools = new Map((await client.listTools()).tools.map((tool) => [tool.name, tool]));
    expect(tools.get('get_confluence_attachment')?.annotations).toMatchObject({ readOnlyHint: true });
    expect(tools.get('restore_confluence_page_version')?.annotations).toMatchObject({
      readOnlyHint: false,
      destructiveHint: true,
    });
    expect(tools.get('upload_confluence_attachment')?.annotations).toMatchObject({ destructiveHint: false });
    const stored = structured<{ id: string; version: number }>(
      await mcp.call(client, 'upload_confluence_attachment', {
        pageId,
        fileName: 'mcp.bin',
        content: Buffer.from([9, 8, 7]).toString('base64'),
        encoding: 'base64',
      }),
    );
    const read = structured<{ encoding: string; content: string }>(
      await mcp.call(client, 'get_confluence_attachment', { attachmentId: stored.id }),
    );
    expect(read).toMatchObject({ encoding: 'base64', content: Buffer.from([9, 8, 7]).toString('base64') });
    const history = structured<{ versions: { number: number }[] }>(
      await mcp.call(client, 'get_confluence_page_versions', { pageId }),
    );
    expect(history.versions[0]?.number).toBeGreaterThanOrEqual(1);
    const listed = structured<{ attachments: { id: string; title: string }[] }>(
      await mcp.call(client, 'get_confluence_attachments', { pageId, filename: 'mcp.bin' }),
    );
    expect(listed.attachments.map((a) => a.id)).toEqual([stored.id]);
  });

  it('reads a past version, diffs two and restores one', async () => {
    const client = await mcp.connect(ws.memberKey);
    const call = async <T>(name: string, args: Record<string, unknown>): Promise<T> =>
      structured<T>(await mcp.call(client, name, args));
    const page = written(
      await hub().confluence.createPage.mutate({
        spaceKey: 'ENG',
        title: `MCP history ${Date.now()}`,
        body: 'old',
      }),
    );
    written(await hub().confluence.updatePage.mutate({ pageId: page.id, version: 1, body: 'new' }));
    const past = await call<{ body: { value: string } }>('get_confluence_page_version', {
      pageId: page.id,
      version: 1,
    });
    expect(past.body.value).toBe('old\n');
    const diff = await call<{ diff: string }>('diff_confluence_page_versions', { pageId: page.id, from: 1 });
    expect(diff.diff).toContain('-old');
    expect(diff.diff).toContain('+new');
    const restored = await call<{ version: number; restoredFrom: number }>(
      'restore_confluence_page_version',
      {
        pageId: page.id,
        version: 1,
        currentVersion: 2,
      },
    );
    expect(restored).toMatchObject({ version: 3, restoredFrom: 1 });
    const now = await hub().confluence.getPage.query({ pageId: page.id });
    expect(now.body.value).toBe('old\n');
  });
});

describe('policy', () => {
  it('a read-only connection lists and reads but may not upload or restore (POLICY_DENIED)', async () => {
    await admin().integrations.setPolicy.mutate({ connectionId, capabilities: ['read', 'search'] });
    try {
      const upload = await hub().tools.invoke.mutate({
        name: 'upload_confluence_attachment',
        input: { pageId, fileName: 'no.txt', content: 'no', connectionId },
      });
      expect(upload).toMatchObject({ ok: false, error: { kind: 'POLICY_DENIED' } });
      const restore = await rejection(
        hub().confluence.restorePageVersion.mutate({ pageId, version: 1, currentVersion: 2, connectionId }),
      );
      expect(restore.data).toMatchObject({ kind: 'POLICY_DENIED', httpStatus: 403 });
      await expect(hub().confluence.getAttachments.query({ pageId, connectionId })).resolves.toBeDefined();
      await expect(hub().confluence.getPageVersions.query({ pageId, connectionId })).resolves.toBeDefined();
    } finally {
      await admin().integrations.setPolicy.mutate({
        connectionId,
        capabilities: ['read', 'search', 'write', 'comment'],
      });
    }
  });

  it('a space allow-list hides attachments and history of pages outside it, as NOT_FOUND', async () => {
    await admin().integrations.setPolicy.mutate({ connectionId, allowedSpaceKeys: ['HR'] });
    try {
      for (const call of [
        () => hub().confluence.getAttachments.query({ pageId }),
        () => hub().confluence.getPageVersions.query({ pageId }),
        () => hub().confluence.uploadAttachment.mutate({ pageId, fileName: 'hidden.txt', content: 'x' }),
      ]) {
        expect((await rejection(call())).data).toMatchObject({ kind: 'NOT_FOUND' });
      }
    } finally {
      await admin().integrations.setPolicy.mutate({ connectionId, allowedSpaceKeys: null });
    }
  });
});
