import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import type { ApiKey } from '../../lib/api-types';
import { connection, sandbox } from '../../test/connection-fixture';
import { catalogTools } from '../../test/tool-fixture';
import { EditPolicyDialog } from './edit-policy-dialog';

const agentKey: ApiKey = {
  id: 'key-1',
  name: 'support-bot',
  start: 'hub_abcd',
  role: 'member',
  createdAt: '2026-03-01T12:00:00.000Z',
  lastUsedAt: null,
  expiresAt: null,
  revokedAt: null,
  policy: {
    kind: 'agent',
    tools: ['get_confluence_page', 'search_confluence_pages'],
    connectionIds: ['conn-1'],
  },
};

function renderDialog(options: { pending?: boolean; error?: unknown } = {}) {
  const handlers = { onSave: vi.fn(), onCancel: vi.fn() };
  render(
    <EditPolicyDialog
      apiKey={agentKey}
      tools={catalogTools()}
      connections={[connection(), sandbox()]}
      pending={options.pending ?? false}
      error={options.error ?? null}
      {...handlers}
    />,
  );
  return { dialog: within(screen.getByTestId('edit-key-policy')), user: userEvent.setup(), ...handlers };
}

describe('EditPolicyDialog', () => {
  it("opens on the key's policy; Save stays off until something changes, then sends the whole policy", async () => {
    const { dialog, user, onSave } = renderDialog();
    expect(dialog.getByRole('radio', { name: 'Agent' })).toBeChecked();
    expect(dialog.getByRole('checkbox', { name: /^Read a page/ })).toBeChecked();
    expect(dialog.getByRole('checkbox', { name: /^Create a page/ })).not.toBeChecked();
    expect(dialog.getByRole('checkbox', { name: /^Acme Sandbox/ })).not.toBeChecked();
    const save = dialog.getByRole('button', { name: 'Save access' });
    expect(save).toBeDisabled();

    await user.click(dialog.getByRole('checkbox', { name: /^List spaces/ }));
    await user.click(dialog.getByRole('radio', { name: 'All connections' }));
    await user.click(save);
    expect(onSave).toHaveBeenCalledWith({
      kind: 'agent',
      tools: ['get_confluence_spaces', 'get_confluence_page', 'search_confluence_pages'],
      connectionIds: null,
    });
  });

  it('an emptied tool list cannot be saved', async () => {
    const { dialog, user, onSave } = renderDialog();
    await user.click(dialog.getByRole('checkbox', { name: /^Read a page/ }));
    await user.click(dialog.getByRole('checkbox', { name: /^Search pages/ }));
    expect(dialog.getByRole('alert')).toHaveTextContent('Choose at least one tool');
    expect(dialog.getByRole('button', { name: 'Save access' })).toBeDisabled();
    expect(onSave).not.toHaveBeenCalled();
  });

  it("while saving the controls are disabled; a refusal shows the server's message", () => {
    const { dialog } = renderDialog({
      pending: true,
      error: new Error(
        'Connection conn-9 not found in this workspace; see integrations.list for its connections.',
      ),
    });
    expect(dialog.getByRole('checkbox', { name: /^Read a page/ })).toBeDisabled();
    expect(dialog.getByRole('button', { name: 'Save access' })).toHaveAttribute('aria-busy', 'true');
    expect(dialog.getByRole('alert')).toHaveTextContent('Connection conn-9 not found in this workspace');
  });
});
