import type { ReactNode } from 'react';

import { Button } from '../../ui/button';
import { IconExternal } from '../../ui/icons';

/** Search excerpts mark matched words with **…**: shown as <mark>, everything else as text. */
export function Excerpt({ text }: { text: string }) {
  const parts = text.split('**');
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          <mark key={i} className="rounded-sm bg-amber-100 px-0.5 text-slate-900">
            {part}
          </mark>
        ) : (
          part
        ),
      )}
    </>
  );
}

export function Row({
  title,
  meta,
  children,
  actions,
}: {
  title: ReactNode;
  meta: ReactNode;
  children?: ReactNode;
  actions: ReactNode;
}) {
  return (
    <li className="flex flex-wrap items-start justify-between gap-3 py-3" data-testid="result-item">
      <div className="min-w-0 flex-1">
        <p className="text-sm font-medium text-slate-900">{title}</p>
        <p className="text-[12.5px] text-slate-500">{meta}</p>
        {children}
      </div>
      <div className="flex shrink-0 gap-1.5">{actions}</div>
    </li>
  );
}

export function WebLink({ url }: { url: string | null }) {
  if (url === null) return null;
  return (
    <a
      href={url}
      target="_blank"
      rel="noreferrer"
      className="inline-flex size-8 items-center justify-center rounded-lg text-slate-500 hover:bg-slate-100 hover:text-slate-800"
      title="Open in Confluence"
      aria-label="Open in Confluence"
    >
      <IconExternal />
    </a>
  );
}

export function More({ cursor, onMore }: { cursor: string | null; onMore: (cursor: string) => void }) {
  if (cursor === null) return null;
  return (
    <div className="border-t border-slate-100 pt-3">
      <Button size="sm" onClick={() => onMore(cursor)}>
        Next results
      </Button>
    </div>
  );
}
