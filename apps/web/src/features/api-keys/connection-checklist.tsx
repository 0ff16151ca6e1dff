import { useState } from 'react';

import type { Connection } from '../../lib/api-types';
import { ChoiceRadio } from '../../ui/choice-radio';
import { ListError } from './list-error';

/**
 * Which connections a key may use: all of them (null, which includes sites connected later) or the ones ticked.
 * Lists the live connections, plus any the key already names that has since been disconnected.
 */
export function ConnectionChecklist({
  idPrefix,
  connections,
  value,
  onChange,
  error,
  disabled = false,
}: {
  idPrefix: string;
  connections: Connection[];
  value: string[] | null;
  onChange: (connectionIds: string[] | null) => void;
  error?: string | undefined;
  disabled?: boolean;
}) {
  const [remembered, setRemembered] = useState<string[]>(value ?? []);
  const shown = connections.filter((c) => c.status !== 'disconnected' || value?.includes(c.id) === true);
  const toggle = (id: string, on: boolean) => {
    const current = value ?? [];
    const next = on ? [...current, id] : current.filter((other) => other !== id);
    setRemembered(next);
    onChange(next);
  };
  return (
    <fieldset className="min-w-0 space-y-2" disabled={disabled} data-testid={`${idPrefix}-connections`}>
      <legend className="mb-1.5 text-sm font-medium text-slate-800">Connections</legend>
      <ChoiceRadio
        name={`${idPrefix}-connections-mode`}
        checked={value === null}
        onSelect={() => onChange(null)}
        label="All connections"
      />
      <ChoiceRadio
        name={`${idPrefix}-connections-mode`}
        checked={value !== null}
        onSelect={() => onChange(remembered)}
        label="Only the connections I choose"
        disabled={shown.length === 0}
      />
      {shown.length === 0 && (
        <p className="pl-6 text-xs text-slate-500">
          No site is connected yet. “All connections” includes the ones connected later.
        </p>
      )}
      {value !== null && shown.length > 0 && (
        <ul className="space-y-1.5 pl-6">
          {shown.map((connection) => (
            <li key={connection.id}>
              <label className="flex items-start gap-2 text-sm text-slate-800">
                <input
                  type="checkbox"
                  className="mt-0.5 size-4 shrink-0 accent-indigo-600"
                  checked={value.includes(connection.id)}
                  onChange={(event) => toggle(connection.id, event.target.checked)}
                />
                <span className="min-w-0">
                  {connection.site.name}
                  {connection.status === 'disconnected' && ' (disconnected)'}
                  <span className="block text-xs break-all text-slate-500">
                    {connection.site.url.replace(/^https?:\/\//, '')}
                  </span>
                </span>
              </label>
            </li>
          ))}
        </ul>
      )}
      <ListError id={`${idPrefix}-connections-error`} error={error} />
    </fieldset>
  );
}
