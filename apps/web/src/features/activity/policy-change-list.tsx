import type { UseQueryResult } from '@tanstack/react-query';

import type { PolicyChange, PolicyChangesPage } from '../../lib/api-types';
import { formatDateTime, relativeTime } from '../../lib/format';
import { useNow } from '../../lib/use-now';
import { Badge } from '../../ui/badge';
import { Button } from '../../ui/button';
import { EmptyState } from '../../ui/card';
import { IconKey } from '../../ui/icons';
import { LoadState } from '../../ui/load-state';
import { describePolicyChange } from './policy-diff';

/** One page of the policy log with its loading, error and empty states, and Newer / Older. */
export function PolicyChangeList({
  page,
  pageNumber,
  siteName,
  onOlder,
  onNewer,
}: {
  page: UseQueryResult<PolicyChangesPage, unknown>;
  pageNumber: number;
  /** Site names for connection ids, where the workspace still has them. */
  siteName: (id: string) => string | undefined;
  onOlder: () => void;
  onNewer: () => void;
}) {
  if (page.isPending || page.isError) {
    return (
      <LoadState
        query={page}
        loading="Loading policy changes…"
        failed="Could not load the policy changes"
        rows={5}
      />
    );
  }
  const { items, nextCursor } = page.data;
  if (items.length === 0 && pageNumber === 1) {
    return (
      <EmptyState icon={<IconKey className="size-5" />} title="No policy changes yet">
        Creating an API key, changing its tools or connections, or changing what a connection allows shows up
        here.
      </EmptyState>
    );
  }
  return (
    <>
      <ol className="divide-y divide-slate-100" data-testid="policy-changes" aria-label="Policy changes">
        {items.map((change) => (
          <ChangeItem key={change.id} change={change} siteName={siteName} />
        ))}
      </ol>
      <nav
        className="flex items-center justify-between border-t border-slate-200 px-5 py-3"
        aria-label="Policy change pages"
      >
        <p className="text-[13px] text-slate-500">Page {pageNumber}</p>
        <div className="flex gap-2">
          <Button size="sm" onClick={onNewer} disabled={pageNumber === 1}>
            Newer
          </Button>
          <Button size="sm" onClick={onOlder} disabled={nextCursor === null || page.isPlaceholderData}>
            Older
          </Button>
        </div>
      </nav>
    </>
  );
}

function ChangeItem({
  change,
  siteName,
}: {
  change: PolicyChange;
  siteName: (id: string) => string | undefined;
}) {
  const now = useNow();
  const { headline, lines, actor } = describePolicyChange(change, siteName);
  return (
    <li className="px-5 py-3.5" data-testid="policy-change" data-target={change.target.kind}>
      <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
        <p className="min-w-0 text-sm font-medium wrap-anywhere text-slate-900">
          {headline}{' '}
          <Badge className="ml-1 align-middle">
            {change.target.kind === 'apiKey' ? 'API key' : 'Connection'}
          </Badge>
        </p>
        <p className="text-[13px] text-slate-500">
          <time dateTime={change.at} title={formatDateTime(change.at)}>
            {relativeTime(change.at, now)}
          </time>{' '}
          by {actor}
        </p>
      </div>
      <ul className="mt-1.5 space-y-0.5">
        {lines.map((line) => (
          <li key={line} className="font-mono text-xs wrap-anywhere text-slate-700">
            {line}
          </li>
        ))}
      </ul>
    </li>
  );
}
