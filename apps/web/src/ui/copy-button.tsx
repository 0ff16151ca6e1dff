import { useEffect, useState } from 'react';

import { Button } from './button';
import { IconCheck, IconCopy } from './icons';

/** Copies `text`; falls back to selecting `fallbackInputId`'s text where the clipboard API is not allowed. */
export function CopyButton({
  text,
  label = 'Copy',
  fallbackInputId,
}: {
  text: string;
  label?: string;
  fallbackInputId?: string;
}) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(timer);
  }, [state]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      const input = fallbackInputId === undefined ? null : document.getElementById(fallbackInputId);
      if (input instanceof HTMLInputElement) input.select();
      setState('failed');
    }
  };
  return (
    <Button size="md" onClick={() => void copy()} icon={state === 'copied' ? <IconCheck /> : <IconCopy />}>
      <span aria-live="polite">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Press Ctrl+C to copy' : label}
      </span>
    </Button>
  );
}
