import type { ReactNode } from 'react';

import { cx } from './cx';

const control =
  'block w-full rounded-lg border-0 bg-white px-3 text-sm text-slate-900 shadow-xs ring-1 ring-inset ring-slate-300 ' +
  'placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-indigo-600 focus:outline-none ' +
  'disabled:bg-slate-50 disabled:text-slate-500 aria-[invalid=true]:ring-rose-500';

export const inputClass = cx(control, 'h-9');
export const selectClass = cx(control, 'h-9 pr-8');
export const textareaClass = cx(control, 'py-2 font-mono text-[13px] leading-relaxed');

interface FieldProps {
  id: string;
  label: ReactNode;
  required?: boolean;
  help?: ReactNode;
  error?: string | undefined;
  children: ReactNode;
  className?: string;
}

/**
 * Label, control, help text and error, wired together: the control gets `id`, and should carry
 * `aria-describedby={describedBy(id, …)}` so screen readers read the help and the error with it.
 */
export function Field({ id, label, required = false, help, error, children, className }: FieldProps) {
  return (
    <div className={cx('space-y-1.5', className)}>
      <label htmlFor={id} className="flex items-baseline gap-1 text-sm font-medium text-slate-800">
        {label}
        {required && (
          <span className="text-rose-600" title="required">
            *<span className="sr-only"> (required)</span>
          </span>
        )}
      </label>
      {children}
      {error !== undefined && (
        <p id={`${id}-error`} className="text-[13px] text-rose-700">
          {error}
        </p>
      )}
      {help !== undefined && help !== '' && (
        <p id={`${id}-help`} className="text-[13px] leading-snug text-slate-500">
          {help}
        </p>
      )}
    </div>
  );
}

export function describedBy(id: string, hasHelp: boolean, hasError: boolean): string | undefined {
  const ids = [hasError && `${id}-error`, hasHelp && `${id}-help`].filter(Boolean);
  return ids.length === 0 ? undefined : ids.join(' ');
}
