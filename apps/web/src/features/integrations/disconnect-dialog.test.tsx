import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import type { Connection } from '../../lib/api-types';
import { connection, sandbox } from '../../test/connection-fixture';
import { DisconnectDialog } from './disconnect-dialog';

function renderDialog(c: Connection) {
  const handlers = { onConfirm: vi.fn(), onCancel: vi.fn() };
  render(<DisconnectDialog connection={c} open pending={false} {...handlers} />);
  return { dialog: screen.getByTestId('confirm-disconnect'), ...handlers };
}

describe('DisconnectDialog', () => {
  it('the default: stays the default, calls naming no connection are refused, never moved to another site', async () => {
    const { dialog, onConfirm } = renderDialog(connection());
    expect(dialog).toHaveTextContent('Disconnect Acme?');
    expect(dialog).toHaveTextContent("deletes this site's tokens at once");
    expect(screen.getByTestId('disconnect-consequence')).toHaveTextContent(
      "Acme is the workspace's default connection and stays the default: calls that name no connection are " +
        'refused (NOT_CONNECTED) until you reconnect it or set another default; they never move to another site.',
    );
    await userEvent.setup().click(screen.getByRole('button', { name: 'Disconnect' }));
    expect(onConfirm).toHaveBeenCalledOnce();
  });

  it('another connection: calls naming it get NOT_CONNECTED; calls naming none are not affected', () => {
    renderDialog(sandbox());
    const consequence = screen.getByTestId('disconnect-consequence');
    expect(consequence).toHaveTextContent(
      'Calls that name this connection get NOT_CONNECTED until an admin connects it again.',
    );
    expect(consequence).toHaveTextContent('Calls that name no connection are not affected');
    expect(consequence).not.toHaveTextContent('default connection and stays the default');
  });
});
