import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import type { Connection, ToolManifest } from '../../lib/api-types';
import { toolCatalog } from '../../lib/tool-catalog';
import { connection, sandbox } from '../../test/connection-fixture';
import { catalogTools, manifest } from '../../test/tool-fixture';
import { liveConnections } from '../integrations/connection-health';
import { defaultRoute } from '../integrations/default-connection';
import { ToolPicker } from './tool-picker';

const tools: ToolManifest[] = [manifest('get_confluence_spaces', { description: 'Lists spaces.' })];

/** The picker as the tools page feeds it: the live connections, and the route of all of them. */
function connectionOptions(all: Connection[], loaded = true): string[] {
  render(
    <ToolPicker
      tools={tools}
      catalog={catalogTools()}
      toolName="get_confluence_spaces"
      onToolChange={vi.fn()}
      connections={liveConnections(all)}
      defaultRoute={loaded ? defaultRoute(all) : undefined}
      connectionId=""
      onConnectionChange={vi.fn()}
    />,
  );
  const select = screen.getByRole('combobox', { name: /Connection/ });
  return within(select)
    .getAllByRole('option')
    .map((option) => option.textContent);
}

describe('ToolPicker connection choice', () => {
  it('names the default', () => {
    expect(connectionOptions([connection(), sandbox()])).toEqual([
      'Workspace default (Acme)',
      'Acme',
      'Acme Sandbox',
    ]);
  });

  it('a disconnected default: says calls are refused; the other site is only a choice, never the default', () => {
    expect(connectionOptions([connection({ status: 'disconnected' }), sandbox()])).toEqual([
      'Workspace default (Acme — disconnected: calls are refused)',
      'Acme Sandbox',
    ]);
  });

  it('no default: says none is set and calls are refused', () => {
    expect(connectionOptions([sandbox()])).toEqual([
      'Workspace default (none set: calls are refused)',
      'Acme Sandbox',
    ]);
  });

  it('while the connections load it claims nothing', () => {
    expect(connectionOptions([], false)).toEqual(['Workspace default']);
  });

  it('states the rule in the help text', () => {
    connectionOptions([connection()]);
    expect(
      screen.getByText(/Without one, calls use the workspace default and only the default/),
    ).toBeVisible();
  });
});

describe('ToolPicker with fewer tools', () => {
  it('leaves out a group tools.list sent nothing for (a read-only connection: no writes)', () => {
    render(
      <ToolPicker
        tools={[manifest('get_confluence_page'), manifest('search_confluence_pages')]}
        catalog={catalogTools()}
        toolName="get_confluence_page"
        onToolChange={vi.fn()}
        connections={[connection()]}
        defaultRoute={defaultRoute([connection()])}
        connectionId=""
        onConnectionChange={vi.fn()}
      />,
    );
    const select = screen.getByRole('combobox', { name: 'Tool' });
    expect(
      within(select)
        .getAllByRole('group')
        .map((g) => g.getAttribute('label')),
    ).toEqual(['Read']);
    expect(
      within(select)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Read a page', 'Search pages']);
  });
});

describe('ToolPicker help', () => {
  const llmDescription =
    'Reads one Confluence page by id: title, body and its current `version.number`. ' +
    'Always call this before update_confluence_page and pass the `version.number` you read as its `version`.';

  function renderHelp(catalogEntry: ToolManifest) {
    render(
      <ToolPicker
        tools={[manifest('get_confluence_page', { description: llmDescription })]}
        catalog={toolCatalog([catalogEntry])}
        toolName="get_confluence_page"
        onToolChange={vi.fn()}
        connections={[connection()]}
        defaultRoute={defaultRoute([connection()])}
        connectionId=""
        onConnectionChange={vi.fn()}
      />,
    );
  }

  it("shows admins the registry's plain summary, and keeps what agents see one click away", async () => {
    renderHelp({
      ...manifest('get_confluence_page', { description: llmDescription }),
      summary: 'Reads a page with its current version.',
    });
    const summary = screen.getByTestId('tool-summary');
    expect(summary).toHaveTextContent(/^Reads a page with its current version\.$/);
    expect(summary).not.toHaveTextContent('Always call this');

    const disclosure = screen.getByText('Description agents see');
    const full = screen.getByText(llmDescription);
    expect(full).not.toBeVisible();
    await userEvent.setup().click(disclosure);
    expect(full).toBeVisible();
  });
});
