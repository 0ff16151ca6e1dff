import { describe, expect, it } from 'vitest';

import { connection, sandbox } from '../../test/connection-fixture';
import { defaultOptionLabel, defaultRoute, refusalReason, workspaceDefault } from './default-connection';

describe('workspaceDefault', () => {
  it('is the connection flagged default, even when it is disconnected', () => {
    const acme = connection({ status: 'disconnected' });
    expect(workspaceDefault([acme, sandbox()])).toBe(acme);
  });

  it('is never "the only one": a single connection that is not flagged default is not the default', () => {
    expect(workspaceDefault([sandbox()])).toBeUndefined();
    expect(workspaceDefault([])).toBeUndefined();
  });
});

describe('where a call that names no connection goes', () => {
  it.each([
    ['an active default', [sandbox(), connection()], 'default', 'Workspace default (Acme)'],
    [
      'a default that needs re-authorization (calls go there and fail; never elsewhere)',
      [connection({ status: 'needs_reauth' }), sandbox()],
      'default',
      'Workspace default (Acme — needs re-authorization)',
    ],
    [
      'a disconnected default while another site is live',
      [connection({ status: 'disconnected' }), sandbox()],
      'default-disconnected',
      'Workspace default (Acme — disconnected: calls are refused)',
    ],
    [
      'live connections without a default',
      [sandbox()],
      'no-default',
      'Workspace default (none set: calls are refused)',
    ],
    ['no connection at all', [], 'no-default', 'Workspace default (none set: calls are refused)'],
  ])('%s', (_, connections, kind, label) => {
    const route = defaultRoute(connections);
    expect(route.kind).toBe(kind);
    expect(defaultOptionLabel(route)).toBe(label);
  });

  it('a refusal names the default and says nothing moves to another site', () => {
    const route = defaultRoute([connection({ status: 'disconnected' }), sandbox()]);
    if (route.kind === 'default') throw new Error('expected a refusal');
    const reason = refusalReason(route);
    expect(reason).toMatch(/^Acme is the workspace's default connection and it is disconnected/);
    expect(reason).toContain('refused (NOT_CONNECTED) until an admin reconnects it or sets another default');
    expect(reason).toContain('never go to another site');
    expect(reason).not.toContain('Sandbox');

    const none = defaultRoute([sandbox()]);
    if (none.kind === 'default') throw new Error('expected a refusal');
    expect(refusalReason(none)).toContain('no default connection');
    expect(refusalReason(none)).toContain('(CONNECTION_AMBIGUOUS)');
  });
});
