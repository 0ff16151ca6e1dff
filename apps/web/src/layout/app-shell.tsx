import { useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useLocation } from 'wouter';

import type { Session } from '../lib/api-types';
import { signOut } from '../lib/auth';
import { isSessionKey, SESSION_KEY } from '../lib/trpc';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { IconLogout } from '../ui/icons';
import { BrandMark } from './brand';
import { SideNav, TopNav } from './nav';

export function AppShell({ session, children }: { session: Session; children: ReactNode }) {
  return (
    <div className="min-h-dvh bg-slate-50">
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-white px-3 py-2 text-sm font-medium shadow focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        Skip to content
      </a>
      <aside className="fixed inset-y-0 left-0 hidden w-60 flex-col border-r border-slate-200 bg-white lg:flex">
        <div className="flex h-16 items-center px-5">
          <BrandMark />
        </div>
        <div className="flex-1 overflow-y-auto px-3 py-4">
          <SideNav />
        </div>
        <WorkspaceFooter session={session} />
      </aside>
      <div className="lg:pl-60">
        <header className="sticky top-0 z-20 border-b border-slate-200 bg-white/90 backdrop-blur">
          <div className="flex h-16 items-center justify-between gap-3 px-4 sm:px-6 lg:px-8">
            <div className="lg:hidden">
              <BrandMark compact />
            </div>
            <div className="hidden min-w-0 lg:block">
              <p className="text-xs text-slate-500">Workspace</p>
              <p className="truncate text-sm font-semibold text-slate-900" data-testid="workspace-name">
                {session.workspace.name || 'Workspace'}
              </p>
            </div>
            <UserMenu session={session} />
          </div>
          <div className="border-t border-slate-100 lg:hidden">
            <TopNav />
          </div>
        </header>
        <main id="main" className="mx-auto max-w-6xl px-4 py-6 sm:px-6 sm:py-8 lg:px-8">
          {children}
        </main>
      </div>
    </div>
  );
}

function WorkspaceFooter({ session }: { session: Session }) {
  const initial = (session.workspace.name || 'W').charAt(0).toUpperCase();
  return (
    <div className="flex items-center gap-3 border-t border-slate-200 px-5 py-4">
      <span className="flex size-8 items-center justify-center rounded-md bg-slate-800 text-sm font-semibold text-white">
        {initial}
      </span>
      <div className="min-w-0 text-xs">
        <p className="truncate font-medium text-slate-900">{session.workspace.name || 'Workspace'}</p>
        <p className="text-slate-500">Confluence Cloud</p>
      </div>
    </div>
  );
}

function UserMenu({ session }: { session: Session }) {
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const [pending, setPending] = useState(false);
  const { principal, role } = session;
  const onSignOut = async () => {
    setPending(true);
    try {
      await signOut();
    } finally {
      navigate('/', { replace: true });
      // Nothing of this workspace stays cached; re-reading the session shows the sign-in screen.
      queryClient.removeQueries({ predicate: (query) => !isSessionKey(query.queryKey) });
      await queryClient.resetQueries({ queryKey: SESSION_KEY });
      setPending(false);
    }
  };
  return (
    <div className="flex min-w-0 items-center gap-3">
      <div className="min-w-0 text-right">
        <p className="truncate text-sm font-medium text-slate-900" data-testid="current-user">
          {principal.email ?? principal.name}
        </p>
        <p className="truncate text-xs text-slate-500">
          <span className="lg:hidden">{session.workspace.name} · </span>
          <Badge tone={role === 'admin' ? 'info' : 'neutral'} className="!px-1.5 !py-0 text-[11px]">
            {role}
          </Badge>
        </p>
      </div>
      <Button
        variant="ghost"
        size="sm"
        onClick={() => void onSignOut()}
        loading={pending}
        icon={<IconLogout />}
      >
        <span className="hidden sm:inline">Sign out</span>
        <span className="sr-only sm:hidden">Sign out</span>
      </Button>
    </div>
  );
}
