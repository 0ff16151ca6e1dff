import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import type { Session } from '../../lib/api-types';
import { useTRPC } from '../../lib/trpc';
import { Button } from '../../ui/button';
import { PageHeader } from '../../ui/card';
import { IconRefresh } from '../../ui/icons';
import { Tabs } from '../../ui/tabs';
import { PolicyChangesView } from './policy-changes-view';
import { ToolCallsView } from './tool-calls-view';

type View = 'calls' | 'policy';

const TABS: { key: View; label: string }[] = [
  { key: 'calls', label: 'Tool calls' },
  { key: 'policy', label: 'Policy changes' },
];

export default function ActivityPage({ session }: { session: Session }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const isAdmin = session.role === 'admin';
  const [view, setView] = useState<View>('calls');
  const shown: View = isAdmin ? view : 'calls';

  // The lists refresh themselves; only a refresh the admin asked for shows a spinner.
  const [refreshing, setRefreshing] = useState(false);
  const refresh = async () => {
    setRefreshing(true);
    const keys =
      shown === 'calls'
        ? [trpc.activity.stats.queryKey(), trpc.activity.list.queryKey()]
        : [trpc.activity.policyChanges.queryKey()];
    await Promise.all(keys.map((queryKey) => queryClient.refetchQueries({ queryKey, type: 'active' })));
    setRefreshing(false);
  };

  return (
    <>
      <PageHeader
        title="Activity"
        description={
          isAdmin
            ? 'Every tool call made through the hub, by agents, services and this panel, and every change to what keys and connections may do: who, what, when.'
            : 'Every tool call made through the hub, by agents, services and this panel: who, which tool, on which site, how it ended and how long it took.'
        }
        actions={
          <Button icon={<IconRefresh />} onClick={() => void refresh()} loading={refreshing}>
            Refresh
          </Button>
        }
      />
      {isAdmin ? (
        <Tabs tabs={TABS} selected={view} onSelect={setView} label="Activity">
          {view === 'calls' ? <ToolCallsView /> : <PolicyChangesView />}
        </Tabs>
      ) : (
        <ToolCallsView />
      )}
    </>
  );
}
