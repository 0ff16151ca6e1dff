import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';

import { formatDuration, plural } from '../../lib/format';
import { useToolCatalog } from '../../lib/tool-catalog';
import { useTRPC } from '../../lib/trpc';
import { Card, CardHeader } from '../../ui/card';
import { ProblemAlert } from '../../ui/problem-alert';
import { Skeleton } from '../../ui/spinner';
import { ActivityChart } from './activity-chart';
import { ActivityFilters, type Filters, type Range } from './activity-filters';
import { ActivityTable } from './activity-table';

const PAGE_SIZE = 25;

/** Drops empty filters: the API takes absent fields as "all". */
function filterInput({ tool, connectionId, outcome }: Filters) {
  return {
    ...(tool === '' ? {} : { tool }),
    ...(connectionId === '' ? {} : { connectionId }),
    ...(outcome === '' ? {} : { outcome }),
  };
}

/** The tool-call log: filters, the chart of calls by outcome, and the keyset-paged list. */
export function ToolCallsView() {
  const trpc = useTRPC();
  const [filters, setFilters] = useState<Filters>({ tool: '', connectionId: '', outcome: '' });
  const [range, setRange] = useState<Range>('24h');
  // Cursors of the pages before the current one: Newer pops, Older pushes.
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const input = filterInput(filters);

  const stats = useQuery({
    ...trpc.activity.stats.queryOptions({ ...input, range }),
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
  });
  const page = useQuery({
    ...trpc.activity.list.queryOptions({
      ...input,
      limit: PAGE_SIZE,
      ...(cursor === undefined ? {} : { cursor }),
    }),
    placeholderData: keepPreviousData,
    // The newest page follows new calls (they are written within a second); older pages stay put.
    refetchInterval: cursor === undefined ? 5_000 : false,
  });
  const connections = useQuery(trpc.integrations.list.queryOptions());
  const catalog = useToolCatalog();
  // The outcome filter offers what the period holds whatever is filtered: the filtered totals would drop every
  // other kind (and with an outcome chosen, all but that one). Unfiltered, this is the chart's own query.
  const seen = useQuery({
    ...trpc.activity.stats.queryOptions({ range }),
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
  });

  const changeFilters = (next: Filters) => {
    setFilters(next);
    setCursors([]);
  };
  const totals = stats.data?.totals;

  return (
    <div className="space-y-6">
      <ActivityFilters
        filters={filters}
        onChange={changeFilters}
        range={range}
        onRangeChange={setRange}
        connections={connections.data ?? []}
        tools={catalog.tools}
        outcomeKinds={Object.keys(seen.data?.totals.byOutcome ?? {}).filter((k) => k !== 'OK')}
      />
      <Card>
        <CardHeader
          title="Calls over time"
          description={
            totals === undefined
              ? 'Loading…'
              : `${plural(totals.total, 'call')} · ${plural(totals.errors, 'failure')}${totals.p95Ms === null ? '' : ` · p95 server time ${formatDuration(totals.p95Ms)}`}`
          }
        />
        <div className="p-5">
          {stats.isPending && <Skeleton className="aspect-[720/200] w-full" />}
          {stats.isError && (
            <ProblemAlert
              title="Could not load the chart"
              error={stats.error}
              onRetry={() => void stats.refetch()}
            />
          )}
          {stats.data !== undefined && <ActivityChart stats={stats.data} />}
        </div>
      </Card>
      <Card>
        <CardHeader
          title="Recent calls"
          description="Newest first. Inputs and bodies are never logged. Server time is what the hub spent on a call; the tool tester's round trip also counts the network, so it reads higher."
        />
        <ActivityTable
          page={page}
          pageNumber={cursors.length + 1}
          onOlder={() => {
            const next = page.data?.nextCursor;
            if (next !== null && next !== undefined) setCursors((all) => [...all, next]);
          }}
          onNewer={() => setCursors((all) => all.slice(0, -1))}
          filtered={Object.keys(input).length > 0}
          toolTitle={catalog.title}
        />
      </Card>
    </div>
  );
}
