import type { Connection } from '../../lib/api-types';
import { ConfirmDialog } from '../../ui/dialog';

const code = 'font-mono text-xs';

/**
 * Confirms a disconnect, saying what happens to calls. A default stays the default when disconnected (the API's
 * DEFAULT_CONNECTION_RULE), so calls that name no connection are refused rather than moved to another site.
 */
export function DisconnectDialog({
  connection,
  open,
  pending,
  onConfirm,
  onCancel,
}: {
  connection: Connection;
  open: boolean;
  pending: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const name = connection.site.name;
  return (
    <ConfirmDialog
      open={open}
      title={`Disconnect ${name}?`}
      confirmLabel="Disconnect"
      pending={pending}
      onConfirm={onConfirm}
      onCancel={onCancel}
      testId="confirm-disconnect"
    >
      <p>The hub deletes this site&apos;s tokens at once. Activity already logged is kept.</p>
      {connection.isDefault ? (
        <p className="mt-2" data-testid="disconnect-consequence">
          {name} is the workspace&apos;s default connection and stays the default: calls that name no
          connection are refused (<code className={code}>NOT_CONNECTED</code>) until you reconnect it or set
          another default; they never move to another site. Calls that name this connection are refused too.
        </p>
      ) : (
        <p className="mt-2" data-testid="disconnect-consequence">
          Calls that name this connection get <code className={code}>NOT_CONNECTED</code> until an admin
          connects it again. Calls that name no connection are not affected: they go to the default, as
          before.
        </p>
      )}
    </ConfirmDialog>
  );
}
