import type { ReactNode } from 'react';

import type { Connection, ConnectionTestResult } from '../../lib/api-types';
import { formatDateTime, relativeTime } from '../../lib/format';
import { useNow } from '../../lib/use-now';
import { Badge } from '../../ui/badge';
import { Button, ButtonLink } from '../../ui/button';
import { IconBolt, IconExternal, IconRefresh, IconStar } from '../../ui/icons';
import { connectionHealth, RECONNECT_HREF } from './connection-health';
import { RateBudgetSummary } from './rate-budget-summary';
import { TestOutcome } from './test-outcome';

export type TestState =
  | { status: 'idle' }
  | { status: 'pending' }
  | { status: 'done'; result: ConnectionTestResult }
  | { status: 'failed'; error: unknown };

interface ConnectionRowProps {
  connection: Connection;
  isAdmin: boolean;
  test: TestState;
  settingDefault?: boolean;
  onTest: () => void;
  onSetDefault: () => void;
  onDisconnect: () => void;
  /** Fixed time for tests; otherwise the clock, ticking. */
  now?: number;
  /** What agents may do through the connection (its capabilities and spaces), shown under the details. */
  policy?: ReactNode;
}

/** One connected Confluence site: who, what it may do, how healthy it is, and what an admin can do about it. */
export function ConnectionRow({
  connection,
  isAdmin,
  test,
  settingDefault = false,
  onTest,
  onSetDefault,
  onDisconnect,
  now: fixedNow,
  policy,
}: ConnectionRowProps) {
  const ticking = useNow();
  const now = fixedNow ?? ticking;
  const health = connectionHealth(connection, now);
  const account = connection.account.name ?? connection.account.email ?? connection.account.id;
  const host = connection.site.url.replace(/^https?:\/\//, '');
  const refreshedAt = connection.lastRefreshedAt;
  return (
    <li
      className="px-5 py-4"
      data-testid="connection-row"
      data-status={health.state}
      aria-label={`${connection.site.name} connection`}
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <h3 className="text-sm font-semibold text-slate-900">{connection.site.name}</h3>
            <Badge tone={health.tone} dot>
              {health.label}
            </Badge>
            {connection.isDefault && (
              <Badge tone="info">
                <IconStar className="size-3" /> Default
              </Badge>
            )}
          </div>
          <a
            href={connection.site.url}
            target="_blank"
            rel="noreferrer"
            className="mt-0.5 inline-flex items-center gap-1 text-[13px] text-slate-500 hover:text-indigo-700"
          >
            {host}
            <IconExternal className="size-3" />
            <span className="sr-only">(opens in a new tab)</span>
          </a>
        </div>
        <div className="flex flex-wrap gap-2">
          <Button size="sm" onClick={onTest} loading={test.status === 'pending'} icon={<IconBolt />}>
            Test connection
          </Button>
          {isAdmin && (
            <>
              <ButtonLink
                size="sm"
                variant={
                  health.state === 'needs_reauth' || health.state === 'error' ? 'primary' : 'secondary'
                }
                href={RECONNECT_HREF}
                icon={<IconRefresh />}
              >
                Reconnect
              </ButtonLink>
              {!connection.isDefault && (
                <Button size="sm" onClick={onSetDefault} loading={settingDefault} icon={<IconStar />}>
                  Set as default
                </Button>
              )}
              <Button size="sm" variant="danger-ghost" onClick={onDisconnect}>
                Disconnect
              </Button>
            </>
          )}
        </div>
      </div>

      <p className={`mt-3 text-[13px] ${health.state === 'active' ? 'text-slate-600' : 'text-slate-800'}`}>
        {health.summary}
      </p>
      {connection.lastError !== null && (
        <p className="mt-1 text-[13px] text-rose-700" data-testid="last-error">
          Last error: {connection.lastError}
        </p>
      )}
      {connection.missingScopes.length > 0 && (
        <p className="mt-1 text-[13px] text-amber-800">
          Missing scopes: <code className="font-mono">{connection.missingScopes.join(', ')}</code>. Some tools
          fail until you reconnect and grant them.
        </p>
      )}

      <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-2 text-[13px] sm:grid-cols-2 xl:grid-cols-4">
        <Detail term="Atlassian account">
          {account}
          {connection.account.email !== null && connection.account.name !== null && (
            <span className="block text-slate-500">{connection.account.email}</span>
          )}
        </Detail>
        <Detail term="Access token">{health.token}</Detail>
        <Detail term="Last refresh">
          {refreshedAt === null ? (
            <span title="The access token is still the one the consent gave.">Not yet refreshed</span>
          ) : (
            <time dateTime={refreshedAt} title={formatDateTime(refreshedAt)}>
              {relativeTime(refreshedAt, now)}
            </time>
          )}
        </Detail>
        <Detail term="Connected">
          <time dateTime={connection.createdAt} title={formatDateTime(connection.createdAt)}>
            {relativeTime(connection.createdAt, now)}
          </time>
        </Detail>
      </dl>
      {connection.status !== 'disconnected' && <RateBudgetSummary budget={connection.rateBudget} now={now} />}
      <div className="mt-3">
        <p className="sr-only">Granted scopes</p>
        <ul className="flex flex-wrap gap-1.5" aria-label="Granted scopes">
          {connection.scopes.map((scope) => (
            <li
              key={scope}
              className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[11px] text-slate-600"
            >
              {scope}
            </li>
          ))}
        </ul>
      </div>
      <TestOutcome test={test} />
      {policy}
    </li>
  );
}

function Detail({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-slate-500">{term}</dt>
      <dd className="truncate font-medium text-slate-800">{children}</dd>
    </div>
  );
}
