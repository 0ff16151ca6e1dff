import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';

import { useTRPC } from '../../lib/trpc';
import { Card, CardHeader } from '../../ui/card';
import { PolicyChangeList } from './policy-change-list';

const PAGE_SIZE = 20;

/** The governance log (admins only): who changed a key's or a connection's limits, when, from what to what. */
export function PolicyChangesView() {
  const trpc = useTRPC();
  // Cursors of the pages before the current one: Newer pops, Older pushes.
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const page = useQuery({
    ...trpc.activity.policyChanges.queryOptions({
      limit: PAGE_SIZE,
      ...(cursor === undefined ? {} : { cursor }),
    }),
    placeholderData: keepPreviousData,
  });
  const connections = useQuery(trpc.integrations.list.queryOptions());

  return (
    <Card>
      <CardHeader
        title="Policy changes"
        description="Keys created or given other tools and connections; connections given other capabilities or spaces. Newest first."
      />
      <PolicyChangeList
        page={page}
        pageNumber={cursors.length + 1}
        siteName={(id) => connections.data?.find((c) => c.id === id)?.site.name}
        onOlder={() => {
          const next = page.data?.nextCursor;
          if (next !== null && next !== undefined) setCursors((all) => [...all, next]);
        }}
        onNewer={() => setCursors((all) => all.slice(0, -1))}
      />
    </Card>
  );
}
