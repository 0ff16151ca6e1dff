import { cleanup, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import type { Connection } from '../../lib/api-types';
import { connection, minutes, NOW } from '../../test/connection-fixture';
import { ConnectionRow } from './connection-row';
import type { RateBudget } from './rate-budget';

const budget = (overrides: Partial<RateBudget> = {}): RateBudget => ({
  limit: 65_000,
  remaining: 48_211,
  resetAt: minutes(25),
  nearLimit: false,
  state: 'ok',
  readsRefusedUntil: null,
  observedAt: minutes(-0.2),
  ...overrides,
});

function budgetLine(c: Connection) {
  render(
    <ul>
      <ConnectionRow
        connection={c}
        isAdmin
        test={{ status: 'idle' }}
        now={NOW}
        onTest={vi.fn()}
        onSetDefault={vi.fn()}
        onDisconnect={vi.fn()}
      />
    </ul>,
  );
  return screen.getByTestId('rate-budget');
}

describe('the connection card’s rate budget', () => {
  it('plenty left: points of the limit and when the window resets, no badge', () => {
    const line = budgetLine(connection({ rateBudget: budget() }));
    expect(line).toHaveTextContent('48,211 of 65,000 points left');
    expect(line).toHaveTextContent('Tool calls are not held back. The window resets in 25 minutes.');
    expect(within(line).queryByText('Near limit')).toBeNull();
  });

  it('near the limit: a warning that reads are slowed down', () => {
    const line = budgetLine(
      connection({ rateBudget: budget({ remaining: 9_000, nearLimit: true, state: 'near_limit' }) }),
    );
    expect(line).toHaveAttribute('data-state', 'near_limit');
    expect(within(line).getByText('Near limit')).toBeInTheDocument();
    expect(line).toHaveTextContent('9,000 of 65,000 points left');
    expect(line).toHaveTextContent('read tools are slowed down');
  });

  it('down to the reserve: reads held back until the reset, writes keep the rest', () => {
    const line = budgetLine(
      connection({
        rateBudget: budget({
          remaining: 1_200,
          nearLimit: true,
          state: 'reserve',
          readsRefusedUntil: minutes(25),
        }),
      }),
    );
    expect(within(line).getByText('Reads held back')).toBeInTheDocument();
    expect(line).toHaveTextContent('read tools are refused until the window resets in 25 minutes');
    expect(line).toHaveTextContent('kept for writes');
  });

  it('after a 429: blocked, and when reads are allowed again', () => {
    const line = budgetLine(
      connection({ rateBudget: budget({ remaining: 0, state: 'blocked', readsRefusedUntil: minutes(2) }) }),
    );
    expect(within(line).getByText('Blocked')).toBeInTheDocument();
    expect(line).toHaveTextContent('Confluence answered 429');
    expect(line).toHaveTextContent('allowed again in 2 minutes; writes still go through');
  });

  it('a refusal or window that has ended since the list was loaded is shown as over', () => {
    const line = budgetLine(
      connection({
        rateBudget: budget({ state: 'blocked', readsRefusedUntil: minutes(-1), observedAt: minutes(-3) }),
      }),
    );
    expect(within(line).queryByText('Blocked')).toBeNull();
    expect(line).toHaveTextContent('from a window that has ended (seen 3 minutes ago)');
  });

  it('before the first call: not reported yet; a disconnected site shows none', () => {
    expect(budgetLine(connection())).toHaveTextContent('Rate budget: not reported yet');
    cleanup();
    render(
      <ul>
        <ConnectionRow
          connection={connection({ status: 'disconnected', rateBudget: budget() })}
          isAdmin
          test={{ status: 'idle' }}
          now={NOW}
          onTest={vi.fn()}
          onSetDefault={vi.fn()}
          onDisconnect={vi.fn()}
        />
      </ul>,
    );
    expect(screen.queryByTestId('rate-budget')).toBeNull();
  });
});
