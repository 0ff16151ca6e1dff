import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { Link, Redirect, Route, Switch, useSearch } from 'wouter';

import { SignInPage } from './features/auth/sign-in-page';
import { IntegrationsPage } from './features/integrations/integrations-page';
import { AppShell } from './layout/app-shell';
import { FullPageMessage } from './layout/full-page-message';
import { safeNextPath } from './lib/auth';
import { isUnauthenticated } from './lib/problem';
import { useTRPC } from './lib/trpc';
import { buttonClass } from './ui/button';
import { LoadingBlock } from './ui/spinner';
import { ProblemAlert } from './ui/problem-alert';

// Routes a first visit rarely opens load on demand: they keep the initial bundle small.
const ToolsPage = lazy(() => import('./features/tools/tools-page'));
const ActivityPage = lazy(() => import('./features/activity/activity-page'));
const ApiKeysPage = lazy(() => import('./features/api-keys/api-keys-page'));

export function App() {
  const trpc = useTRPC();
  const session = useQuery({
    ...trpc.session.me.queryOptions(),
    staleTime: 60_000,
    retry: (failures, error) => !isUnauthenticated(error) && failures < 2,
  });

  if (session.isPending) {
    return (
      <FullPageMessage>
        <LoadingBlock label="Loading your workspace…" />
      </FullPageMessage>
    );
  }
  if (session.isError) {
    if (isUnauthenticated(session.error)) return <SignInPage onSignedIn={() => session.refetch()} />;
    return (
      <FullPageMessage>
        <ProblemAlert
          title="The panel could not load your session"
          error={session.error}
          onRetry={() => void session.refetch()}
        />
      </FullPageMessage>
    );
  }

  return (
    <AppShell session={session.data}>
      <Suspense fallback={<LoadingBlock label="Loading…" rows={5} />}>
        <Switch>
          <Route path="/">
            <HomeRedirect />
          </Route>
          <Route path="/integrations">
            <IntegrationsPage session={session.data} />
          </Route>
          <Route path="/tools">
            <ToolsPage />
          </Route>
          <Route path="/activity">
            <ActivityPage session={session.data} />
          </Route>
          <Route path="/api-keys">
            <ApiKeysPage session={session.data} />
          </Route>
          <Route>
            <NotFound />
          </Route>
        </Switch>
      </Suspense>
    </AppShell>
  );
}

/** `/` after signing in: where `?next=` points (the API sends people there), else Integrations. */
function HomeRedirect() {
  const next = safeNextPath(new URLSearchParams(useSearch()).get('next'));
  return <Redirect to={next ?? '/integrations'} replace />;
}

function NotFound() {
  return (
    <div className="py-16 text-center">
      <p className="text-sm font-semibold text-indigo-600">404</p>
      <h1 className="mt-2 text-xl font-semibold text-slate-900">This page does not exist</h1>
      <p className="mt-2 text-sm text-slate-600">Check the address, or go back to Integrations.</p>
      <Link href="/integrations" className={buttonClass('primary', 'md', 'mt-6')}>
        Go to Integrations
      </Link>
    </div>
  );
}
