import type { ReactNode } from 'react';

import type { ApiKey, Connection } from '../../lib/api-types';
import { useNow } from '../../lib/use-now';
import { formatDateTime, relativeTime } from '../../lib/format';
import { Badge } from '../../ui/badge';
import { Button } from '../../ui/button';
import { cx } from '../../ui/cx';
import { ConnectionsCell, KindBadge, ToolsCell } from './key-access';

function When({ iso, empty }: { iso: string | null; empty: string }) {
  if (iso === null) return <span className="text-slate-400">{empty}</span>;
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {relativeTime(iso)}
    </time>
  );
}

function status(key: ApiKey, now: number) {
  if (key.revokedAt !== null) return <Badge>Revoked</Badge>;
  if (key.expiresAt !== null && Date.parse(key.expiresAt) <= now)
    return <Badge tone="warning">Expired</Badge>;
  return (
    <Badge tone="success" dot>
      Active
    </Badge>
  );
}

/** Revoked keys last, newest first within each group (an expired key is listed with the unrevoked ones). */
function sorted(keys: ApiKey[]): ApiKey[] {
  return [...keys].sort(
    (a, b) =>
      Number(a.revokedAt !== null) - Number(b.revokedAt !== null) ||
      Date.parse(b.createdAt) - Date.parse(a.createdAt),
  );
}

export function KeyTable({
  keys,
  connections,
  onEdit,
  onRevoke,
}: {
  keys: ApiKey[];
  /** To name the connections a key is limited to. */
  connections: Connection[];
  onEdit: (key: ApiKey) => void;
  onRevoke: (key: ApiKey) => void;
}) {
  const now = useNow();
  return (
    // Phones get one block per key (each value under its label) instead of a ten-column table to scroll sideways.
    <div className="sm:overflow-x-auto">
      <table className="w-full text-left text-sm max-sm:block sm:min-w-[60rem]">
        <thead className="border-b border-slate-200 bg-slate-50/60 text-xs font-medium tracking-wide text-slate-500 uppercase max-sm:hidden">
          <tr>
            {COLUMNS.map((column, i) => (
              <th key={column} scope="col" className={cx('py-2.5 font-medium', i === 0 ? 'px-5' : 'px-3')}>
                {column}
              </th>
            ))}
            <th scope="col" className="px-5 py-2.5" aria-label="Actions" />
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 max-sm:block">
          {sorted(keys).map((key) => (
            <tr
              key={key.id}
              data-testid="api-key-row"
              className={cx(
                'max-sm:grid max-sm:grid-cols-2 max-sm:gap-x-4 max-sm:gap-y-2.5 max-sm:px-5 max-sm:py-4',
                key.revokedAt !== null && 'text-slate-400',
              )}
            >
              <td className="px-5 py-3 font-medium text-slate-900 max-sm:col-span-2 max-sm:p-0">
                {key.name}
              </td>
              <Cell label="Key" className="font-mono text-[12.5px]">
                {key.start === null ? '—' : `${key.start}…`}
              </Cell>
              <Cell label="Role" className="capitalize">
                {key.role}
              </Cell>
              <Cell label="Kind">
                <KindBadge policy={key.policy} />
              </Cell>
              <Cell label="Tools" className="align-top">
                <ToolsCell policy={key.policy} />
              </Cell>
              <Cell label="Connections" className="align-top">
                <ConnectionsCell policy={key.policy} connections={connections} />
              </Cell>
              <Cell label="Created">
                <When iso={key.createdAt} empty="—" />
              </Cell>
              <Cell label="Last used">
                <When iso={key.lastUsedAt} empty="Never" />
              </Cell>
              <Cell label="Status">
                {status(key, now)}
                {key.revokedAt === null && key.expiresAt !== null && Date.parse(key.expiresAt) > now && (
                  <span className="ml-2 text-xs text-slate-500">expires {relativeTime(key.expiresAt)}</span>
                )}
              </Cell>
              <td className="px-5 py-3 text-right whitespace-nowrap max-sm:col-span-2 max-sm:-ml-2.5 max-sm:p-0 max-sm:text-left">
                {key.revokedAt === null && (
                  <>
                    {/* aria-label, not off-screen text: a positioned label inside the table widened the page. */}
                    <Button
                      size="sm"
                      variant="ghost"
                      onClick={() => onEdit(key)}
                      aria-label={`Edit access of ${key.name}`}
                    >
                      Edit access
                    </Button>
                    <Button
                      size="sm"
                      variant="danger-ghost"
                      onClick={() => onRevoke(key)}
                      aria-label={`Revoke ${key.name}`}
                    >
                      Revoke
                    </Button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const COLUMNS = ['Name', 'Key', 'Role', 'Kind', 'Tools', 'Connections', 'Created', 'Last used', 'Status'];

const CELL = 'px-3 py-3 max-sm:p-0';

/** A value cell; on phones its column name shows above it. */
function Cell({ label, className, children }: { label: string; className?: string; children: ReactNode }) {
  return (
    <td
      data-label={label}
      className={cx(
        CELL,
        'max-sm:block max-sm:before:mb-0.5 max-sm:before:block max-sm:before:text-xs max-sm:before:text-slate-500 max-sm:before:content-[attr(data-label)]',
        className,
      )}
    >
      {children}
    </td>
  );
}
