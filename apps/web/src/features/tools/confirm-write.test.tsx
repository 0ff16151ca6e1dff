import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import type { ToolManifest, ToolName } from '../../lib/api-types';
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
    await userEvent.setup().click(screen.getByRole('button', { name: 'Create page' }));
    expect(onConfirm).toHaveBeenCalledWith('conn-1');
  });

  it('asks in words per tool: "Create this page in Confluence?", not "Run create a page?"', () => {
    const asked = (name: ToolName, input: Record<string, unknown>) => {
      const { unmount } = render(
        <ConfirmWrite
          tool={manifest(name)}
          input={input}
          target={writeTarget([connection()], '')}
          onConfirm={vi.fn()}
          onChooseConnection={vi.fn()}
          onCancel={vi.fn()}
        />,
      );
      const dialog = screen.getByTestId('confirm-write');
      const answer = [
        within(dialog).getByRole('heading').textContent,
        within(dialog).getAllByRole('button').at(-1)?.textContent,
      ];
      unmount();
      return answer;
    };
    expect(asked('create_confluence_page', { title: 'Plan' })).toEqual([
      'Create this page in Confluence?',
      'Create page',
    ]);
    expect(asked('update_confluence_page', { pageId: '7', version: 3 })).toEqual([
      'Update this page in Confluence?',
      'Update page',
    ]);
    expect(asked('add_confluence_comment', { pageId: '7', body: 'Hi' })).toEqual([
      'Post this comment in Confluence?',
      'Post comment',
    ]);
    expect(asked('add_confluence_comment', { parentCommentId: '9', body: 'Thanks' })).toEqual([
      'Post this reply in Confluence?',
      'Post reply',
    ]);
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
    expect(screen.queryByRole('button', { name: 'Create page' })).toBeNull();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Choose a connection' }));
    expect(onChooseConnection).toHaveBeenCalledOnce();
    expect(onConfirm).not.toHaveBeenCalled();
  });
});
