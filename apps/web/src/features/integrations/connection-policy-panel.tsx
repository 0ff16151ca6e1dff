import type { Connection, ConnectionPolicy } from '../../lib/api-types';
import { CAPABILITIES, type CatalogTool } from '../../lib/tool-catalog';
import { ProblemAlert } from '../../ui/problem-alert';
import { Spinner } from '../../ui/spinner';
import { Switch } from '../../ui/switch';
import { describeCapabilities, withCapability } from './connection-policy';
import { SpaceAllowList } from './space-allow-list';

export type PolicyPatch = Partial<ConnectionPolicy>;

/** Beside the Delete pages switch: why it is off, and what turning it on lets agents do. */
export const DELETE_WARNING =
  'Off by default. When on, agents can move pages to the trash (a space admin can restore them)';

export type PolicySaveState = 'idle' | 'pending' | 'saved' | 'failed';

/**
 * What tools may do through a connection (capabilities, saved at each switch) and in which spaces. Admins change
 * it; members see the same controls, read-only. Keys' own tool lists narrow it further.
 */
export function ConnectionPolicyPanel({
  connection,
  tools,
  isAdmin,
  state,
  error,
  onSave,
}: {
  connection: Connection;
  /** The registry's tools (tools.catalog): each switch names the tools it allows. */
  tools: CatalogTool[];
  isAdmin: boolean;
  state: PolicySaveState;
  error: unknown;
  /** Resolves true once saved, false when it failed (the error comes back through `error`). */
  onSave: (patch: PolicyPatch) => Promise<boolean>;
}) {
  const { capabilities, allowedSpaceKeys } = connection.policy;
  const pending = state === 'pending';
  return (
    <section
      className="mt-4 rounded-lg bg-slate-50 p-3.5 ring-1 ring-slate-200 ring-inset"
      aria-label={`What agents may do on ${connection.site.name}`}
      data-testid="connection-policy"
    >
      <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
        <h4 className="text-[13px] font-semibold text-slate-900">What agents may do here</h4>
        <p className="text-xs text-slate-500" aria-live="polite" data-testid="policy-state">
          {pending && (
            <span className="inline-flex items-center gap-1.5">
              <Spinner className="size-3.5" /> Saving…
            </span>
          )}
          {state === 'saved' && 'Saved. Applies from the next call.'}
          {state === 'idle' && !isAdmin && 'Only workspace admins change this.'}
        </p>
      </div>
      <p className="mt-1 text-[13px] font-medium text-slate-800" data-testid="capability-summary">
        {describeCapabilities(capabilities)}
      </p>
      <div className="mt-3 grid gap-3 sm:grid-cols-2 xl:grid-cols-5">
        {CAPABILITIES.map(({ key, label }) => (
          <Switch
            key={key}
            label={label}
            help={
              tools
                .filter((t) => t.capability === key)
                .map((t) => t.title)
                .join(', ') + (key === 'delete' ? `. ${DELETE_WARNING}` : '')
            }
            checked={capabilities.includes(key)}
            disabled={!isAdmin || pending}
            onChange={(on) => void onSave({ capabilities: withCapability(capabilities, key, on) })}
            testId={`capability-${key}`}
          />
        ))}
      </div>
      {capabilities.includes('delete') && (
        <p
          className="mt-3 rounded-md bg-amber-50 px-3 py-2 text-[13px] text-amber-900 ring-1 ring-amber-200 ring-inset"
          data-testid="delete-warning"
        >
          Deleting is on: agents can move pages of this site to the trash. A space admin can restore them
          there.
        </p>
      )}
      <div className="mt-4 border-t border-slate-200 pt-3">
        <SpaceAllowList
          idPrefix={`policy-${connection.id}`}
          keys={allowedSpaceKeys}
          isAdmin={isAdmin}
          pending={pending}
          onSave={(keys) => onSave({ allowedSpaceKeys: keys })}
        />
      </div>
      {state === 'failed' && (
        <ProblemAlert className="mt-3" title="Could not save what agents may do here" error={error} />
      )}
    </section>
  );
}
