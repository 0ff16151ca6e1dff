import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import type { Connection } from '../../lib/api-types';
import { useToolCatalog } from '../../lib/tool-catalog';
import { useTRPC } from '../../lib/trpc';
import { ConnectionPolicyPanel, type PolicyPatch, type PolicySaveState } from './connection-policy-panel';
import { ConnectionRow, type TestState } from './connection-row';
import { DisconnectDialog } from './disconnect-dialog';

/** A row with its actions wired to the API. Each row owns its mutations, so tests of two rows never mix. */
export function ConnectionItem({
  connection,
  isAdmin,
  onNotice,
}: {
  connection: Connection;
  isAdmin: boolean;
  onNotice: (notice: { tone: 'success' | 'danger'; text: string }) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refreshList = () => queryClient.invalidateQueries({ queryKey: trpc.integrations.list.queryKey() });
  const [test, setTest] = useState<TestState>({ status: 'idle' });
  const [confirming, setConfirming] = useState(false);
  const catalog = useToolCatalog();

  const testMutation = useMutation(
    trpc.integrations.test.mutationOptions({
      onMutate: () => setTest({ status: 'pending' }),
      onSuccess: (result) => setTest({ status: 'done', result }),
      onError: (error) => setTest({ status: 'failed', error }),
      // A test may refresh the token, or find it revoked: the badge follows.
      onSettled: () => refreshList(),
    }),
  );
  const setDefault = useMutation(
    trpc.integrations.setDefault.mutationOptions({
      onSuccess: () =>
        onNotice({ tone: 'success', text: `${connection.site.name} is now the default connection.` }),
      onError: (error) => onNotice({ tone: 'danger', text: `Could not set the default: ${error.message}` }),
      onSettled: () => refreshList(),
    }),
  );
  const disconnect = useMutation(
    trpc.integrations.disconnect.mutationOptions({
      onSuccess: () => {
        setConfirming(false);
        onNotice({
          tone: 'success',
          text:
            `Disconnected ${connection.site.name}. Its tokens were deleted; past activity stays in the log.` +
            (connection.isDefault
              ? ' It is still the default: calls that name no connection are refused until you reconnect it or set another default.'
              : ''),
        });
      },
      onError: (error) => {
        setConfirming(false);
        onNotice({ tone: 'danger', text: `Could not disconnect ${connection.site.name}: ${error.message}` });
      },
      onSettled: () => refreshList(),
    }),
  );

  const setPolicy = useMutation(
    trpc.integrations.setPolicy.mutationOptions({
      onSuccess: (view) => {
        queryClient.setQueryData(trpc.integrations.list.queryKey(), (all) =>
          all?.map((c) => (c.id === view.id ? view : c)),
        );
        // The tester lists only the tools some connection allows: it must not keep offering a switched-off one.
        return queryClient.invalidateQueries({ queryKey: trpc.tools.list.queryKey() });
      },
      onSettled: () => refreshList(),
    }),
  );
  const savePolicy = (patch: PolicyPatch) =>
    setPolicy.mutateAsync({ connectionId: connection.id, ...patch }).then(
      () => true,
      () => false,
    );
  const policyState: PolicySaveState = setPolicy.isPending
    ? 'pending'
    : setPolicy.isError
      ? 'failed'
      : setPolicy.isSuccess
        ? 'saved'
        : 'idle';

  return (
    <>
      <ConnectionRow
        connection={connection}
        isAdmin={isAdmin}
        test={test}
        settingDefault={setDefault.isPending}
        onTest={() => testMutation.mutate({ connectionId: connection.id })}
        onSetDefault={() => setDefault.mutate({ connectionId: connection.id })}
        onDisconnect={() => setConfirming(true)}
        policy={
          <ConnectionPolicyPanel
            connection={connection}
            tools={catalog.tools}
            isAdmin={isAdmin}
            state={policyState}
            error={setPolicy.error}
            onSave={savePolicy}
          />
        }
      />
      <DisconnectDialog
        connection={connection}
        open={confirming}
        pending={disconnect.isPending}
        onConfirm={() => disconnect.mutate({ connectionId: connection.id })}
        onCancel={() => setConfirming(false)}
      />
    </>
  );
}
