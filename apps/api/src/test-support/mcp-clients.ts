import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, expect } from 'vitest';

import type { ApiHarness } from './api-harness.js';

/**
 * MCP SDK clients on the harness's `/mcp` with an API key, closed after each test: `connect(key)`, then
 * `call(client, tool, args)` for the raw result or `structured(result)` for a successful call's structured content.
 */
export function useMcpClients(harness: () => ApiHarness, name = 'hub-test') {
  const open: Client[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((client) => client.close()));
  });
  return {
    async connect(apiKey: string): Promise<Client> {
      const client = new Client({ name, version: '1.0.0' });
      await client.connect(
        new StreamableHTTPClientTransport(new URL('/mcp', harness().url), {
          requestInit: { headers: { authorization: `Bearer ${apiKey}` } },
        }),
      );
      open.push(client);
      return client;
    },
    call: async (client: Client, tool: string, args: Record<string, unknown>): Promise<CallToolResult> =>
      (await client.callTool({ name: tool, arguments: args })) as CallToolResult,
  };
}

/** A tool call's structured content, after checking it did not fail. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- names the result's shape
export function structured<T = Record<string, unknown>>(result: CallToolResult): T {
  expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
  return result.structuredContent as T;
}
