import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';

import type { ToolName } from '../../lib/api-types';
import { toolCatalog } from '../../lib/tool-catalog';
import { catalogManifests, catalogTools, manifest } from '../../test/tool-fixture';
import { ToolChecklist } from './tool-checklist';

/** The checklist with its value held as a form would hold it; `changes` records every value it reported. */
function renderChecklist(initial: ToolName[] | null) {
  const changes = vi.fn();
  function Harness() {
    const [value, setValue] = useState(initial);
    return (
      <ToolChecklist
        idPrefix="t"
        tools={catalogTools()}
        value={value}
        onChange={(next) => {
          changes(next);
          setValue(next);
        }}
      />
    );
  }
  render(<Harness />);
  return { box: screen.getByTestId('t-tools'), changes, user: userEvent.setup() };
}

describe('ToolChecklist', () => {
  it('"All tools" by default: no boxes to tick', () => {
    const { box } = renderChecklist(null);
    expect(within(box).getByRole('radio', { name: 'All tools, including future ones' })).toBeChecked();
    expect(within(box).queryAllByRole('checkbox')).toHaveLength(0);
  });

  it('chosen tools come grouped into reads and writes, every tool of the registry', async () => {
    const { box, user } = renderChecklist(null);
    await user.click(within(box).getByRole('radio', { name: 'Only the tools I choose' }));
    const reads = within(box).getByRole('group', { name: 'Reads' });
    const writes = within(box).getByRole('group', { name: 'Writes' });
    const all = catalogTools();
    expect(within(reads).getAllByRole('checkbox')).toHaveLength(all.filter((t) => t.readOnly).length);
    expect(within(writes).getAllByRole('checkbox')).toHaveLength(all.filter((t) => !t.readOnly).length);
    expect(within(writes).getByRole('checkbox', { name: /^Comment on a page/ })).not.toBeChecked();
  });

  it('ticks are reported in the registry order; "All" and back restores them', async () => {
    const { box, changes, user } = renderChecklist([]);
    await user.click(within(box).getByRole('checkbox', { name: /^Search pages/ }));
    await user.click(within(box).getByRole('checkbox', { name: /^Read a page/ }));
    expect(changes).toHaveBeenLastCalledWith(['get_confluence_page', 'search_confluence_pages']);
    await user.click(within(box).getByRole('radio', { name: /^All tools/ }));
    expect(changes).toHaveBeenLastCalledWith(null);
    await user.click(within(box).getByRole('radio', { name: 'Only the tools I choose' }));
    expect(changes).toHaveBeenLastCalledWith(['get_confluence_page', 'search_confluence_pages']);
    await user.click(within(box).getByRole('checkbox', { name: /^Read a page/ }));
    expect(changes).toHaveBeenLastCalledWith(['search_confluence_pages']);
  });

  it('shows an error it is given', () => {
    render(
      <ToolChecklist idPrefix="e" tools={catalogTools()} value={[]} onChange={vi.fn()} error="Choose one." />,
    );
    expect(screen.getByRole('alert')).toHaveTextContent('Choose one.');
  });
});

describe('toolCatalog', () => {
  it("is the registry as tools.catalog sends it, in its order, with the manifests' titles and capabilities", () => {
    const manifests = catalogManifests().map((m) =>
      m.name === 'get_confluence_page' ? { ...m, title: 'Get a page' } : m,
    );
    const catalog = toolCatalog(manifests);
    expect(catalog.map((t) => t.name)).toEqual(manifests.map((m) => m.name));
    expect(catalog.slice(0, 4).map((t) => t.name)).toEqual([
      'get_confluence_spaces',
      'get_confluence_space_pages',
      'get_confluence_page',
      'search_confluence_pages',
    ]);
    expect(catalog.find((t) => t.name === 'get_confluence_page')?.title).toBe('Get a page');
    expect(catalog.map((t) => [t.readOnly, t.capability])).toEqual(
      manifests.map((m) => [m.readOnly, m.capability]),
    );
    expect(new Set(catalog.filter((t) => t.readOnly).map((t) => t.capability))).toEqual(
      new Set(['read', 'search']),
    );
  });

  it('a tool the panel has never heard of is listed like the others (no copy of the registry to update)', () => {
    const extra = {
      ...manifest('get_confluence_page'),
      name: 'get_confluence_attachments',
      title: 'Attachments',
    };
    expect(toolCatalog([extra as ReturnType<typeof manifest>]).map((t) => t.title)).toEqual(['Attachments']);
  });
});
