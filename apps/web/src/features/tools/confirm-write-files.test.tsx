import { render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import type { ToolName } from '../../lib/api-types';
import { connection } from '../../test/connection-fixture';
import { manifest } from '../../test/tool-fixture';
import { ConfirmWrite } from './confirm-write';
import { writeTarget } from './write-target';

/** The confirmation a write tool of the attachment and version family asks, as an admin reads it. */
function asked(name: ToolName, input: Record<string, unknown>) {
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
  const answer = {
    heading: within(dialog).getByRole('heading').textContent,
    button: within(dialog).getAllByRole('button').at(-1)?.textContent,
    text: dialog.textContent,
  };
  unmount();
  return answer;
}

describe('ConfirmWrite for attachments and versions', () => {
  it('upload_confluence_attachment asks to upload the file and says a same-named file gets a new version', () => {
    const upload = asked('upload_confluence_attachment', {
      pageId: '7',
      fileName: 'report.csv',
      content: 'a,b',
    });
    expect(upload.heading).toBe('Upload this file to the page in Confluence?');
    expect(upload.button).toBe('Upload file');
    expect(upload.text).toContain(
      'This will attach the file to the page (a file of the same name gets a new version)',
    );
  });

  it('restore_confluence_page_version asks to restore and says the history is kept', () => {
    const restore = asked('restore_confluence_page_version', { pageId: '7', version: 2, currentVersion: 5 });
    expect(restore.heading).toBe('Restore this version in Confluence?');
    expect(restore.button).toBe('Restore version');
    expect(restore.text).toContain("replace the page's content with the past version");
  });
});
