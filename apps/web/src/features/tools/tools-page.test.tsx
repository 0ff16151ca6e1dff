import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { renderWithApi } from '../../test/api-harness';
import { connection } from '../../test/connection-fixture';
import { catalogManifests, manifest } from '../../test/tool-fixture';
import ToolsPage from './tools-page';

const objectSchema = (properties: Record<string, unknown> = {}) => ({ type: 'object', properties });

/** The tester with two read tools; `answer` is what tools.invoke resolves to (a promise to hold it back). */
function renderTester(answer: () => unknown) {
  return renderWithApi(<ToolsPage />, {
    'tools.list': () => [
      manifest('get_confluence_spaces', { inputSchema: objectSchema() }),
      manifest('get_confluence_page', { inputSchema: objectSchema({ pageId: { type: 'string' } }) }),
    ],
    'tools.catalog': () => catalogManifests(),
    'integrations.list': () => [connection()],
    'tools.invoke': answer,
  });
}

const spaces = { ok: true, result: { spaces: [], nextCursor: null } };
const toolSelect = () => screen.getByRole('combobox', { name: 'Tool' });

describe('ToolsPage', () => {
  it("shows a run's round trip, and clears the result when another tool is chosen", async () => {
    renderTester(() => spaces);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Run' }));
    const header = await screen.findByTestId('run-header');
    expect(header).toHaveTextContent('Succeeded');
    expect(header).toHaveTextContent('List spaces');
    expect(screen.getByTestId('run-duration')).toHaveTextContent(/^\d+ ms round trip ·/);
    expect(screen.getByTestId('run-duration').querySelector('abbr')).toHaveAttribute(
      'title',
      expect.stringContaining('Round trip seen by your browser'),
    );

    await user.selectOptions(toolSelect(), 'get_confluence_page');
    expect(screen.queryByTestId('run-header')).toBeNull();
    expect(screen.getByText('No result yet')).toBeInTheDocument();
    // Back to the first tool: its old result does not come back either.
    await user.selectOptions(toolSelect(), 'get_confluence_spaces');
    expect(screen.queryByTestId('run-header')).toBeNull();
  });

  it('drops the answer of a run still under way when another tool is chosen', async () => {
    let release: (value: unknown) => void = () => undefined;
    const { queryClient } = renderTester(() => new Promise((resolve) => (release = resolve)));
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Run' }));
    await user.selectOptions(toolSelect(), 'get_confluence_page');
    await user.selectOptions(toolSelect(), 'get_confluence_spaces');
    expect(screen.getByRole('button', { name: 'Run' })).not.toHaveAttribute('aria-busy');
    release(spaces);
    // The call finishes (its answer reaches the runner) after the tool was changed and changed back.
    const settled = () => queryClient.getMutationCache().getAll()[0]?.state.status;
    await waitFor(() => expect(settled()).toBe('success'));
    await act(() => Promise.resolve());
    expect(screen.queryByTestId('run-header')).toBeNull();
    expect(screen.getByText('No result yet')).toBeInTheDocument();
  });

  it('a dry run of a write runs at once (it writes nothing); a real write asks first', async () => {
    const sent: unknown[] = [];
    renderWithApi(<ToolsPage />, {
      'tools.list': () => [
        manifest('create_confluence_page', {
          inputSchema: objectSchema({
            title: { type: 'string' },
            dryRun: { type: 'boolean', default: false },
          }),
        }),
      ],
      'tools.catalog': () => catalogManifests(),
      'integrations.list': () => [connection()],
      'tools.invoke': (input) => {
        sent.push(input);
        return {
          ok: true,
          result: {
            dryRun: true,
            title: 'T',
            status: 'current',
            spaceId: '1',
            parentId: null,
            rootLevel: false,
            body: '<p>x</p>',
          },
        };
      },
    });
    const user = userEvent.setup();
    await user.type(await screen.findByRole('textbox', { name: 'Title' }), 'T');
    await user.click(screen.getByRole('checkbox', { name: /Dry run/ }));
    await user.click(screen.getByRole('button', { name: 'Run…' }));
    await screen.findByTestId('dry-run-result');
    const asking = () => screen.queryByRole('button', { name: 'Create page' });
    expect(asking()).toBeNull();
    expect(sent).toEqual([
      expect.objectContaining({ name: 'create_confluence_page', input: { title: 'T', dryRun: true } }),
    ]);

    await user.click(screen.getByRole('checkbox', { name: /Dry run/ }));
    await user.click(screen.getByRole('button', { name: 'Run…' }));
    await waitFor(() => expect(asking()).not.toBeNull());
    expect(sent).toHaveLength(1);
  });
});
