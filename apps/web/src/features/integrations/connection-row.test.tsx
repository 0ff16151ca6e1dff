import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import type { Connection } from '../../lib/api-types';
import { connection, minutes, NOW } from '../../test/connection-fixture';
import { ConnectionRow, type TestState } from './connection-row';

function renderRow(c: Connection, options: { isAdmin?: boolean; test?: TestState } = {}) {
  const handlers = { onTest: vi.fn(), onSetDefault: vi.fn(), onDisconnect: vi.fn() };
  render(
    <ul>
      <ConnectionRow
        connection={c}
        isAdmin={options.isAdmin ?? true}
        test={options.test ?? { status: 'idle' }}
        now={NOW}
        {...handlers}
      />
    </ul>,
  );
  return { row: screen.getByRole('listitem', { name: 'Acme connection' }), ...handlers };
}

describe('ConnectionRow', () => {
  it('active: green badge, default marker, token expiry and last refresh, the admin actions', async () => {
    const { row, onTest, onDisconnect } = renderRow(connection());
    const r = within(row);
    expect(row).toHaveAttribute('data-status', 'active');
    expect(r.getByText('Active')).toBeInTheDocument();
    expect(r.getByText('Default')).toBeInTheDocument();
    expect(r.getByText('Expires in 42 minutes')).toBeInTheDocument();
    expect(r.getByText('18 minutes ago')).toBeInTheDocument();
    expect(r.getByText('Ada Admin')).toBeInTheDocument();
    expect(r.getByRole('list', { name: 'Granted scopes' })).toHaveTextContent('write:page:confluence');
    expect(r.queryByTestId('last-error')).toBeNull();
    expect(r.getByRole('link', { name: 'Reconnect' })).toHaveAttribute(
      'href',
      '/oauth/confluence/start?returnTo=%2Fintegrations',
    );
    // Already the default: nothing to set.
    expect(r.queryByRole('button', { name: 'Set as default' })).toBeNull();

    const user = userEvent.setup();
    await user.click(r.getByRole('button', { name: 'Test connection' }));
    await user.click(r.getByRole('button', { name: 'Disconnect' }));
    expect(onTest).toHaveBeenCalledOnce();
    expect(onDisconnect).toHaveBeenCalledOnce();
  });

  it('before the first refresh (the API says none since the consent): "Not yet refreshed", not "just now"', () => {
    const { row } = renderRow(
      connection({ createdAt: minutes(-0.1), consentedAt: minutes(-0.1), lastRefreshedAt: null }),
    );
    const refresh = within(row).getByText('Last refresh').nextElementSibling;
    expect(refresh).toHaveTextContent(/^Not yet refreshed$/);
    expect(within(row).getByText('Connected').nextElementSibling).toHaveTextContent('just now');
  });

  it('needs re-authorization: says tool calls fail until an admin reconnects, shows the last error', () => {
    const { row } = renderRow(
      connection({
        status: 'needs_reauth',
        lastError: 'invalid_grant: refresh token revoked',
        isDefault: false,
      }),
    );
    const r = within(row);
    expect(row).toHaveAttribute('data-status', 'needs_reauth');
    expect(r.getByText('Needs re-authorization')).toBeInTheDocument();
    expect(r.getByText(/Tool calls fail until an admin reconnects it/)).toBeInTheDocument();
    expect(r.getByTestId('last-error')).toHaveTextContent('invalid_grant: refresh token revoked');
    expect(r.getByText('Not used until reconnected')).toBeInTheDocument();
    expect(r.getByRole('link', { name: 'Reconnect' }).className).toContain('bg-indigo-600');
    expect(r.getByRole('button', { name: 'Set as default' })).toBeInTheDocument();
  });

  it('error: a failed refresh with the token expired says calls fail for now and that the hub retries', () => {
    const { row } = renderRow(
      connection({ lastError: 'Atlassian answered 503', accessTokenExpiresAt: minutes(-5) }),
    );
    const r = within(row);
    expect(row).toHaveAttribute('data-status', 'error');
    expect(r.getByText('Error')).toBeInTheDocument();
    expect(r.getByText(/token has expired, so tool calls fail for now/)).toBeInTheDocument();
    expect(r.getByText('Expired 5 minutes ago; renewed on the next call')).toBeInTheDocument();
  });

  it('an expired token with a healthy refresh is still active (renewed on the next call)', () => {
    const { row } = renderRow(connection({ accessTokenExpiresAt: minutes(-2) }));
    expect(row).toHaveAttribute('data-status', 'active');
    expect(within(row).getByText('Expired 2 minutes ago; renewed on the next call')).toBeInTheDocument();
  });

  it('warns about scopes the tools need but the consent did not grant', () => {
    const { row } = renderRow(connection({ missingScopes: ['write:comment:confluence'] }));
    expect(within(row).getByText(/Missing scopes/)).toHaveTextContent('write:comment:confluence');
  });

  it('members can test but not reconnect, change the default or disconnect', () => {
    const { row } = renderRow(connection({ isDefault: false }), { isAdmin: false });
    const r = within(row);
    expect(r.getByRole('button', { name: 'Test connection' })).toBeEnabled();
    expect(r.queryByRole('link', { name: 'Reconnect' })).toBeNull();
    expect(r.queryByRole('button', { name: 'Set as default' })).toBeNull();
    expect(r.queryByRole('button', { name: 'Disconnect' })).toBeNull();
  });

  it('test connection: busy while running, then the latency or the error kind and message', () => {
    const { unmount } = render(<TestStateOf test={{ status: 'pending' }} />);
    expect(screen.getByRole('button', { name: 'Test connection' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Test connection' })).toHaveAttribute('aria-busy', 'true');
    unmount();

    render(
      <TestStateOf
        test={{
          status: 'done',
          result: { ok: true, connectionId: 'conn-1', siteName: 'Acme', latencyMs: 87 },
        }}
      />,
    );
    expect(screen.getByTestId('test-result')).toHaveTextContent(
      'Connection works: Confluence answered in 87 ms.',
    );
  });

  it('test connection failure names the kind and says what to do', () => {
    render(
      <TestStateOf
        test={{
          status: 'done',
          result: {
            ok: false,
            connectionId: 'conn-1',
            latencyMs: 140,
            error: {
              kind: 'NEEDS_REAUTH',
              message:
                'Atlassian refused the refresh token: an admin must reconnect Confluence in Integrations',
              retryable: false,
            },
          },
        }}
      />,
    );
    const result = screen.getByTestId('test-result');
    expect(result).toHaveTextContent('Test failed after 140 ms: NEEDS_REAUTH');
    expect(result).toHaveTextContent('an admin must reconnect Confluence in Integrations');
  });
});

function TestStateOf({ test }: { test: TestState }) {
  return (
    <ul>
      <ConnectionRow
        connection={connection()}
        isAdmin
        test={test}
        now={NOW}
        onTest={vi.fn()}
        onSetDefault={vi.fn()}
        onDisconnect={vi.fn()}
      />
    </ul>
  );
}
