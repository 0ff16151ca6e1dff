import { formatDuration } from '../../lib/format';
import { toProblem } from '../../lib/problem';
import { IconAlert, IconCheckCircle } from '../../ui/icons';
import type { TestState } from './connection-row';

/** What the last Test connection said: the latency, or the error kind and message. Announced politely. */
export function TestOutcome({ test }: { test: TestState }) {
  if (test.status === 'idle' || test.status === 'pending') {
    return (
      <p className="sr-only" aria-live="polite">
        {test.status === 'pending' ? 'Testing the connection…' : ''}
      </p>
    );
  }
  const failure =
    test.status === 'failed'
      ? toProblem(test.error)
      : test.result.ok
        ? null
        : { kind: test.result.error.kind, message: test.result.error.message };
  const latency = test.status === 'done' ? formatDuration(test.result.latencyMs) : null;
  return (
    <div
      role="status"
      data-testid="test-result"
      className={`mt-3 flex items-start gap-2 rounded-lg px-3 py-2 text-[13px] ${failure === null ? 'bg-emerald-50 text-emerald-900' : 'bg-rose-50 text-rose-900'}`}
    >
      {failure === null ? (
        <>
          <IconCheckCircle className="mt-px size-4 shrink-0 text-emerald-600" />
          <span>
            Connection works: Confluence answered in <strong>{latency}</strong>.
          </span>
        </>
      ) : (
        <>
          <IconAlert className="mt-px size-4 shrink-0 text-rose-600" />
          <span>
            Test failed{latency === null ? '' : ` after ${latency}`}:{' '}
            {failure.kind !== null && <code className="font-mono font-semibold">{failure.kind}</code>}{' '}
            {failure.message}
          </span>
        </>
      )}
    </div>
  );
}
