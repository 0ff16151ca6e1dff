import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import type { ActivityItem, ActivityStats } from '../../lib/api-types';
import { renderWithApi } from '../../test/api-harness';
import { catalogManifests } from '../../test/tool-fixture';
import { ToolCallsView } from './tool-calls-view';

const NOW = '2026-03-02T12:00:00.000Z';

function statsFor(byOutcome: Record<string, number>): ActivityStats {
  const total = Object.values(byOutcome).reduce((a, b) => a + b, 0);
  const ok = byOutcome.OK ?? 0;
  return {
    range: '24h',
    bucketMs: 3600_000,
    from: '2026-03-01T13:00:00.000Z',
    to: NOW,
    buckets: [],
    totals: { total, ok, errors: total - ok, byOutcome, p95Ms: 12 },
  };
}

const call = (overrides: Partial<ActivityItem>): ActivityItem => ({
  id: 'a-1',
  at: NOW,
  principal: { kind: 'user', id: 'u-1', name: 'Ada Admin' },
  tool: 'search_confluence_pages',
  connection: { id: 'conn-1', siteName: 'Acme' },
  outcome: 'ok',
  outcomeKind: 'OK',
  durationMs: 205,
  ...overrides,
});

/** The period held a failed search (INVALID_CQL) and reads; any filter narrows what stats and list answer. */
function renderView() {
  return renderWithApi(<ToolCallsView />, {
    'tools.catalog': () => catalogManifests(),
    'integrations.list': () => [],
    'activity.stats': (input) => {
      const { tool, outcome } = input as { tool?: string; outcome?: string };
      if (outcome === 'INVALID_CQL') return statsFor({ INVALID_CQL: 1 });
      if (tool === 'get_confluence_page') return statsFor({ OK: 2 });
      return statsFor({ OK: 2, INVALID_CQL: 1 });
    },
    'activity.list': () => ({
      items: [call({ id: 'a-2', outcome: 'error', outcomeKind: 'INVALID_CQL' }), call({})],
      nextCursor: null,
    }),
  });
}

const outcomeOptions = () =>
  within(screen.getByRole('combobox', { name: 'Outcome' }))
    .getAllByRole('option')
    .map((o) => o.getAttribute('value'));

describe('ToolCallsView', () => {
  it('keeps every outcome of the period in the outcome filter once a filter narrows the rows', async () => {
    renderView();
    const user = userEvent.setup();
    await waitFor(() => expect(outcomeOptions()).toContain('INVALID_CQL'));

    await user.selectOptions(await screen.findByRole('combobox', { name: 'Tool' }), 'get_confluence_page');
    await waitFor(() => expect(screen.getByText(/^2 calls · 0 failures/)).toBeInTheDocument());
    expect(outcomeOptions()).toContain('INVALID_CQL');

    await user.selectOptions(screen.getByRole('combobox', { name: 'Outcome' }), 'INVALID_CQL');
    await waitFor(() => expect(screen.getByText(/^1 call · 1 failure/)).toBeInTheDocument());
    expect(outcomeOptions()).toEqual(expect.arrayContaining(['', 'ok', 'error', 'INVALID_CQL', 'NOT_FOUND']));
  });

  it('says "Succeeded" as the filter does, and names the duration server time', async () => {
    renderView();
    const table = await screen.findByTestId('activity-table');
    const rows = within(table).getAllByTestId('activity-row');
    expect(rows[1]).toHaveTextContent('Succeeded');
    expect(rows[1]).not.toHaveTextContent(/\bOK\b/);
    expect(rows[0]).toHaveTextContent('INVALID_CQL');
    expect(
      within(screen.getByRole('combobox', { name: 'Outcome' })).getByRole('option', { name: 'Succeeded' }),
    ).toBeInTheDocument();

    const header = within(table).getByRole('columnheader', { name: /Server time/ });
    expect(header.querySelector('abbr')).toHaveAttribute(
      'title',
      expect.stringContaining('Time the hub spent on the call'),
    );
    expect(screen.getByText(/tool tester's round trip also counts the network/)).toBeInTheDocument();
    // Tool names come from tools.catalog.
    expect(rows[0]).toHaveTextContent('Search pages');
  });
});
