import type { Connection, ToolName } from '../../lib/api-types';
import type { CatalogTool } from '../../lib/tool-catalog';
import { Field, selectClass } from '../../ui/field';

export interface Filters {
  tool: ToolName | '';
  connectionId: string;
  outcome: string;
}
export type Range = '1h' | '24h' | '7d' | '30d';

const RANGES: { value: Range; label: string }[] = [
  { value: '1h', label: 'Last hour' },
  { value: '24h', label: 'Last 24 hours' },
  { value: '7d', label: 'Last 7 days' },
  { value: '30d', label: 'Last 30 days' },
];

const COMMON_KINDS = [
  'NOT_FOUND',
  'VERSION_CONFLICT',
  'NEEDS_REAUTH',
  'NOT_CONNECTED',
  'RATE_LIMITED',
  'BAD_REQUEST',
];

export function ActivityFilters({
  filters,
  onChange,
  range,
  onRangeChange,
  connections,
  tools,
  outcomeKinds,
}: {
  filters: Filters;
  onChange: (filters: Filters) => void;
  range: Range;
  onRangeChange: (range: Range) => void;
  connections: Connection[];
  /** The registry's tools (tools.catalog). */
  tools: CatalogTool[];
  /** Error kinds seen in the period whatever the filters, offered as outcome filters. */
  outcomeKinds: string[];
}) {
  const kinds = [
    ...new Set([
      ...outcomeKinds,
      ...COMMON_KINDS,
      ...(filters.outcome.match(/^[A-Z_]+$/) ? [filters.outcome] : []),
    ]),
  ].sort();
  return (
    <form
      className="grid gap-4 rounded-xl bg-white p-4 shadow-xs ring-1 ring-slate-200 sm:grid-cols-2 lg:grid-cols-4"
      aria-label="Filter activity"
      onSubmit={(event) => event.preventDefault()}
    >
      <Field id="filter-range" label="Chart period">
        <select
          id="filter-range"
          className={selectClass}
          value={range}
          onChange={(e) => onRangeChange(e.target.value as Range)}
        >
          {RANGES.map((r) => (
            <option key={r.value} value={r.value}>
              {r.label}
            </option>
          ))}
        </select>
      </Field>
      <Field id="filter-tool" label="Tool">
        <select
          id="filter-tool"
          className={selectClass}
          value={filters.tool}
          onChange={(e) =>
            onChange({ ...filters, tool: tools.find((t) => t.name === e.target.value)?.name ?? '' })
          }
        >
          <option value="">All tools</option>
          {tools.map((tool) => (
            <option key={tool.name} value={tool.name}>
              {tool.title}
            </option>
          ))}
        </select>
      </Field>
      <Field id="filter-connection" label="Connection">
        <select
          id="filter-connection"
          className={selectClass}
          value={filters.connectionId}
          onChange={(e) => onChange({ ...filters, connectionId: e.target.value })}
        >
          <option value="">All connections</option>
          {connections.map((c) => (
            <option key={c.id} value={c.id}>
              {c.site.name}
              {c.status === 'disconnected' ? ' (disconnected)' : ''}
            </option>
          ))}
        </select>
      </Field>
      <Field id="filter-outcome" label="Outcome">
        <select
          id="filter-outcome"
          className={selectClass}
          value={filters.outcome}
          onChange={(e) => onChange({ ...filters, outcome: e.target.value })}
        >
          <option value="">All outcomes</option>
          <option value="ok">Succeeded</option>
          <option value="error">Failed (any error)</option>
          <optgroup label="Error kind">
            {kinds.map((kind) => (
              <option key={kind} value={kind}>
                {kind}
              </option>
            ))}
          </optgroup>
        </select>
      </Field>
    </form>
  );
}
