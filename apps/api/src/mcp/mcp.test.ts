// /mcp through the official SDK client over real HTTP, against the emulator: the same tools, gate and errors as
// tRPC, authenticated with API keys.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { confluenceTools, DEFAULT_CAPABILITIES } from '@hub/confluence';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import { useTestDatabase } from '../test-support/database.js';
import {
  apiClient,
  connect,
  newWorkspace,
  signInOverHttp,
  useApiHarness,
  type TestWorkspace,
} from '../test-support/api-harness.js';

const t = useTestDatabase();
const harness = useApiHarness(t);
let ws: TestWorkspace;
let connectionId: string;
const open: Client[] = [];

beforeAll(async () => {
  ws = await newWorkspace(harness());
  connectionId = (await connect(harness(), ws.workspaceId)).id;
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((client) => client.close()));
});

/** An SDK client on `/mcp` of `url` with the key, connected (initialize done). */
async function mcpClient(apiKey: string, url = harness().url): Promise<Client> {
  const client = new Client({ name: 'hub-test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL('/mcp', url), {
    requestInit: { headers: { authorization: `Bearer ${apiKey}` } },
  });
  await client.connect(transport);
  open.push(client);
  return client;
}

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- names the result's shape
const structured = <T = Record<string, unknown>>(result: CallToolResult): T => {
  expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
  return result.structuredContent as T;
};

const errorOf = (result: CallToolResult) => {
  expect(result.isError).toBe(true);
  const text = (result.content[0] as { text: string }).text;
  return { text, error: result._meta?.['integrations-hub/error'] as { kind: string; message: string } };
};

describe('/mcp with the SDK client', () => {
  it('initializes and lists the tools with schemas and annotations from the registry', async () => {
    const client = await mcpClient(ws.memberKey);
    expect(client.getServerVersion()?.name).toBe('integrations-hub');
    expect(client.getInstructions()).toMatch(/get_confluence_page/);
    const { tools } = await client.listTools();
    // Every tool a new connection allows: not those of the off-by-default `delete` capability.
    const allowed: readonly string[] = DEFAULT_CAPABILITIES;
    expect(tools.map((tool) => tool.name)).toEqual(
      confluenceTools.filter((tool) => allowed.includes(tool.capability)).map((tool) => tool.name),
    );
    const byName = new Map(tools.map((tool) => [tool.name, tool]));
    expect(byName.get('get_confluence_page')?.annotations).toMatchObject({
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
    });
    expect(byName.get('update_confluence_page')?.annotations).toMatchObject({
      readOnlyHint: false,
      destructiveHint: true,
    });
    for (const tool of tools) {
      expect(tool.title).toBeTruthy();
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.outputSchema?.type).toBe('object');
      expect(Object.keys(tool.inputSchema.properties ?? {})).toContain('connectionId');
    }
  });

  it('calls every tool, with structured results the SDK validates against the output schemas', async () => {
    const client = await mcpClient(ws.memberKey);
    await client.listTools();
    const spaces = structured<{ spaces: { key: string }[] }>(
      (await client.callTool({ name: 'get_confluence_spaces', arguments: {} })) as CallToolResult,
    );
    expect(spaces.spaces.map((s) => s.key)).toContain('ENG');
    const pages = structured<{ pages: { id: string }[] }>(
      (await client.callTool({
        name: 'get_confluence_space_pages',
        arguments: { spaceKey: 'ENG', limit: 5, connectionId },
      })) as CallToolResult,
    );
    const pageId = pages.pages[0]?.id ?? '';
    const page = structured<{ version: { number: number } }>(
      (await client.callTool({ name: 'get_confluence_page', arguments: { pageId } })) as CallToolResult,
    );
    const found = structured<{ results: unknown[] }>(
      (await client.callTool({
        name: 'search_confluence_pages',
        arguments: { spaceKeys: ['ENG'], text: 'the' },
      })) as CallToolResult,
    );
    expect(found.results.length).toBeGreaterThan(0);
    const created = structured<{ id: string; version: number }>(
      (await client.callTool({
        name: 'create_confluence_page',
        arguments: {
          spaceKey: 'ENG',
          title: `Made over MCP ${Date.now()}`,
          body: '# Hello\n\nfrom an agent',
        },
      })) as CallToolResult,
    );
    const updated = structured<{ version: number }>(
      (await client.callTool({
        name: 'update_confluence_page',
        arguments: { pageId: created.id, version: created.version, body: 'changed' },
      })) as CallToolResult,
    );
    expect(updated.version).toBe(created.version + 1);
    const comment = structured<{ id: string }>(
      (await client.callTool({
        name: 'add_confluence_comment',
        arguments: { pageId, body: 'Looks good' },
      })) as CallToolResult,
    );
    expect(comment.id).toBeTruthy();
    expect(page.version.number).toBeGreaterThan(0);
    const labelled = structured<{ labels: string[] }>(
      (await client.callTool({
        name: 'add_confluence_labels',
        arguments: { pageId: created.id, labels: ['mcp', 'agent'] },
      })) as CallToolResult,
    );
    expect(labelled.labels).toEqual(['mcp', 'agent']);
    const unlabelled = structured<{ labels: string[] }>(
      (await client.callTool({
        name: 'remove_confluence_label',
        arguments: { pageId: created.id, label: 'agent' },
      })) as CallToolResult,
    );
    expect(unlabelled.labels).toEqual(['mcp']);

    // Recorded in the activity log like any other call.
    await harness().activity.flush();
    const activity = await apiClient(harness(), { apiKey: ws.adminKey }).activity.list.query({ limit: 50 });
    const tools = new Set(activity.items.map((row) => row.tool));
    // The tools called above (the newer ones have their own end-to-end files).
    const called = [
      'get_confluence_spaces',
      'get_confluence_space_pages',
      'get_confluence_page',
      'search_confluence_pages',
      'create_confluence_page',
      'update_confluence_page',
      'add_confluence_comment',
      'add_confluence_labels',
      'remove_confluence_label',
    ];
    for (const name of called) expect(tools, name).toContain(name);
  });

  it('answers tool failures as tool errors with the kind and message, protocol misuse as protocol errors', async () => {
    const client = await mcpClient(ws.memberKey);
    const missing = errorOf(
      (await client.callTool({
        name: 'get_confluence_page',
        arguments: { pageId: '99999999' },
      })) as CallToolResult,
    );
    expect(missing.error.kind).toBe('NOT_FOUND');
    expect(missing.text).toMatch(/^NOT_FOUND: /);
    const invalid = errorOf(
      (await client.callTool({
        name: 'update_confluence_page',
        arguments: { pageId: '1' },
      })) as CallToolResult,
    );
    expect(invalid.error.kind).toBe('BAD_REQUEST');
    expect(invalid.text).toMatch(/version/);
    const nul = errorOf(
      (await client.callTool({
        name: 'get_confluence_page',
        arguments: { pageId: 'a\u0000b' },
      })) as CallToolResult,
    );
    expect(nul.error.kind).toBe('BAD_REQUEST');

    await expect(client.callTool({ name: 'delete_everything', arguments: {} })).rejects.toThrow(
      /Unknown tool/,
    );

    // A workspace with no connection: the message says where to connect.
    const lonely = await newWorkspace(harness(), 'No Confluence yet');
    const other = await mcpClient(lonely.memberKey);
    const notConnected = errorOf(
      (await other.callTool({ name: 'get_confluence_spaces', arguments: {} })) as CallToolResult,
    );
    expect(notConnected.error.kind).toBe('NOT_CONNECTED');
    expect(notConnected.text).toMatch(/Integrations/);
  });

  it('refuses missing, wrong and revoked keys with 401, and other methods with 405, never a 500', async () => {
    const url = `${harness().url}/mcp`;
    const initialize = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
    });
    const post = (headers: Record<string, string>, body = initialize) =>
      fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...headers,
        },
        body,
      });
    const none = await post({});
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(((await none.json()) as { error: { message: string } }).error.message).toMatch(/API keys/);
    expect((await post({ authorization: 'Bearer hub_nope' })).status).toBe(401);
    // A session cookie is not an agent's credential: a real one, which /trpc accepts, is refused here.
    const cookie = await signInOverHttp(harness(), ws.admin.email, ws.admin.password);
    expect((await apiClient(harness(), { cookie }).session.me.query()).principal.kind).toBe('user');
    expect((await post({ cookie })).status).toBe(401);

    const hub = apiClient(harness(), { apiKey: ws.adminKey });
    const { key, apiKey } = await hub.apiKeys.create.mutate({ name: 'soon revoked', kind: 'agent' });
    const client = await mcpClient(key);
    await client.listTools();
    await hub.apiKeys.revoke.mutate({ id: apiKey.id });
    await expect(client.listTools()).rejects.toThrow(/401|invalid, expired or revoked/);

    expect((await fetch(url)).status).toBe(405);
    expect((await fetch(url, { method: 'DELETE' })).status).toBe(405);
    const auth = { authorization: `Bearer ${ws.memberKey}` };
    expect((await post(auth, '{"jsonrpc": "2.0", ')).status).toBe(400);
    const notJson = await fetch(url, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'text/plain' },
      body: 'x',
    });
    expect(notJson.status).toBe(415);
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    expect((await post(auth, deep)).status).toBe(400);
    const notRpc = await post(auth, JSON.stringify({ hello: 'world' }));
    expect(notRpc.status).toBeGreaterThanOrEqual(400);
    expect(notRpc.status).toBeLessThan(500);
  });
});

describe('policy on /mcp, tRPC and tools.invoke alike', () => {
  it('a key with a tool list sees and calls only those tools', async () => {
    const admin = apiClient(harness(), { apiKey: ws.adminKey });
    const { key } = await admin.apiKeys.create.mutate({
      name: 'reading agent',
      kind: 'agent',
      tools: ['get_confluence_page', 'search_confluence_pages'],
    });
    const client = await mcpClient(key);
    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual([
      'get_confluence_page',
      'search_confluence_pages',
    ]);
    const refused = errorOf(
      (await client.callTool({
        name: 'create_confluence_page',
        arguments: { spaceKey: 'ENG', title: 'Nope', body: 'x' },
      })) as CallToolResult,
    );
    expect(refused.error.kind).toBe('FORBIDDEN_TOOL');
    expect(refused.text).toMatch(/create_confluence_page.*tool list.*admin/);

    const trpc = apiClient(harness(), { apiKey: key });
    expect((await trpc.tools.list.query()).map((tool) => tool.name)).toEqual([
      'get_confluence_page',
      'search_confluence_pages',
    ]);
    const invoked = await trpc.tools.invoke.mutate({ name: 'get_confluence_spaces', input: {} });
    expect(invoked).toMatchObject({ ok: false, error: { kind: 'FORBIDDEN_TOOL' } });
    await expect(trpc.confluence.getSpaces.query({})).rejects.toMatchObject({
      data: { kind: 'FORBIDDEN_TOOL', httpStatus: 403 },
    });
  });
});
