import { useState } from 'react';

import type { ToolName } from '../../lib/api-types';
import type { CatalogTool } from '../../lib/tool-catalog';
import { capabilityLabel } from '../../lib/tool-catalog';
import { ChoiceRadio } from '../../ui/choice-radio';
import { ListError } from './list-error';

const GROUPS = [
  { readOnly: true, title: 'Reads', help: 'Never change Confluence.' },
  { readOnly: false, title: 'Writes', help: 'Create and change pages, post comments.' },
];

/**
 * Which tools a key may call: every tool (null, which includes tools added to the hub later) or the ones ticked,
 * grouped into reads and writes. Switching back to "chosen" restores the last ticks.
 */
export function ToolChecklist({
  idPrefix,
  tools,
  value,
  onChange,
  error,
  disabled = false,
}: {
  idPrefix: string;
  tools: CatalogTool[];
  value: ToolName[] | null;
  onChange: (tools: ToolName[] | null) => void;
  error?: string | undefined;
  disabled?: boolean;
}) {
  const [remembered, setRemembered] = useState<ToolName[]>(value ?? []);
  const toggle = (name: ToolName, on: boolean) => {
    const current = value ?? [];
    // Kept in the registry's order, so the lists read the same everywhere.
    const next = tools.map((t) => t.name).filter((n) => (n === name ? on : current.includes(n)));
    setRemembered(next);
    onChange(next);
  };
  return (
    <fieldset className="min-w-0 space-y-2" disabled={disabled} data-testid={`${idPrefix}-tools`}>
      <legend className="mb-1.5 text-sm font-medium text-slate-800">Tools</legend>
      <ChoiceRadio
        name={`${idPrefix}-tools-mode`}
        checked={value === null}
        onSelect={() => onChange(null)}
        label="All tools, including future ones"
      />
      <ChoiceRadio
        name={`${idPrefix}-tools-mode`}
        checked={value !== null}
        onSelect={() => onChange(remembered)}
        label="Only the tools I choose"
      />
      {value !== null && (
        <div className="grid gap-3 pl-6 sm:grid-cols-2">
          {GROUPS.map((group) => {
            const members = tools.filter((t) => t.readOnly === group.readOnly);
            if (members.length === 0) return null;
            return (
              <fieldset key={group.title} className="min-w-0" aria-describedby={`${idPrefix}-${group.title}`}>
                <legend className="text-xs font-semibold tracking-wide text-slate-500 uppercase">
                  {group.title}
                </legend>
                <p id={`${idPrefix}-${group.title}`} className="text-xs text-slate-500">
                  {group.help}
                </p>
                <ul className="mt-1.5 space-y-1.5">
                  {members.map((tool) => (
                    <li key={tool.name}>
                      <label className="flex items-start gap-2 text-sm text-slate-800">
                        <input
                          type="checkbox"
                          className="mt-0.5 size-4 shrink-0 accent-indigo-600"
                          checked={value.includes(tool.name)}
                          onChange={(event) => toggle(tool.name, event.target.checked)}
                        />
                        <span className="min-w-0">
                          {tool.title}
                          <span className="block font-mono text-[11px] break-all text-slate-500">
                            {tool.name} · {capabilityLabel(tool.capability).toLowerCase()}
                          </span>
                        </span>
                      </label>
                    </li>
                  ))}
                </ul>
              </fieldset>
            );
          })}
        </div>
      )}
      <ListError id={`${idPrefix}-tools-error`} error={error} />
    </fieldset>
  );
}
