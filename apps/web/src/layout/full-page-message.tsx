import type { ReactNode } from 'react';

import { BrandMark } from './brand';

/** Before the shell exists (loading the session, or it failed): a centred card. */
export function FullPageMessage({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-dvh items-center justify-center bg-slate-50 px-4">
      <div className="w-full max-w-md space-y-6">
        <BrandMark />
        <div className="rounded-xl bg-white p-6 shadow-xs ring-1 ring-slate-200">{children}</div>
      </div>
    </main>
  );
}
