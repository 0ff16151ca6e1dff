import type { ApiKeyKind, Connection } from '../../lib/api-types';
import type { CatalogTool } from '../../lib/tool-catalog';
import { ConnectionChecklist } from './connection-checklist';
import { KIND_LABELS, type PolicyDraft, type PolicyErrors } from './key-policy';
import { ChoiceRadio } from '../../ui/choice-radio';
import { ToolChecklist } from './tool-checklist';

const KIND_HELP: Record<ApiKeyKind, string> = {
  agent: 'An AI agent, e.g. through an MCP client. Give it only the tools its task needs.',
  service: 'An internal service or script that calls the hub’s API.',
};

/** Kind, tools and connections of a key: the same controls when creating a key and when editing one. */
export function PolicyFields({
  idPrefix,
  draft,
  onChange,
  tools,
  connections,
  errors = {},
  disabled = false,
  stacked = false,
}: {
  idPrefix: string;
  draft: PolicyDraft;
  onChange: (draft: PolicyDraft) => void;
  tools: CatalogTool[];
  connections: Connection[];
  errors?: PolicyErrors;
  disabled?: boolean;
  /** One column (in a dialog) instead of three side by side on wide screens. */
  stacked?: boolean;
}) {
  return (
    <div
      className={
        stacked
          ? 'grid min-w-0 gap-5'
          : 'grid min-w-0 gap-5 lg:grid-cols-[minmax(0,1fr)_minmax(0,2fr)_minmax(0,1fr)]'
      }
    >
      <fieldset className="min-w-0 space-y-2" disabled={disabled}>
        <legend className="mb-1.5 text-sm font-medium text-slate-800">Used by</legend>
        {(Object.keys(KIND_LABELS) as ApiKeyKind[]).map((kind) => (
          <ChoiceRadio
            key={kind}
            name={`${idPrefix}-kind`}
            checked={draft.kind === kind}
            onSelect={() => onChange({ ...draft, kind })}
            label={KIND_LABELS[kind]}
          />
        ))}
        <p className="text-[13px] leading-snug text-slate-500">{KIND_HELP[draft.kind]}</p>
      </fieldset>
      <ToolChecklist
        idPrefix={idPrefix}
        tools={tools}
        value={draft.tools}
        onChange={(next) => onChange({ ...draft, tools: next })}
        error={errors.tools}
        disabled={disabled}
      />
      <ConnectionChecklist
        idPrefix={idPrefix}
        connections={connections}
        value={draft.connectionIds}
        onChange={(next) => onChange({ ...draft, connectionIds: next })}
        error={errors.connectionIds}
        disabled={disabled}
      />
    </div>
  );
}
