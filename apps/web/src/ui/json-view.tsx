import { Fragment, useMemo, type ReactNode } from 'react';

import { CopyButton } from './copy-button';

const TOKEN =
  /("(?:\\.|[^"\\])*"(?=\s*:))|("(?:\\.|[^"\\])*")|\b(true|false|null)\b|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g;

/** Pretty-printed JSON with keys, strings, numbers and literals coloured; rendered as text, never as HTML. */
export function JsonView({ value, maxHeight = 'max-h-[32rem]' }: { value: unknown; maxHeight?: string }) {
  const text = useMemo(() => (value === undefined ? 'undefined' : JSON.stringify(value, null, 2)), [value]);
  const parts = useMemo(() => highlight(text), [text]);
  return (
    <div className="relative">
      <div className="absolute top-2 right-2">
        <CopyButton text={text} label="Copy JSON" />
      </div>
      <pre
        className={`${maxHeight} overflow-auto rounded-lg bg-slate-950 p-4 pr-32 font-mono text-[12.5px] leading-relaxed text-slate-200`}
        data-testid="json-result"
        tabIndex={0}
      >
        {parts}
      </pre>
    </div>
  );
}

function tokenColor(
  key: string | undefined,
  string: string | undefined,
  literal: string | undefined,
): string {
  if (key !== undefined) return 'text-sky-300';
  if (string !== undefined) return 'text-emerald-300';
  if (literal !== undefined) return 'text-fuchsia-300';
  return 'text-amber-300';
}

function highlight(text: string): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(TOKEN)) {
    const [token, key, string, literal] = match;
    if (match.index > last) out.push(<Fragment key={`t${last}`}>{text.slice(last, match.index)}</Fragment>);
    out.push(
      <span key={match.index} className={tokenColor(key, string, literal)}>
        {token}
      </span>,
    );
    last = match.index + token.length;
  }
  out.push(<Fragment key="end">{text.slice(last)}</Fragment>);
  return out;
}
