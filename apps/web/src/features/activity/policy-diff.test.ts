import { describe, expect, it } from 'vitest';

import type { PolicyChange } from '../../lib/api-types';
import { describePolicyChange } from './policy-diff';

function change(overrides: Partial<PolicyChange>): PolicyChange {
  return {
    id: 'pc-1',
    at: '2026-03-02T12:00:00.000Z',
    by: { kind: 'user', id: 'u-1', name: 'Ada Admin' },
    target: { kind: 'apiKey', id: 'key-1', name: 'support-bot' },
    changes: {},
    ...overrides,
  };
}

describe('describePolicyChange', () => {
  it('a tool list narrowed from all: "tools: All → the names", by whom', () => {
    const described = describePolicyChange(
      change({
        changes: { tools: { from: null, to: ['get_confluence_page', 'search_confluence_pages'] } },
      }),
    );
    expect(described).toEqual({
      headline: 'Changed key “support-bot”',
      lines: ['tools: All → get_confluence_page, search_confluence_pages'],
      actor: 'Ada Admin',
    });
  });

  it('a created key lists what it was created with; fields left out were created unlimited ("All")', () => {
    const described = describePolicyChange(
      change({
        by: { kind: 'system', id: 'cli', name: 'hub CLI' },
        changes: {
          created: { from: null, to: true },
          kind: { from: null, to: 'agent' },
          tools: { from: null, to: ['get_confluence_page'] },
        },
      }),
    );
    expect(described.headline).toBe('Created key “support-bot”');
    expect(described.lines).toEqual(['kind: Agent', 'tools: get_confluence_page', 'connections: All']);
    expect(described.actor).toBe('hub CLI (command line)');
  });

  it('connections by site name where known, the id otherwise; an emptied list is "none"', () => {
    const names: Record<string, string> = { 'conn-1': 'Acme' };
    const described = describePolicyChange(
      change({
        by: { kind: 'apiKey', id: 'k-9', name: 'ops-key' },
        changes: {
          connectionIds: { from: ['conn-1', 'conn-gone'], to: ['conn-1'] },
          tools: { from: ['get_confluence_page'], to: [] },
        },
      }),
      (id) => names[id],
    );
    expect(described.lines).toEqual([
      'tools: get_confluence_page → none',
      'connections: Acme, conn-gone → Acme',
    ]);
    expect(described.actor).toBe('ops-key (API key)');
  });

  it('a connection made read-only and limited to a space, capabilities in words', () => {
    const described = describePolicyChange(
      change({
        target: { kind: 'connection', id: 'conn-1', name: 'Acme' },
        changes: {
          allowedSpaceKeys: { from: null, to: ['ENG'] },
          capabilities: { from: ['read', 'search', 'write', 'comment'], to: ['read', 'search'] },
        },
      }),
    );
    expect(described.headline).toBe('Changed connection “Acme”');
    // Capabilities first, then spaces, whatever order the server sent them in.
    expect(described.lines).toEqual([
      'capabilities: Read, Search, Write pages, Comment → Read, Search',
      'spaces: All → ENG',
    ]);
  });

  it('a field this panel does not know is still shown, by its own name', () => {
    const described = describePolicyChange(change({ changes: { rateLimit: { from: 10, to: 20 } } }));
    expect(described.lines).toEqual(['rateLimit: 10 → 20']);
  });
});
