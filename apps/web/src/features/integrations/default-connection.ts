import type { Connection } from '../../lib/api-types';

/*
 * The API's DEFAULT_CONNECTION_RULE as the panel states it (apps/api/src/connections/resolve-connection.ts): a
 * call that names no connection uses the workspace's default and only the default. The first connection becomes
 * the default; after that only an admin's "Set as default" changes it. A disconnected default stays the default,
 * so such calls are refused until it is reconnected or another default is set; no other site takes its place.
 */

/** The connection flagged default, whatever its status: a disconnected default is still the default. */
export function workspaceDefault(connections: Connection[]): Connection | undefined {
  return connections.find((c) => c.isDefault);
}

/** Where a call that names no connection goes: the default's site, or a refusal and why. */
export type DefaultRoute =
  | { kind: 'default'; connection: Connection }
  | { kind: 'default-disconnected'; connection: Connection }
  | { kind: 'no-default'; live: Connection[] };

/** Takes every connection of the workspace, disconnected ones included (the default may be one of them). */
export function defaultRoute(connections: Connection[]): DefaultRoute {
  const chosen = workspaceDefault(connections);
  if (chosen === undefined) {
    return { kind: 'no-default', live: connections.filter((c) => c.status !== 'disconnected') };
  }
  return chosen.status === 'disconnected'
    ? { kind: 'default-disconnected', connection: chosen }
    : { kind: 'default', connection: chosen };
}

/** The tool picker's "no connection chosen" option. */
export function defaultOptionLabel(route: DefaultRoute): string {
  switch (route.kind) {
    case 'default':
      return route.connection.status === 'needs_reauth'
        ? `Workspace default (${route.connection.site.name} — needs re-authorization)`
        : `Workspace default (${route.connection.site.name})`;
    case 'default-disconnected':
      return `Workspace default (${route.connection.site.name} — disconnected: calls are refused)`;
    case 'no-default':
      return 'Workspace default (none set: calls are refused)';
  }
}

/** A route on which calls that name no connection are refused. */
export type RefusedRoute = Exclude<DefaultRoute, { kind: 'default' }>;

/**
 * Why calls that name no connection are refused, in one sentence. The surfaces add their own next step:
 * Integrations the admin's buttons, the tool tester "choose a connection".
 */
export function refusalReason(route: RefusedRoute): string {
  if (route.kind === 'default-disconnected') {
    return (
      `${route.connection.site.name} is the workspace's default connection and it is disconnected: calls ` +
      'that name no connection are refused (NOT_CONNECTED) until an admin reconnects it or sets another ' +
      'default. They never go to another site instead.'
    );
  }
  return route.live.length === 0
    ? 'No Confluence site is connected: calls are refused (NOT_CONNECTED).'
    : 'This workspace has no default connection: calls that name no connection are refused ' +
        '(CONNECTION_AMBIGUOUS) until an admin sets one. They never go to a site chosen for them.';
}
