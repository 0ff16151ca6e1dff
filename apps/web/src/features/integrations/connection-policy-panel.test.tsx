import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import type { Connection } from '../../lib/api-types';
import { connection } from '../../test/connection-fixture';
import { catalogTools } from '../../test/tool-fixture';
import { ConnectionPolicyPanel, type PolicySaveState } from './connection-policy-panel';

function renderPanel(
  c: Connection = connection(),
  options: { isAdmin?: boolean; state?: PolicySaveState; error?: unknown } = {},
) {
  const onSave = vi.fn(() => Promise.resolve(true));
  render(
    <ConnectionPolicyPanel
      connection={c}
      tools={catalogTools()}
      isAdmin={options.isAdmin ?? true}
      state={options.state ?? 'idle'}
      error={options.error ?? null}
      onSave={onSave}
    />,
  );
  return { panel: screen.getByTestId('connection-policy'), onSave, user: userEvent.setup() };
}

const readOnly = (allowedSpaceKeys: string[] | null = null) =>
  connection({ policy: { capabilities: ['read', 'search'], allowedSpaceKeys } });

describe('ConnectionPolicyPanel', () => {
  it('a switch saves the capabilities without the one switched off', async () => {
    const { panel, onSave, user } = renderPanel();
    const write = within(panel).getByRole('switch', { name: 'Write pages' });
    expect(write).toHaveAttribute('aria-checked', 'true');
    const writers = catalogTools().filter((t) => t.capability === 'write');
    expect(write).toHaveAccessibleDescription(writers.map((t) => t.title).join(', '));
    expect(writers.map((t) => t.title)).toEqual(expect.arrayContaining(['Create a page', 'Move a page']));
    await user.click(write);
    expect(onSave).toHaveBeenCalledWith({ capabilities: ['read', 'search', 'comment'] });
  });

  it('Delete pages is off by default with a warning; turning it on saves it and says so', async () => {
    const { panel, onSave, user } = renderPanel();
    const remove = within(panel).getByRole('switch', { name: 'Delete pages' });
    expect(remove).toHaveAttribute('aria-checked', 'false');
    expect(remove).toHaveAccessibleDescription(
      /^Delete a page\. Off by default\. When on, agents can move pages to the trash/,
    );
    expect(within(panel).queryByTestId('delete-warning')).toBeNull();
    await user.click(remove);
    expect(onSave).toHaveBeenCalledWith({ capabilities: ['read', 'search', 'write', 'comment', 'delete'] });
  });

  it('a connection that allows deleting says so in the summary and in a warning', () => {
    const { panel } = renderPanel(
      connection({
        policy: { capabilities: ['read', 'search', 'write', 'comment', 'delete'], allowedSpaceKeys: null },
      }),
    );
    expect(within(panel).getByRole('switch', { name: 'Delete pages' })).toHaveAttribute(
      'aria-checked',
      'true',
    );
    expect(within(panel).getByTestId('delete-warning')).toHaveTextContent(
      'agents can move pages of this site to the trash',
    );
    expect(within(panel).getByTestId('capability-summary')).toHaveTextContent('They can also delete pages');
  });

  it('says what a read-only connection means', () => {
    const { panel } = renderPanel(readOnly());
    expect(within(panel).getByTestId('capability-summary')).toHaveTextContent(
      'Read-only: agents can read and search but not change pages.',
    );
    expect(within(panel).getByRole('switch', { name: 'Comment' })).toHaveAttribute('aria-checked', 'false');
  });

  it('limits to a space: refuses a malformed key, saves a good one and clears the input', async () => {
    const { panel, onSave, user } = renderPanel();
    const p = within(panel);
    expect(p.getByTestId('spaces-summary')).toHaveTextContent('Every space');
    expect(p.queryByRole('textbox')).toBeNull();
    await user.click(p.getByRole('radio', { name: 'Only these spaces' }));
    const input = p.getByRole('textbox', { name: 'Space key to allow' });
    await user.type(input, 'EN G');
    await user.click(p.getByRole('button', { name: 'Add' }));
    expect(p.getByRole('alert')).toHaveTextContent('letters, digits');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(onSave).not.toHaveBeenCalled();

    await user.clear(input);
    await user.type(input, 'ENG{Enter}');
    expect(onSave).toHaveBeenCalledWith({ allowedSpaceKeys: ['ENG'] });
    await vi.waitFor(() => expect(input).toHaveValue(''));
  });

  it('never empties the list: removing the last key says to choose All spaces; All spaces saves null', async () => {
    const { panel, onSave, user } = renderPanel(readOnly(['ENG']));
    const p = within(panel);
    expect(p.getByRole('list', { name: 'Allowed spaces' })).toHaveTextContent('ENG');
    await user.click(p.getByRole('button', { name: 'Remove ENG' }));
    expect(p.getByRole('alert')).toHaveTextContent('needs at least one space');
    expect(onSave).not.toHaveBeenCalled();
    await user.click(p.getByRole('radio', { name: 'All spaces' }));
    expect(onSave).toHaveBeenCalledWith({ allowedSpaceKeys: null });
  });

  it('removes one key of several', async () => {
    const { panel, onSave, user } = renderPanel(readOnly(['ENG', 'OPS']));
    await user.click(within(panel).getByRole('button', { name: 'Remove ENG' }));
    expect(onSave).toHaveBeenCalledWith({ allowedSpaceKeys: ['OPS'] });
  });

  it('members see the policy read-only', () => {
    const { panel } = renderPanel(readOnly(['ENG']), { isAdmin: false });
    const p = within(panel);
    for (const toggle of p.getAllByRole('switch')) expect(toggle).toBeDisabled();
    expect(p.queryByRole('radio')).toBeNull();
    expect(p.queryByRole('button', { name: 'Remove ENG' })).toBeNull();
    expect(p.queryByRole('textbox')).toBeNull();
    expect(p.getByTestId('spaces-summary')).toHaveTextContent('Only ENG');
    expect(p.getByText('Only workspace admins change this.')).toBeInTheDocument();
  });

  it('pending says so and disables the controls', () => {
    const { panel } = renderPanel(connection(), { state: 'pending' });
    expect(within(panel).getByTestId('policy-state')).toHaveTextContent('Saving…');
    for (const toggle of within(panel).getAllByRole('switch')) expect(toggle).toBeDisabled();
  });

  it('a failed save shows what the server said', () => {
    const { panel } = renderPanel(connection(), {
      state: 'failed',
      error: new Error('Confluence connection not found'),
    });
    expect(within(panel).getByRole('alert')).toHaveTextContent('Confluence connection not found');
  });
});
