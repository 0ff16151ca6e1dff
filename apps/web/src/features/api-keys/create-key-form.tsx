import { useMutation } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';

import type { Connection } from '../../lib/api-types';
import { toProblem } from '../../lib/problem';
import type { CatalogTool } from '../../lib/tool-catalog';
import { useTRPC } from '../../lib/trpc';
import { Button } from '../../ui/button';
import { describedBy, Field, inputClass, selectClass } from '../../ui/field';
import { hasErrors, OPEN_POLICY, policyErrors, type PolicyDraft } from './key-policy';
import { PolicyFields } from './policy-fields';

const EXPIRY = [
  { value: '', label: 'Never' },
  { value: '30', label: 'In 30 days' },
  { value: '90', label: 'In 90 days' },
  { value: '365', label: 'In 1 year' },
];

export function CreateKeyForm({
  tools,
  connections,
  onCreated,
}: {
  tools: CatalogTool[];
  connections: Connection[];
  onCreated: (key: string, name: string) => void;
}) {
  const trpc = useTRPC();
  const [name, setName] = useState('');
  const [role, setRole] = useState<'member' | 'admin'>('member');
  const [expires, setExpires] = useState('');
  const [policy, setPolicy] = useState<PolicyDraft>(OPEN_POLICY);
  // Bumped after a key is made: the policy controls start again from scratch (no remembered ticks).
  const [generation, setGeneration] = useState(0);
  const [nameError, setNameError] = useState<string | undefined>();
  const [checked, setChecked] = useState(false);
  const create = useMutation(
    trpc.apiKeys.create.mutationOptions({
      onSuccess: ({ key, apiKey }) => {
        onCreated(key, apiKey.name);
        setName('');
        setRole('member');
        setExpires('');
        setPolicy(OPEN_POLICY);
        setChecked(false);
        setGeneration((n) => n + 1);
      },
    }),
  );
  const problem = create.isError ? toProblem(create.error) : null;
  const serverNameError = (
    problem?.data.zodError as { fieldErrors?: Record<string, string[]> } | null | undefined
  )?.fieldErrors?.name?.[0];
  const errors = checked ? policyErrors(policy) : {};

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setChecked(true);
    const nameMissing = name.trim() === '';
    setNameError(nameMissing ? 'Give the key a name, e.g. the service that will use it.' : undefined);
    if (nameMissing || hasErrors(policyErrors(policy))) return;
    create.mutate({
      name: name.trim(),
      role,
      ...(expires === '' ? {} : { expiresInDays: Number(expires) }),
      ...policy,
    });
  };
  const error = nameError ?? serverNameError;

  return (
    <form onSubmit={submit} noValidate className="space-y-5">
      <div className="grid items-start gap-4 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_minmax(0,1fr)]">
        <Field id="key-name" label="Name" required error={error} help="Who uses it, e.g. “support-bot”.">
          <input
            id="key-name"
            value={name}
            maxLength={64}
            onChange={(event) => setName(event.target.value)}
            className={inputClass}
            aria-invalid={error !== undefined}
            aria-describedby={describedBy('key-name', true, error !== undefined)}
            aria-required
          />
        </Field>
        <Field
          id="key-role"
          label="Role"
          help={role === 'admin' ? 'Can also manage keys and connections.' : 'Can call tools.'}
        >
          <select
            id="key-role"
            value={role}
            onChange={(event) => setRole(event.target.value === 'admin' ? 'admin' : 'member')}
            className={selectClass}
            aria-describedby="key-role-help"
          >
            <option value="member">Member</option>
            <option value="admin">Admin</option>
          </select>
        </Field>
        <Field id="key-expires" label="Expires">
          <select
            id="key-expires"
            value={expires}
            onChange={(event) => setExpires(event.target.value)}
            className={selectClass}
          >
            {EXPIRY.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <PolicyFields
        key={generation}
        idPrefix="new-key"
        draft={policy}
        onChange={setPolicy}
        tools={tools}
        connections={connections}
        errors={errors}
      />
      <div className="flex flex-wrap items-center gap-3 border-t border-slate-200 pt-4">
        <Button type="submit" variant="primary" loading={create.isPending} className="w-full sm:w-auto">
          Create key
        </Button>
        {problem !== null && serverNameError === undefined && (
          <p role="alert" className="min-w-0 text-sm text-rose-700">
            Could not create the key: {problem.message}
          </p>
        )}
      </div>
    </form>
  );
}
