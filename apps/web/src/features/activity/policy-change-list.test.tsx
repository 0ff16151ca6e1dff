import type { UseQueryResult } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import type { PolicyChangesPage } from '../../lib/api-types';
import { PolicyChangeList } from './policy-change-list';

type Page = UseQueryResult<PolicyChangesPage, unknown>;

const loaded = (data: PolicyChangesPage, extra: Partial<Page> = {}) =>
  ({ isPending: false, isError: false, isPlaceholderData: false, data, ...extra }) as unknown as Page;

const onePage: PolicyChangesPage = {
  items: [
    {
      id: 'pc-2',
      at: new Date().toISOString(),
      by: { kind: 'user', id: 'u-1', name: 'Ada Admin' },
      target: { kind: 'connection', id: 'conn-1', name: 'Acme' },
      changes: { allowedSpaceKeys: { from: null, to: ['ENG'] } },
    },
    {
      id: 'pc-1',
      at: new Date().toISOString(),
      by: { kind: 'user', id: 'u-1', name: 'Ada Admin' },
      target: { kind: 'apiKey', id: 'key-1', name: 'support-bot' },
      changes: { connectionIds: { from: null, to: ['conn-1'] } },
    },
  ],
  nextCursor: 'cursor-2',
};

function renderList(page: Page, pageNumber = 1) {
  const handlers = { onOlder: vi.fn(), onNewer: vi.fn() };
  render(
    <PolicyChangeList
      page={page}
      pageNumber={pageNumber}
      siteName={(id) => (id === 'conn-1' ? 'Acme' : undefined)}
      {...handlers}
    />,
  );
  return { user: userEvent.setup(), ...handlers };
}

describe('PolicyChangeList', () => {
  it('lists who changed what, newest first, with site names; Older follows nextCursor', async () => {
    const { user, onOlder } = renderList(loaded(onePage));
    const items = screen.getAllByTestId('policy-change');
    expect(items[0]).toHaveTextContent('Changed connection “Acme”');
    expect(items[0]).toHaveTextContent('by Ada Admin');
    expect(items[0]).toHaveTextContent('spaces: All → ENG');
    expect(items[1]).toHaveTextContent('connections: All → Acme');
    const pages = within(screen.getByRole('navigation', { name: 'Policy change pages' }));
    expect(pages.getByRole('button', { name: 'Newer' })).toBeDisabled();
    await user.click(pages.getByRole('button', { name: 'Older' }));
    expect(onOlder).toHaveBeenCalledOnce();
  });

  it('the last page: Older is off, Newer goes back', async () => {
    const { user, onNewer } = renderList(loaded({ ...onePage, nextCursor: null }), 2);
    expect(screen.getByRole('button', { name: 'Older' })).toBeDisabled();
    expect(screen.getByText('Page 2')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Newer' }));
    expect(onNewer).toHaveBeenCalledOnce();
  });

  it('loading, empty and failed states', () => {
    const { unmount } = render(
      <PolicyChangeList
        page={{ isPending: true } as unknown as Page}
        pageNumber={1}
        siteName={() => undefined}
        onOlder={vi.fn()}
        onNewer={vi.fn()}
      />,
    );
    expect(screen.getByRole('status')).toHaveTextContent('Loading policy changes…');
    unmount();

    renderList(loaded({ items: [], nextCursor: null }));
    expect(screen.getByText('No policy changes yet')).toBeInTheDocument();
  });

  it('a failed load shows the server message and retries', async () => {
    const refetch = vi.fn();
    const { user } = renderList({
      isPending: false,
      isError: true,
      error: new Error('Only workspace admins can do this'),
      refetch,
    } as unknown as Page);
    expect(screen.getByRole('alert')).toHaveTextContent('Only workspace admins can do this');
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(refetch).toHaveBeenCalledOnce();
  });
});
