import type { ApiKey, Connection } from '../../lib/api-types';
import { plural } from '../../lib/format';
import { Badge } from '../../ui/badge';
import { connectionNames, KIND_LABELS, toolsSummary } from './key-policy';

/** "All tools", or "3 tools" that opens to their names (a click, so it works without a mouse and on phones). */
export function ToolsCell({ policy }: { policy: ApiKey['policy'] }) {
  return <Listed summary={toolsSummary(policy.tools)} items={policy.tools} mono testId="key-tools" />;
}

export function ConnectionsCell({
  policy,
  connections,
}: {
  policy: ApiKey['policy'];
  connections: Connection[];
}) {
  const names = connectionNames(policy.connectionIds, connections);
  const summary =
    names === null
      ? 'All connections'
      : names.length === 1
        ? (names[0] ?? '')
        : plural(names.length, 'connection');
  return (
    <Listed
      summary={summary}
      items={names !== null && names.length > 1 ? names : null}
      testId="key-connections"
    />
  );
}

export function KindBadge({ policy }: { policy: ApiKey['policy'] }) {
  return <Badge tone={policy.kind === 'agent' ? 'info' : 'neutral'}>{KIND_LABELS[policy.kind]}</Badge>;
}

function Listed({
  summary,
  items,
  mono = false,
  testId,
}: {
  summary: string;
  items: readonly string[] | null;
  mono?: boolean;
  testId: string;
}) {
  if (items === null || items.length === 0) return <span data-testid={testId}>{summary}</span>;
  return (
    <details data-testid={testId} className="group">
      <summary className="cursor-pointer whitespace-nowrap rounded text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">
        {summary}
      </summary>
      <ul className={`mt-1 space-y-0.5 text-xs text-slate-600 ${mono ? 'font-mono' : ''}`}>
        {items.map((item) => (
          <li key={item} className="break-all">
            {item}
          </li>
        ))}
      </ul>
    </details>
  );
}
