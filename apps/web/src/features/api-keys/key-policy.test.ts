import { describe, expect, it } from 'vitest';

import { connection, sandbox } from '../../test/connection-fixture';
import { connectionNames, mcpConfig, policyErrors, samePolicy, toolsSummary } from './key-policy';

describe('key policy helpers', () => {
  it('the MCP configuration points at <origin>/mcp with the key as a bearer token', () => {
    expect(JSON.parse(mcpConfig('https://hub.example.com', 'hub_abc'))).toEqual({
      mcpServers: {
        confluence: {
          type: 'http',
          url: 'https://hub.example.com/mcp',
          headers: { Authorization: 'Bearer hub_abc' },
        },
      },
    });
  });

  it('a chosen list must name something', () => {
    expect(policyErrors({ kind: 'agent', tools: null, connectionIds: null })).toEqual({});
    expect(policyErrors({ kind: 'agent', tools: [], connectionIds: [] })).toEqual({
      tools: 'Choose at least one tool, or allow all tools.',
      connectionIds: 'Choose at least one connection, or allow all connections.',
    });
  });

  it('compares lists as sets', () => {
    const a = {
      kind: 'agent' as const,
      tools: ['get_confluence_page' as const, 'search_confluence_pages' as const],
      connectionIds: null,
    };
    expect(samePolicy(a, { ...a, tools: ['search_confluence_pages', 'get_confluence_page'] })).toBe(true);
    expect(samePolicy(a, { ...a, tools: null })).toBe(false);
    expect(samePolicy(a, { ...a, kind: 'service' })).toBe(false);
  });

  it('summarises tools and names connections', () => {
    expect(toolsSummary(null)).toBe('All tools');
    expect(toolsSummary(['get_confluence_page'])).toBe('1 tool');
    expect(toolsSummary(['a', 'b', 'c'])).toBe('3 tools');
    expect(connectionNames(null, [])).toBeNull();
    expect(connectionNames(['conn-2', 'conn-x'], [connection(), sandbox()])).toEqual([
      'Acme Sandbox',
      'conn-x',
    ]);
  });
});
