import type { PolicyChange } from '../../lib/api-types';
import { capabilityLabel } from '../../lib/tool-catalog';
import { KIND_LABELS } from '../api-keys/key-policy';

/** How the log names a changed field, in the order lines are shown. Unknown fields follow, by their own name. */
const FIELDS: Record<string, string> = {
  kind: 'kind',
  tools: 'tools',
  connectionIds: 'connections',
  capabilities: 'capabilities',
  allowedSpaceKeys: 'spaces',
};

/** A key's fields when it is created; one missing from `changes` was created as null ("All"). */
const CREATED_KEY_FIELDS = ['kind', 'tools', 'connectionIds'];

export interface DescribedChange {
  headline: string;
  /** "tools: All → get_confluence_page, search_confluence_pages" */
  lines: string[];
  actor: string;
}

/** One policy log entry in words. `connectionName` turns connection ids into site names where it knows them. */
export function describePolicyChange(
  change: PolicyChange,
  connectionName: (id: string) => string | undefined = () => undefined,
): DescribedChange {
  const { target, changes } = change;
  const created = target.kind === 'apiKey' && changes.created?.to === true;
  const what = target.kind === 'apiKey' ? 'key' : 'connection';
  const value = (field: string, v: unknown) => formatValue(field, v, connectionName);
  const fields = orderedFields(Object.keys(changes).filter((f) => f !== 'created'));
  const lines = created
    ? orderedFields([...new Set([...CREATED_KEY_FIELDS, ...fields])]).map(
        (field) => `${labelOf(field)}: ${value(field, changes[field]?.to ?? null)}`,
      )
    : fields.map((field) => {
        const { from, to } = changes[field] ?? { from: null, to: null };
        return `${labelOf(field)}: ${value(field, from)} → ${value(field, to)}`;
      });
  return {
    headline: `${created ? 'Created' : 'Changed'} ${what} “${target.name}”`,
    lines,
    actor: actorName(change.by),
  };
}

function orderedFields(fields: string[]): string[] {
  const known = Object.keys(FIELDS);
  const rank = (f: string) => (known.includes(f) ? known.indexOf(f) : known.length);
  return [...fields].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

function labelOf(field: string): string {
  return FIELDS[field] ?? field;
}

function actorName(by: PolicyChange['by']): string {
  if (by.kind === 'apiKey') return `${by.name} (API key)`;
  if (by.kind === 'system') return `${by.name} (command line)`;
  return by.name;
}

function formatValue(
  field: string,
  value: unknown,
  connectionName: (id: string) => string | undefined,
): string {
  if (value === null || value === undefined) {
    // Null lists mean "no limit" for every list field the API has.
    return field === 'capabilities' ? 'none' : 'All';
  }
  if (Array.isArray(value)) {
    const items = value.map(String);
    if (items.length === 0) return 'none';
    if (field === 'capabilities') return items.map(capabilityLabel).join(', ');
    if (field === 'connectionIds') return items.map((id) => connectionName(id) ?? id).join(', ');
    return items.join(', ');
  }
  if (field === 'kind' && (value === 'agent' || value === 'service')) return KIND_LABELS[value];
  return typeof value === 'string' ? value : JSON.stringify(value);
}
