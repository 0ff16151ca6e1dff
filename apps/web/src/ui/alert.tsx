import type { ReactNode } from 'react';

import type { Tone } from './badge';
import { cx } from './cx';
import { IconAlert, IconCheckCircle, IconInfo, IconX } from './icons';

const styles: Record<Exclude<Tone, 'neutral'>, { box: string; icon: ReactNode }> = {
  success: {
    box: 'bg-emerald-50 ring-emerald-600/20 text-emerald-900',
    icon: <IconCheckCircle className="size-5 text-emerald-600" />,
  },
  warning: {
    box: 'bg-amber-50 ring-amber-600/25 text-amber-900',
    icon: <IconAlert className="size-5 text-amber-600" />,
  },
  danger: {
    box: 'bg-rose-50 ring-rose-600/20 text-rose-900',
    icon: <IconAlert className="size-5 text-rose-600" />,
  },
  info: {
    box: 'bg-indigo-50 ring-indigo-600/20 text-indigo-950',
    icon: <IconInfo className="size-5 text-indigo-600" />,
  },
};

interface AlertProps {
  tone: Exclude<Tone, 'neutral'>;
  title?: ReactNode;
  children?: ReactNode;
  actions?: ReactNode;
  onDismiss?: () => void;
  className?: string;
  testId?: string;
}

/** A message box. Errors are announced at once (role=alert), the others politely (role=status). */
export function Alert({ tone, title, children, actions, onDismiss, className, testId }: AlertProps) {
  const { box, icon } = styles[tone];
  return (
    <div
      role={tone === 'danger' ? 'alert' : 'status'}
      data-testid={testId}
      className={cx('flex gap-3 rounded-xl p-3.5 text-sm ring-1 ring-inset', box, className)}
    >
      <span className="mt-px shrink-0">{icon}</span>
      <div className="min-w-0 flex-1 space-y-1">
        {title !== undefined && <p className="font-semibold">{title}</p>}
        {children !== undefined && <div className="leading-relaxed break-words">{children}</div>}
        {actions !== undefined && <div className="flex flex-wrap gap-2 pt-1.5">{actions}</div>}
      </div>
      {onDismiss !== undefined && (
        <button
          type="button"
          onClick={onDismiss}
          className="-m-1 h-fit shrink-0 rounded-md p-1 opacity-70 hover:bg-black/5 hover:opacity-100 focus-visible:outline-2 focus-visible:outline-indigo-600"
          aria-label="Dismiss"
        >
          <IconX className="size-4" />
        </button>
      )}
    </div>
  );
}
