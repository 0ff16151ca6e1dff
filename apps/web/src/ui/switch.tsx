import { useId, type ReactNode } from 'react';

import { cx } from './cx';

/** An on/off switch (WAI-ARIA role=switch) with its label and a line of help, all clickable. */
export function Switch({
  checked,
  onChange,
  label,
  help,
  disabled = false,
  testId,
}: {
  checked: boolean;
  onChange: (checked: boolean) => void;
  label: ReactNode;
  help?: ReactNode;
  disabled?: boolean;
  testId?: string;
}) {
  const id = useId();
  return (
    <div className="flex items-start gap-3" data-testid={testId}>
      <button
        type="button"
        role="switch"
        aria-checked={checked}
        aria-labelledby={`${id}-label`}
        aria-describedby={help === undefined ? undefined : `${id}-help`}
        disabled={disabled}
        onClick={() => onChange(!checked)}
        className={cx(
          'relative mt-0.5 inline-flex h-5 w-9 shrink-0 items-center rounded-full transition-colors',
          'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600',
          'disabled:cursor-not-allowed disabled:opacity-60',
          checked ? 'bg-indigo-600' : 'bg-slate-300',
        )}
      >
        <span
          aria-hidden="true"
          className={cx(
            'inline-block size-4 rounded-full bg-white shadow transition-transform',
            checked ? 'translate-x-[18px]' : 'translate-x-0.5',
          )}
        />
      </button>
      <div className="min-w-0 text-[13px]">
        <span
          id={`${id}-label`}
          className={cx('font-medium text-slate-800', !disabled && 'cursor-pointer')}
          onClick={() => !disabled && onChange(!checked)}
        >
          {label}
        </span>
        {help !== undefined && (
          <p id={`${id}-help`} className="text-slate-500">
            {help}
          </p>
        )}
      </div>
    </div>
  );
}
