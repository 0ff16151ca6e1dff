import { render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import type { ToolName } from '../../lib/api-types';
import { connection } from '../../test/connection-fixture';
import { manifest } from '../../test/tool-fixture';
import { askBeforeWriting, ConfirmWrite } from './confirm-write';
import { writeTarget } from './write-target';

describe('ConfirmWrite for the structure tools', () => {
  it('asks in words for moving, copying, archiving and deleting a page', () => {
    const ask = (name: ToolName, input: Record<string, unknown> = { pageId: '7' }) => {
      const { title, confirm } = askBeforeWriting(name, input);
      return [title, confirm];
    };
    expect(ask('move_confluence_page')).toEqual(['Move this page in Confluence?', 'Move page']);
    expect(ask('copy_confluence_page')).toEqual(['Copy this page in Confluence?', 'Copy page']);
    expect(ask('copy_confluence_page', { pageId: '7', includeChildren: true })).toEqual([
      'Copy this page and its child pages in Confluence?',
      'Copy pages',
    ]);
    expect(ask('archive_confluence_page')).toEqual(['Archive this page in Confluence?', 'Archive page']);
    expect(ask('delete_confluence_page')).toEqual(['Delete this page in Confluence?', 'Delete page']);
  });

  it("a delete says the page goes to the space's trash, on which site", () => {
    render(
      <ConfirmWrite
        tool={manifest('delete_confluence_page')}
        input={{ pageId: '42' }}
        target={writeTarget([connection()], '')}
        onConfirm={vi.fn()}
        onChooseConnection={vi.fn()}
        onCancel={vi.fn()}
      />,
    );
    const dialog = screen.getByTestId('confirm-write');
    expect(dialog).toHaveTextContent(
      "This will move the page to its space's trash (a space admin can restore it from there) on Acme",
    );
    expect(screen.getByRole('button', { name: 'Delete page' })).toBeInTheDocument();
  });
});
