import { ProblemAlert } from './problem-alert';
import { LoadingBlock } from './spinner';

interface LoadingQuery {
  isError: boolean;
  error: unknown;
  refetch: () => unknown;
}

/**
 * A card body while its query has nothing to show: placeholder rows while it loads, or what went wrong with Try
 * again. Render it when `query.isPending || query.isError`.
 */
export function LoadState({
  query,
  loading,
  failed,
  rows = 5,
}: {
  query: LoadingQuery;
  /** Announced while loading: "Loading activity…". */
  loading: string;
  /** The error's title: "Could not load the activity". */
  failed: string;
  rows?: number;
}) {
  return (
    <div className="p-5">
      {query.isError ? (
        <ProblemAlert title={failed} error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <LoadingBlock label={loading} rows={rows} />
      )}
    </div>
  );
}
