import type { UseQueryResult } from '@tanstack/react-query';

import type { Connection } from '../../lib/api-types';
import { Button, ButtonLink } from '../../ui/button';
import { Card, CardHeader } from '../../ui/card';
import { ConfluenceLogo, IconCheck, IconPlug } from '../../ui/icons';
import { ProblemAlert } from '../../ui/problem-alert';
import { Skeleton } from '../../ui/spinner';
import { liveConnections, RECONNECT_HREF } from './connection-health';
import { ConnectionItem } from './connection-item';
import { DefaultNotice } from './default-notice';

const FEATURES = [
  'Seven tools for agents and services: list spaces and pages, search with CQL, read, create and update pages, comment.',
  'Atlassian OAuth (3LO): the hub stores the tokens encrypted and refreshes them before they expire.',
  'Every tool call is logged in Activity: who, which tool, outcome, duration.',
];

export function ConfluenceCard({
  connections,
  isAdmin,
  choosingSite = false,
  onNotice,
}: {
  connections: UseQueryResult<Connection[], unknown>;
  isAdmin: boolean;
  /** The site picker is open: connecting goes on there, so the card offers no second way to start over. */
  choosingSite?: boolean;
  onNotice: (notice: { tone: 'success' | 'danger'; text: string }) => void;
}) {
  const live = connections.data === undefined ? [] : liveConnections(connections.data);
  const connected = live.length > 0;
  return (
    <Card>
      <CardHeader
        icon={<ConfluenceLogo className="size-10 shrink-0" />}
        title="Confluence Cloud"
        description={
          connections.isPending
            ? 'Loading connections…'
            : connected
              ? `${live.length} site${live.length === 1 ? '' : 's'} connected`
              : 'Not connected'
        }
        actions={
          connected && isAdmin && !choosingSite ? (
            <ButtonLink size="sm" href={RECONNECT_HREF} icon={<IconPlug />}>
              Connect another site
            </ButtonLink>
          ) : undefined
        }
      />
      {connections.isPending && (
        <div className="space-y-3 p-5" role="status" aria-label="Loading connections">
          <Skeleton className="h-5 w-48" />
          <Skeleton className="h-4 w-full" />
          <Skeleton className="h-4 w-2/3" />
        </div>
      )}
      {connections.isError && (
        <div className="p-5">
          <ProblemAlert
            title="Could not load the connections"
            error={connections.error}
            onRetry={() => void connections.refetch()}
          />
        </div>
      )}
      {connections.isSuccess && <DefaultNotice connections={connections.data} isAdmin={isAdmin} />}
      {connections.isSuccess && !connected && <NotConnected isAdmin={isAdmin} choosingSite={choosingSite} />}
      {connected && (
        <ul className="divide-y divide-slate-200" aria-label="Connected sites">
          {live.map((connection) => (
            <ConnectionItem
              key={connection.id}
              connection={connection}
              isAdmin={isAdmin}
              onNotice={onNotice}
            />
          ))}
        </ul>
      )}
    </Card>
  );
}

function NotConnected({ isAdmin, choosingSite }: { isAdmin: boolean; choosingSite: boolean }) {
  return (
    <div className="grid gap-6 p-5 md:grid-cols-[1fr_auto] md:items-center">
      <ul className="space-y-2 text-sm text-slate-700">
        {FEATURES.map((feature) => (
          <li key={feature} className="flex gap-2">
            <IconCheck className="mt-0.5 size-4 shrink-0 text-emerald-600" />
            {feature}
          </li>
        ))}
      </ul>
      <div className="md:text-right">
        {choosingSite ? (
          <p className="text-[13px] text-slate-600" data-testid="choosing-site">
            Finish connecting above: choose the site, or cancel.
          </p>
        ) : isAdmin ? (
          <ButtonLink variant="primary" href={RECONNECT_HREF} icon={<IconPlug />}>
            Connect Confluence
          </ButtonLink>
        ) : (
          <>
            <Button variant="primary" disabled icon={<IconPlug />}>
              Connect Confluence
            </Button>
            <p className="mt-2 text-[13px] text-slate-500">
              Only workspace admins can connect. Ask an admin.
            </p>
          </>
        )}
        {!choosingSite && (
          <p className="mt-2 text-[13px] text-slate-500">
            You&apos;ll approve access on Atlassian&apos;s page.
          </p>
        )}
      </div>
    </div>
  );
}
