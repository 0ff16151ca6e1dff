import { useState, type SyntheticEvent } from 'react';

import type { ApiKey, Connection } from '../../lib/api-types';
import type { CatalogTool } from '../../lib/tool-catalog';
import { Button } from '../../ui/button';
import { Dialog } from '../../ui/dialog';
import { ProblemAlert } from '../../ui/problem-alert';
import { hasErrors, policyErrors, samePolicy, type PolicyDraft } from './key-policy';
import { PolicyFields } from './policy-fields';

interface Props {
  /** The key being edited; null when the dialog is closed. */
  apiKey: ApiKey | null;
  tools: CatalogTool[];
  connections: Connection[];
  pending: boolean;
  /** The last failed save, shown with the server's message. */
  error: unknown;
  onSave: (draft: PolicyDraft) => void;
  onCancel: () => void;
}

/** Changes what a key may do: its kind, tools and connections. Effective from the key's next call. */
export function EditPolicyDialog({ apiKey, onCancel, ...rest }: Props) {
  return (
    <Dialog
      open={apiKey !== null}
      title={apiKey === null ? '' : `Access of “${apiKey.name}”`}
      onClose={onCancel}
      testId="edit-key-policy"
      wide
    >
      {apiKey !== null && <PolicyEditor key={apiKey.id} apiKey={apiKey} onCancel={onCancel} {...rest} />}
    </Dialog>
  );
}

function PolicyEditor({
  apiKey,
  tools,
  connections,
  pending,
  error,
  onSave,
  onCancel,
}: Omit<Props, 'apiKey'> & { apiKey: ApiKey }) {
  const [draft, setDraft] = useState<PolicyDraft>(apiKey.policy);
  const errors = policyErrors(draft);
  const unchanged = samePolicy(draft, apiKey.policy);
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (!hasErrors(errors) && !unchanged) onSave(draft);
  };
  return (
    <form onSubmit={submit} noValidate className="space-y-5">
      <p>
        Calls the key makes from now on follow these limits, on every API process. Calls outside them are
        refused with <code className="font-mono text-xs">FORBIDDEN_TOOL</code> or{' '}
        <code className="font-mono text-xs">POLICY_DENIED</code>.
      </p>
      <PolicyFields
        idPrefix={`edit-${apiKey.id}`}
        draft={draft}
        onChange={setDraft}
        tools={tools}
        connections={connections}
        errors={errors}
        disabled={pending}
        stacked
      />
      {error !== null && error !== undefined && (
        <ProblemAlert title="Could not save the key’s access" error={error} />
      )}
      <div className="flex flex-wrap justify-end gap-2">
        <Button onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" loading={pending} disabled={unchanged || hasErrors(errors)}>
          Save access
        </Button>
      </div>
    </form>
  );
}
