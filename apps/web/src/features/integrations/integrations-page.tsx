import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useLocation, useSearch } from 'wouter';

import type { Session } from '../../lib/api-types';
import { useTRPC } from '../../lib/trpc';
import { Alert } from '../../ui/alert';
import { ButtonLink } from '../../ui/button';
import { PageHeader } from '../../ui/card';
import { RECONNECT_HREF } from './connection-health';
import { ConfluenceCard } from './confluence-card';
import { readOAuthOutcome } from './oauth-outcome';
import { SitePicker } from './site-picker';

type Notice = { tone: 'success' | 'danger'; text: string };

export function IntegrationsPage({ session }: { session: Session }) {
  const trpc = useTRPC();
  const [, navigate] = useLocation();
  const outcome = readOAuthOutcome(useSearch());
  const [notice, setNotice] = useState<Notice | null>(null);
  // Each card shows its site's rate budget, which moves as agents call: reloaded every 30 s.
  const connections = useQuery(trpc.integrations.list.queryOptions(undefined, { refetchInterval: 30_000 }));
  const isAdmin = session.role === 'admin';
  const clearOutcome = () => navigate('/integrations', { replace: true });

  const connectedSite =
    outcome?.kind === 'connected'
      ? connections.data?.find((c) => c.id === outcome.connectionId)?.site.name
      : undefined;

  return (
    <>
      <PageHeader
        title="Integrations"
        description="Connect your team's Confluence Cloud so agents and internal services can search, read and write pages through the hub's tools."
      />
      <div className="space-y-4">
        {outcome?.kind === 'connected' && (
          <Alert tone="success" title="Confluence connected" onDismiss={clearOutcome} testId="oauth-banner">
            {connectedSite === undefined ? 'The site' : <strong>{connectedSite}</strong>} is connected. Try it
            with Test connection, or run a tool in Try tools.
          </Alert>
        )}
        {outcome?.kind === 'error' && (
          <Alert
            tone="danger"
            title={outcome.title}
            onDismiss={clearOutcome}
            testId="oauth-banner"
            actions={
              isAdmin && outcome.code !== 'forbidden' ? (
                <ButtonLink size="sm" href={RECONNECT_HREF}>
                  Connect Confluence again
                </ButtonLink>
              ) : undefined
            }
          >
            {outcome.message}
          </Alert>
        )}
        {notice !== null && (
          <Alert tone={notice.tone} onDismiss={() => setNotice(null)} testId="notice">
            {notice.text}
          </Alert>
        )}
        {outcome?.kind === 'choose' && (
          <SitePicker
            pendingId={outcome.pendingId}
            onDone={(id) => navigate(`/integrations?connected=${encodeURIComponent(id)}`, { replace: true })}
            onCancel={clearOutcome}
          />
        )}
        <ConfluenceCard
          connections={connections}
          isAdmin={isAdmin}
          choosingSite={outcome?.kind === 'choose'}
          onNotice={setNotice}
        />
      </div>
    </>
  );
}
