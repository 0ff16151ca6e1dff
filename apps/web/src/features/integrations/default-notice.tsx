import type { Connection } from '../../lib/api-types';
import { Alert } from '../../ui/alert';
import { ButtonLink } from '../../ui/button';
import { IconRefresh } from '../../ui/icons';
import { RECONNECT_HREF } from './connection-health';
import { defaultRoute, refusalReason } from './default-connection';

/**
 * Says so when calls that name no connection are refused: the default is disconnected, or live connections have
 * no default. Silent when the default works, and when nothing was ever connected (the card says "Not connected").
 */
export function DefaultNotice({ connections, isAdmin }: { connections: Connection[]; isAdmin: boolean }) {
  const route = defaultRoute(connections);
  if (route.kind === 'default' || (route.kind === 'no-default' && route.live.length === 0)) return null;
  const live = connections.some((c) => c.status !== 'disconnected');
  const name = route.kind === 'default-disconnected' ? route.connection.site.name : null;
  return (
    <div className="border-b border-slate-200 p-5">
      <Alert
        tone="warning"
        testId="default-notice"
        title={name === null ? 'No default connection' : `The default connection, ${name}, is disconnected`}
        actions={
          isAdmin && name !== null ? (
            <ButtonLink size="sm" href={RECONNECT_HREF} icon={<IconRefresh />}>
              Reconnect {name}
            </ButtonLink>
          ) : undefined
        }
      >
        {refusalReason(route)} {nextStep(name, live, isAdmin)}
      </Alert>
    </div>
  );
}

function nextStep(disconnectedDefault: string | null, live: boolean, isAdmin: boolean): string {
  if (!isAdmin) return 'Ask a workspace admin, or name a connection in each call (connectionId).';
  if (disconnectedDefault === null) return 'Use "Set as default" on the site that calls should use.';
  if (live) return `Reconnect ${disconnectedDefault}, or use "Set as default" on a connected site below.`;
  return (
    `Reconnect ${disconnectedDefault} to use it again. Connecting another site does not make that site the ` +
    'default: set it as default once it is connected.'
  );
}
