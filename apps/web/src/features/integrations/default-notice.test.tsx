import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import type { Connection } from '../../lib/api-types';
import { connection, sandbox } from '../../test/connection-fixture';
import { DefaultNotice } from './default-notice';

const notice = () => screen.queryByTestId('default-notice');
const renderNotice = (connections: Connection[], isAdmin = true) =>
  render(<DefaultNotice connections={connections} isAdmin={isAdmin} />);

describe('DefaultNotice', () => {
  it('a disconnected default: names it, says calls are refused, and offers Reconnect or Set as default', () => {
    renderNotice([connection({ status: 'disconnected' }), sandbox()]);
    const box = notice();
    expect(box).toHaveTextContent('The default connection, Acme, is disconnected');
    expect(box).toHaveTextContent(
      'calls that name no connection are refused (NOT_CONNECTED) until an admin reconnects it or sets another default',
    );
    expect(box).toHaveTextContent('They never go to another site instead.');
    expect(box).toHaveTextContent('Reconnect Acme, or use "Set as default" on a connected site below.');
    expect(screen.getByRole('link', { name: 'Reconnect Acme' })).toHaveAttribute(
      'href',
      '/oauth/confluence/start?returnTo=%2Fintegrations',
    );
  });

  it('members are told to ask an admin, without the admin buttons', () => {
    renderNotice([connection({ status: 'disconnected' }), sandbox()], false);
    expect(notice()).toHaveTextContent('Ask a workspace admin, or name a connection in each call');
    expect(screen.queryByRole('link', { name: 'Reconnect Acme' })).toBeNull();
  });

  it('a disconnected default with nothing else connected: connecting another site will not replace it', () => {
    renderNotice([connection({ status: 'disconnected' })]);
    expect(notice()).toHaveTextContent('Connecting another site does not make that site the default');
  });

  it('live connections without a default: calls are refused as ambiguous until an admin sets one', () => {
    renderNotice([sandbox()]);
    expect(notice()).toHaveTextContent('No default connection');
    expect(notice()).toHaveTextContent('refused (CONNECTION_AMBIGUOUS) until an admin sets one');
    expect(screen.queryByRole('link', { name: /Reconnect/ })).toBeNull();
  });

  it.each([
    ['the default works', [connection(), sandbox({ status: 'disconnected' })]],
    ['the default needs re-authorization (its row says so)', [connection({ status: 'needs_reauth' })]],
    ['nothing was ever connected', []],
  ])('says nothing when %s', (_, connections) => {
    const { container } = renderNotice(connections);
    expect(container).toBeEmptyDOMElement();
  });
});
