import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import type { ApiKey, Session } from '../../lib/api-types';
import { plural } from '../../lib/format';
import { useToolCatalog } from '../../lib/tool-catalog';
import { useTRPC } from '../../lib/trpc';
import { Alert } from '../../ui/alert';
import { Card, CardHeader, EmptyState, PageHeader } from '../../ui/card';
import { ConfirmDialog } from '../../ui/dialog';
import { IconKey } from '../../ui/icons';
import { LoadState } from '../../ui/load-state';
import { ProblemAlert } from '../../ui/problem-alert';
import { CreateKeyForm } from './create-key-form';
import { EditPolicyDialog } from './edit-policy-dialog';
import { toolsSummary } from './key-policy';
import { KeyTable } from './key-table';
import { NewKeyPanel } from './new-key-panel';

export default function ApiKeysPage({ session }: { session: Session }) {
  return (
    <>
      <PageHeader
        title="API keys"
        description={
          <>
            Keys let AI agents and internal services call the hub&apos;s tools (over the API or MCP) with{' '}
            <code className="font-mono text-xs">Authorization: Bearer hub_…</code>. A key acts for this
            workspace; its role decides whether it may also manage connections and keys, its tools and
            connections what it may call and where.
          </>
        }
      />
      {session.role === 'admin' ? (
        <Keys />
      ) : (
        <Card>
          <EmptyState icon={<IconKey className="size-5" />} title="Only workspace admins manage API keys">
            Ask an admin of {session.workspace.name || 'this workspace'} to create a key for your service.
          </EmptyState>
        </Card>
      )}
    </>
  );
}

function Keys() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const keys = useQuery(trpc.apiKeys.list.queryOptions());
  const connections = useQuery(trpc.integrations.list.queryOptions());
  // The whole registry (a key may be given a tool its connections do not allow today), not tools.list.
  const { tools } = useToolCatalog();
  const [created, setCreated] = useState<{ key: string; name: string } | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [editing, setEditing] = useState<ApiKey | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });

  const setPolicy = useMutation(
    trpc.apiKeys.setPolicy.mutationOptions({
      onSuccess: ({ policy }) => {
        const where =
          policy.connectionIds === null
            ? 'all connections'
            : plural(policy.connectionIds.length, 'connection');
        setNotice(
          `Saved the access of "${editing?.name ?? 'the key'}": ${toolsSummary(policy.tools).toLowerCase()} ` +
            `on ${where}. It applies from the key’s next call.`,
        );
        setEditing(null);
        return refresh();
      },
    }),
  );
  const edit = (key: ApiKey | null) => {
    setPolicy.reset();
    setEditing(key);
  };

  const revoke = useMutation(
    trpc.apiKeys.revoke.mutationOptions({
      onSuccess: () =>
        setNotice(`Revoked "${revoking?.name ?? 'the key'}". Calls with it are refused from now on.`),
      onSettled: () => {
        setRevoking(null);
        return refresh();
      },
    }),
  );

  return (
    <div className="space-y-6">
      {created !== null && (
        <NewKeyPanel apiKey={created.key} name={created.name} onDone={() => setCreated(null)} />
      )}
      {notice !== null && (
        <Alert tone="success" onDismiss={() => setNotice(null)} testId="notice">
          {notice}
        </Alert>
      )}
      {revoke.isError && <ProblemAlert title="Could not revoke the key" error={revoke.error} />}
      <Card>
        <CardHeader
          title="Create a key"
          description="The key is shown once, right after you create it. Give an agent only the tools and connections its task needs."
        />
        <div className="p-5">
          <CreateKeyForm
            tools={tools}
            connections={connections.data ?? []}
            onCreated={(key, name) => {
              setNotice(null);
              setCreated({ key, name });
              void refresh();
            }}
          />
        </div>
      </Card>
      <Card>
        <CardHeader
          title="Keys"
          description={
            keys.data === undefined
              ? undefined
              : `${keys.data.filter((k) => k.revokedAt === null).length} active`
          }
        />
        {(keys.isPending || keys.isError) && (
          <LoadState query={keys} loading="Loading keys…" failed="Could not load the keys" rows={4} />
        )}
        {keys.data?.length === 0 && (
          <EmptyState icon={<IconKey className="size-5" />} title="No API keys yet">
            Create one above for each service that calls the hub, so you can revoke them one by one.
          </EmptyState>
        )}
        {keys.data !== undefined && keys.data.length > 0 && (
          <KeyTable
            keys={keys.data}
            connections={connections.data ?? []}
            onEdit={edit}
            onRevoke={setRevoking}
          />
        )}
      </Card>
      <EditPolicyDialog
        apiKey={editing}
        tools={tools}
        connections={connections.data ?? []}
        pending={setPolicy.isPending}
        error={setPolicy.error}
        onSave={(draft) => editing !== null && setPolicy.mutate({ id: editing.id, ...draft })}
        onCancel={() => edit(null)}
      />
      <ConfirmDialog
        open={revoking !== null}
        title={`Revoke "${revoking?.name ?? ''}"?`}
        confirmLabel="Revoke key"
        pending={revoke.isPending}
        onConfirm={() => revoking !== null && revoke.mutate({ id: revoking.id })}
        onCancel={() => setRevoking(null)}
        testId="confirm-revoke"
      >
        Services using this key get <code className="font-mono text-xs">401 Unauthorized</code> at once on
        this server (within 30 seconds on other API processes). This cannot be undone: create a new key to
        restore access.
      </ConfirmDialog>
    </div>
  );
}
