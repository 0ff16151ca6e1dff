import type { UseQueryResult } from '@tanstack/react-query';

import type { ActivityPage } from '../../lib/api-types';
import { useNow } from '../../lib/use-now';
import { formatDateTime, formatDuration, relativeTime } from '../../lib/format';
import { Badge } from '../../ui/badge';
import { Button } from '../../ui/button';
import { EmptyState } from '../../ui/card';
import { IconActivity } from '../../ui/icons';
import { LoadState } from '../../ui/load-state';
import { SERVER_TIME_HELP } from '../../lib/durations';

export function ActivityTable({
  page,
  pageNumber,
  onOlder,
  onNewer,
  filtered,
  toolTitle,
}: {
  page: UseQueryResult<ActivityPage, unknown>;
  pageNumber: number;
  onOlder: () => void;
  onNewer: () => void;
  filtered: boolean;
  /** The registry's title of a tool (its name while the catalog loads). */
  toolTitle: (name: string) => string;
}) {
  const now = useNow();
  if (page.isPending || page.isError) {
    return (
      <LoadState query={page} loading="Loading activity…" failed="Could not load the activity" rows={6} />
    );
  }
  const { items, nextCursor } = page.data;
  if (items.length === 0 && pageNumber === 1) {
    return (
      <EmptyState
        icon={<IconActivity className="size-5" />}
        title={filtered ? 'No calls match these filters' : 'No tool calls yet'}
      >
        {filtered
          ? 'Clear a filter to see more.'
          : 'Calls appear here within a second or two. Run a tool in Try tools, or call the API with a key.'}
      </EmptyState>
    );
  }
  return (
    <>
      <div className="overflow-x-auto">
        <table className="w-full min-w-[46rem] text-left text-sm" data-testid="activity-table">
          <thead className="border-b border-slate-200 bg-slate-50/60 text-xs font-medium tracking-wide text-slate-500 uppercase">
            <tr>
              <th scope="col" className="px-5 py-2.5 font-medium">
                Time
              </th>
              <th scope="col" className="px-3 py-2.5 font-medium">
                Tool
              </th>
              <th scope="col" className="px-3 py-2.5 font-medium">
                Connection
              </th>
              <th scope="col" className="px-3 py-2.5 font-medium">
                Caller
              </th>
              <th scope="col" className="px-3 py-2.5 font-medium">
                Outcome
              </th>
              <th scope="col" className="px-5 py-2.5 text-right font-medium">
                <abbr title={SERVER_TIME_HELP} className="cursor-help no-underline">
                  Server time
                </abbr>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {items.map((item) => (
              <tr
                key={item.id}
                data-testid="activity-row"
                data-tool={item.tool}
                data-outcome={item.outcomeKind}
              >
                <td className="px-5 py-2.5 whitespace-nowrap text-slate-600">
                  <time dateTime={item.at} title={formatDateTime(item.at)}>
                    {relativeTime(item.at, now)}
                  </time>
                </td>
                <td className="px-3 py-2.5">
                  <span className="font-medium text-slate-900">{toolTitle(item.tool)}</span>
                  <span className="block font-mono text-[11px] text-slate-500">{item.tool}</span>
                </td>
                <td className="px-3 py-2.5 text-slate-700">
                  {item.connection?.siteName ?? <span className="text-slate-400">—</span>}
                </td>
                <td className="px-3 py-2.5 text-slate-700">
                  {item.principal.name ?? item.principal.id}
                  <span className="block text-[11px] text-slate-500">
                    {item.principal.kind === 'apiKey' ? 'API key' : 'User'}
                  </span>
                </td>
                <td className="px-3 py-2.5">
                  {item.outcome === 'ok' ? (
                    <Badge tone="success">Succeeded</Badge>
                  ) : (
                    <Badge tone="danger" className="font-mono">
                      {item.outcomeKind}
                    </Badge>
                  )}
                </td>
                <td className="px-5 py-2.5 text-right whitespace-nowrap text-slate-700 tabular-nums">
                  {formatDuration(item.durationMs)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav
        className="flex items-center justify-between border-t border-slate-200 px-5 py-3"
        aria-label="Activity pages"
      >
        <p className="text-[13px] text-slate-500">Page {pageNumber}</p>
        <div className="flex gap-2">
          <Button size="sm" onClick={onNewer} disabled={pageNumber === 1}>
            Newer
          </Button>
          <Button size="sm" onClick={onOlder} disabled={nextCursor === null}>
            Older
          </Button>
        </div>
      </nav>
    </>
  );
}
