import type { Problem } from '../lib/problem';
import { toProblem } from '../lib/problem';
import { Alert } from './alert';
import { Button } from './button';

/** A failed load or action: what went wrong, what to do, and a retry when it can help. */
export function ProblemAlert({
  error,
  title,
  onRetry,
  className,
}: {
  error: unknown;
  title: string;
  onRetry?: () => void;
  className?: string;
}) {
  const problem: Problem = toProblem(error);
  return (
    <Alert
      tone="danger"
      title={title}
      className={className}
      actions={
        onRetry === undefined ? undefined : (
          <Button size="sm" onClick={onRetry}>
            Try again
          </Button>
        )
      }
    >
      {problem.message}
      {problem.kind !== null && <span className="ml-1.5 font-mono text-xs opacity-70">({problem.kind})</span>}
    </Alert>
  );
}
