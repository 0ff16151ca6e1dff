import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import type { ToolManifest } from '../../lib/api-types';
import { connection, sandbox } from '../../test/connection-fixture';
import { manifest } from '../../test/tool-fixture';
import { ConfirmWrite } from './confirm-write';
import { writeTarget } from './write-target';

const createPage: ToolManifest = manifest('create_confluence_page', { description: 'Creates a page.' });

function renderConfirm(target: ReturnType<typeof writeTarget>) {
  const handlers = { onConfirm: vi.fn(), onChooseConnection: vi.fn(), onCancel: vi.fn() };
  render(
    <ConfirmWrite
      tool={createPage}
      input={{ spaceKey: 'ENG', title: 'Plan' }}
      target={target}
      {...handlers}
    />,
  );
  return { dialog: screen.getByTestId('confirm-write'), ...handlers };
}

describe('ConfirmWrite', () => {
  it('names the default site and sends its id, so the write lands where the dialog said', async () => {
    const { dialog, onConfirm } = renderConfirm(writeTarget([connection(), sandbox()], ''));
    expect(dialog).toHaveTextContent('This will create a page on Acme (the workspace default).');
    expect(dialog).toHaveTextContent('spaceKeyENG');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Run it' }));
    expect(onConfirm).toHaveBeenCalledWith('conn-1');
  });

  it('a disconnected default: names no site, sends nothing, asks to choose a connection', async () => {
    const { dialog, onConfirm, onChooseConnection } = renderConfirm(
      writeTarget([connection({ status: 'disconnected' }), sandbox()], ''),
    );
    expect(dialog).toHaveTextContent('Choose a connection first');
    expect(dialog).toHaveTextContent('This would create a page, but the call would be refused.');
    expect(dialog).toHaveTextContent('until an admin reconnects it or sets another default');
    expect(dialog).toHaveTextContent('Nothing has been sent.');
    expect(dialog).not.toHaveTextContent('Acme Sandbox');
    expect(screen.queryByRole('button', { name: 'Run it' })).toBeNull();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Choose a connection' }));
    expect(onChooseConnection).toHaveBeenCalledOnce();
    expect(onConfirm).not.toHaveBeenCalled();
  });
});
