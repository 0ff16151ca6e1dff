import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import type { ApiKey } from '../../lib/api-types';
import { connection } from '../../test/connection-fixture';
import { KeyTable } from './key-table';

const key: ApiKey = {
  id: 'key-1',
  name: 'support-bot',
  start: 'hub_abcd',
  role: 'member',
  createdAt: '2026-03-01T12:00:00.000Z',
  lastUsedAt: null,
  expiresAt: null,
  revokedAt: null,
  policy: { kind: 'agent', tools: ['get_confluence_page'], connectionIds: null },
};

describe('KeyTable', () => {
  it("names each key's actions without off-screen text (which widened the page on phones)", async () => {
    const handlers = { onEdit: vi.fn(), onRevoke: vi.fn() };
    const { container } = render(<KeyTable keys={[key]} connections={[connection()]} {...handlers} />);
    const row = within(screen.getByTestId('api-key-row'));
    await userEvent.setup().click(row.getByRole('button', { name: 'Edit access of support-bot' }));
    expect(handlers.onEdit).toHaveBeenCalledWith(key);
    expect(row.getByRole('button', { name: 'Revoke support-bot' })).toHaveTextContent(/^Revoke$/);
    expect(container.querySelectorAll('.sr-only')).toHaveLength(0);
  });

  it('on phones each value carries its column name', () => {
    render(<KeyTable keys={[key]} connections={[]} onEdit={vi.fn()} onRevoke={vi.fn()} />);
    const cells = within(screen.getByTestId('api-key-row')).getAllByRole('cell');
    expect(cells.map((c) => c.getAttribute('data-label')).filter(Boolean)).toEqual([
      'Key',
      'Role',
      'Kind',
      'Tools',
      'Connections',
      'Created',
      'Last used',
      'Status',
    ]);
  });
});
