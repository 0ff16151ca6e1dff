import { render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import type { ToolName } from '../../lib/api-types';
import { connection } from '../../test/connection-fixture';
import { manifest } from '../../test/tool-fixture';
import { askBeforeWriting, ConfirmWrite } from './confirm-write';
import { writeTarget } from './write-target';

describe('ConfirmWrite for the comment tools', () => {
  it('asks in words for an inline comment, resolving and reopening', () => {
    const ask = (name: ToolName, input: Record<string, unknown>) => {
      const { title, confirm } = askBeforeWriting(name, input);
      return [title, confirm];
    };
    expect(ask('add_confluence_inline_comment', { pageId: '7', selection: 'x', body: 'y' })).toEqual([
      'Post this comment on the page text in Confluence?',
      'Post comment',
    ]);
    expect(ask('resolve_confluence_comment', { commentId: '9' })).toEqual([
      'Resolve this comment in Confluence?',
      'Resolve comment',
    ]);
    expect(ask('resolve_confluence_comment', { commentId: '9', resolved: false })).toEqual([
      'Reopen this comment in Confluence?',
      'Reopen comment',
    ]);
  });

  it('an inline comment says it highlights the selected text, on which site, with the input', () => {
    render(
      <ConfirmWrite
        tool={manifest('add_confluence_inline_comment')}
        input={{ pageId: '42', selection: 'launch checklist', body: 'Which one?' }}
        target={writeTarget([connection()], '')}
        onConfirm={vi.fn()}
        onChooseConnection={vi.fn()}
        onCancel={vi.fn()}
      />,
    );
    const dialog = screen.getByTestId('confirm-write');
    expect(dialog).toHaveTextContent(
      'This will post a comment anchored to (and highlighting) the selected text on Acme',
    );
    expect(dialog).toHaveTextContent('launch checklist');
    expect(screen.getByRole('button', { name: 'Post comment' })).toBeInTheDocument();
  });
});
