import type { Connection } from '../../lib/api-types';
import { defaultRoute, refusalReason } from '../integrations/default-connection';

/**
 * Where a write from the tester lands, as its confirmation names it: a site (the chosen connection, or the
 * workspace default when none is chosen), or nowhere because the API would refuse the call.
 */
export type WriteTarget =
  { kind: 'site'; connection: Connection; viaDefault: boolean } | { kind: 'refused'; reason: string };

/** `connections`: every connection of the workspace, disconnected ones included; `connectionId` '' = none. */
export function writeTarget(connections: Connection[], connectionId: string): WriteTarget {
  if (connectionId !== '') {
    const chosen = connections.find((c) => c.id === connectionId);
    if (chosen === undefined || chosen.status === 'disconnected') {
      return {
        kind: 'refused',
        reason:
          'The chosen connection is no longer connected: calls that name it are refused (NOT_CONNECTED).',
      };
    }
    return { kind: 'site', connection: chosen, viaDefault: false };
  }
  const route = defaultRoute(connections);
  if (route.kind === 'default') return { kind: 'site', connection: route.connection, viaDefault: true };
  return { kind: 'refused', reason: refusalReason(route) };
}
