import type { Connection } from '../lib/api-types';

/** The fixed "now" of component tests, and a time that many minutes from it. */
export const NOW = Date.parse('2026-03-02T12:00:00Z');
export const minutes = (n: number) => new Date(NOW + n * 60_000).toISOString();

/** An active default connection to Acme, as integrations.list returns it. */
export function connection(overrides: Partial<Connection> = {}): Connection {
  return {
    id: 'conn-1',
    site: { cloudId: '1111', name: 'Acme', url: 'https://acme.atlassian.net' },
    account: { id: 'acc-ada', name: 'Ada Admin', email: 'ada@example.com' },
    scopes: ['read:page:confluence', 'write:page:confluence', 'offline_access'],
    missingScopes: [],
    status: 'active',
    accessTokenExpiresAt: minutes(42),
    lastRefreshedAt: minutes(-18),
    consentedAt: minutes(-120),
    lastError: null,
    isDefault: true,
    policy: { capabilities: ['read', 'search', 'write', 'comment'], allowedSpaceKeys: null },
    rateBudget: null,
    createdAt: minutes(-3 * 24 * 60),
    ...overrides,
  };
}

/** A second, non-default site (what Ada's consent also reaches in demo mode). */
export function sandbox(overrides: Partial<Connection> = {}): Connection {
  return connection({
    id: 'conn-2',
    site: { cloudId: '2222', name: 'Acme Sandbox', url: 'https://acme-sandbox.atlassian.net' },
    isDefault: false,
    ...overrides,
  });
}
