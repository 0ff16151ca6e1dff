import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';

import { useToolCatalog } from '../../lib/tool-catalog';
import { useTRPC } from '../../lib/trpc';
import { Card, PageHeader } from '../../ui/card';
import { ProblemAlert } from '../../ui/problem-alert';
import { LoadingBlock } from '../../ui/spinner';
import { AvailableTools } from './chain-button';
import { NoTools } from './no-tools';
import { Tester } from './tester';

export default function ToolsPage() {
  const trpc = useTRPC();
  const tools = useQuery({ ...trpc.tools.list.queryOptions(), staleTime: Infinity });
  const connections = useQuery(trpc.integrations.list.queryOptions());
  const catalog = useToolCatalog();
  const available = useMemo(() => new Set(tools.data?.map((t) => t.name)), [tools.data]);

  return (
    <>
      <PageHeader
        title="Try tools"
        description="Run the Confluence tools exactly as agents and services call them, against a connection of this workspace. Every run is recorded in Activity."
      />
      {tools.isPending && (
        <Card className="p-5">
          <LoadingBlock label="Loading the tools…" rows={6} />
        </Card>
      )}
      {tools.isError && (
        <ProblemAlert
          title="Could not load the tools"
          error={tools.error}
          onRetry={() => void tools.refetch()}
        />
      )}
      {tools.data?.length === 0 && <NoTools />}
      {tools.data !== undefined && tools.data.length > 0 && (
        <AvailableTools.Provider value={available}>
          <Tester
            tools={tools.data}
            catalog={catalog.tools}
            connections={connections.data ?? []}
            connectionsLoaded={connections.isSuccess}
          />
        </AvailableTools.Provider>
      )}
    </>
  );
}
