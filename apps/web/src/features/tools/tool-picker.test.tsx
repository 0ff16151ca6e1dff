import { render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import type { Connection, ToolManifest } from '../../lib/api-types';
import { connection, sandbox } from '../../test/connection-fixture';
import { manifest } from '../../test/tool-fixture';
import { liveConnections } from '../integrations/connection-health';
import { defaultRoute } from '../integrations/default-connection';
import { ToolPicker } from './tool-picker';

const tools: ToolManifest[] = [manifest('get_confluence_spaces', { description: 'Lists spaces.' })];

/** The picker as the tools page feeds it: the live connections, and the route of all of them. */
function connectionOptions(all: Connection[], loaded = true): string[] {
  render(
    <ToolPicker
      tools={tools}
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
