import { useEffect, useState } from 'react';

import { Button } from './button';
import { IconCheck, IconCopy } from './icons';

/**
 * Copies `text`; where the clipboard API is not allowed, selects the text of `fallbackInputId` (an input, a text
 * area or any element) so Ctrl+C copies it.
 */
export function CopyButton({
  text,
  label = 'Copy',
  fallbackInputId,
  testId,
}: {
  text: string;
  label?: string;
  fallbackInputId?: string;
  testId?: string;
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
      selectText(fallbackInputId === undefined ? null : document.getElementById(fallbackInputId));
      setState('failed');
    }
  };
  return (
    <Button
      size="md"
      data-testid={testId}
      onClick={() => void copy()}
      icon={state === 'copied' ? <IconCheck /> : <IconCopy />}
    >
      <span aria-live="polite">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Press Ctrl+C to copy' : label}
      </span>
    </Button>
  );
}

function selectText(element: HTMLElement | null): void {
  if (element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement) {
    element.select();
    return;
  }
  const selection = window.getSelection();
  if (element === null || selection === null) return;
  const range = document.createRange();
  range.selectNodeContents(element);
  selection.removeAllRanges();
  selection.addRange(range);
}
