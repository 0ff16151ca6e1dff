import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import type { PendingSiteChoice, Session } from '../../lib/api-types';
import { renderWithApi } from '../../test/api-harness';
import { IntegrationsPage } from './integrations-page';

const admin: Session = {
  principal: { kind: 'user', id: 'u-1', name: 'Ada Admin', email: 'ada@example.com' },
  workspace: { id: 'w-1', name: 'Acme' },
  role: 'admin',
};

const choice = {
  account: { id: 'acc-ada', name: 'Ada Admin', email: 'ada@example.com' },
  sites: [
    { cloudId: '1111', name: 'Acme', url: 'https://acme.atlassian.net', alreadyConnected: false },
    {
      cloudId: '2222',
      name: 'Acme Sandbox',
      url: 'https://acme-sandbox.atlassian.net',
      alreadyConnected: false,
    },
  ],
  expiresAt: new Date(Date.now() + 9 * 60_000).toISOString(),
} as unknown as PendingSiteChoice;

function renderPage(path: string) {
  renderWithApi(
    <IntegrationsPage session={admin} />,
    {
      'integrations.list': () => [],
      'integrations.pendingSiteChoice': () => choice,
      'tools.catalog': () => [],
    },
    path,
  );
}

describe('IntegrationsPage, not connected', () => {
  it('offers Connect Confluence on the card', async () => {
    renderPage('/integrations');
    expect(await screen.findByRole('link', { name: 'Connect Confluence' })).toBeInTheDocument();
  });

  it('while the site picker is open the card offers no second Connect Confluence', async () => {
    renderPage('/integrations?choose=pending-1');
    const picker = await screen.findByTestId('site-picker');
    expect(await within(picker).findByRole('radio', { name: /Acme Sandbox/ })).toBeInTheDocument();
    expect(await screen.findByTestId('choosing-site')).toHaveTextContent('Finish connecting above');
    expect(screen.queryByRole('link', { name: 'Connect Confluence' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Connect site' })).toBeInTheDocument();
  });
});
