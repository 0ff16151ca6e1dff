import type { ApiKey, Connection } from '../../lib/api-types';
import { useNow } from '../../lib/use-now';
import { formatDateTime, relativeTime } from '../../lib/format';
import { Badge } from '../../ui/badge';
import { Button } from '../../ui/button';
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
    // Relative: the buttons' sr-only text (absolutely placed) scrolls with the table instead of widening the page.
    <div className="relative overflow-x-auto">
      <table className="w-full min-w-[60rem] text-left text-sm">
        <thead className="border-b border-slate-200 bg-slate-50/60 text-xs font-medium tracking-wide text-slate-500 uppercase">
          <tr>
            <th scope="col" className="px-5 py-2.5 font-medium">
              Name
            </th>
            <th scope="col" className="px-3 py-2.5 font-medium">
              Key
            </th>
            <th scope="col" className="px-3 py-2.5 font-medium">
              Role
            </th>
            <th scope="col" className="px-3 py-2.5 font-medium">
              Kind
            </th>
            <th scope="col" className="px-3 py-2.5 font-medium">
              Tools
            </th>
            <th scope="col" className="px-3 py-2.5 font-medium">
              Connections
            </th>
            <th scope="col" className="px-3 py-2.5 font-medium">
              Created
            </th>
            <th scope="col" className="px-3 py-2.5 font-medium">
              Last used
            </th>
            <th scope="col" className="px-3 py-2.5 font-medium">
              Status
            </th>
            <th scope="col" className="px-5 py-2.5">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {sorted(keys).map((key) => (
            <tr
              key={key.id}
              data-testid="api-key-row"
              className={key.revokedAt === null ? undefined : 'text-slate-400'}
            >
              <td className="px-5 py-3 font-medium text-slate-900">{key.name}</td>
              <td className="px-3 py-3 font-mono text-[12.5px]">
                {key.start === null ? '—' : `${key.start}…`}
              </td>
              <td className="px-3 py-3 capitalize">{key.role}</td>
              <td className="px-3 py-3">
                <KindBadge policy={key.policy} />
              </td>
              <td className="px-3 py-3 align-top">
                <ToolsCell policy={key.policy} />
              </td>
              <td className="px-3 py-3 align-top">
                <ConnectionsCell policy={key.policy} connections={connections} />
              </td>
              <td className="px-3 py-3">
                <When iso={key.createdAt} empty="—" />
              </td>
              <td className="px-3 py-3">
                <When iso={key.lastUsedAt} empty="Never" />
              </td>
              <td className="px-3 py-3">
                {status(key, now)}
                {key.revokedAt === null && key.expiresAt !== null && Date.parse(key.expiresAt) > now && (
                  <span className="ml-2 text-xs text-slate-500">expires {relativeTime(key.expiresAt)}</span>
                )}
              </td>
              <td className="px-5 py-3 text-right whitespace-nowrap">
                {key.revokedAt === null && (
                  <>
                    <Button size="sm" variant="ghost" onClick={() => onEdit(key)}>
                      Edit access<span className="sr-only"> of {key.name}</span>
                    </Button>
                    <Button size="sm" variant="danger-ghost" onClick={() => onRevoke(key)}>
                      Revoke<span className="sr-only"> {key.name}</span>
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
