import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import { relativeTime } from '../../lib/format';
import { toProblem } from '../../lib/problem';
import { useTRPC } from '../../lib/trpc';
import { Alert } from '../../ui/alert';
import { Badge } from '../../ui/badge';
import { Button, ButtonLink } from '../../ui/button';
import { Card, CardHeader } from '../../ui/card';
import { LoadingBlock } from '../../ui/spinner';
import { RECONNECT_HREF } from './connection-health';

/**
 * After a consent that reached several sites (`?choose=<pendingId>`): pick the one to connect. One site per
 * consent, because the sites of one consent share a rotating refresh token (see the API README).
 */
export function SitePicker({
  pendingId,
  onDone,
  onCancel,
}: {
  pendingId: string;
  onDone: (connectionId: string) => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const choice = useQuery({
    ...trpc.integrations.pendingSiteChoice.queryOptions({ pendingId }),
    retry: false,
  });
  const [picked, setPicked] = useState<string | null>(null);
  const choose = useMutation(
    trpc.integrations.chooseSites.mutationOptions({
      onSuccess: async ({ connectionIds }) => {
        await queryClient.invalidateQueries({ queryKey: trpc.integrations.list.queryKey() });
        const id = connectionIds[0];
        if (id !== undefined) onDone(id);
      },
    }),
  );

  const sites = choice.data?.sites ?? [];
  const selected = picked ?? sites.find((s) => !s.alreadyConnected)?.cloudId ?? sites[0]?.cloudId ?? null;
  const account = choice.data?.account.name ?? choice.data?.account.email ?? 'your Atlassian account';

  return (
    <Card className="mb-6 ring-2 ring-indigo-200">
      <CardHeader
        title="Choose the Confluence site to connect"
        description={
          choice.data === undefined
            ? 'Your consent reached several sites.'
            : `${account} can reach ${sites.length} sites. Each connection holds one site; connect another one afterwards with Connect Confluence.`
        }
      />
      <div className="p-5" data-testid="site-picker">
        {choice.isPending && <LoadingBlock label="Loading the sites of your consent…" />}
        {choice.isError && (
          <Alert
            tone="danger"
            title="This site choice is no longer available"
            actions={
              <ButtonLink size="sm" variant="primary" href={RECONNECT_HREF}>
                Connect Confluence again
              </ButtonLink>
            }
          >
            {toProblem(choice.error).message}. Choices expire 10 minutes after the consent and can be used
            once.
          </Alert>
        )}
        {choice.data !== undefined && (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              if (selected !== null) choose.mutate({ pendingId, cloudIds: [selected] });
            }}
          >
            <fieldset>
              <legend className="sr-only">Site</legend>
              <div className="space-y-2">
                {sites.map((site) => (
                  <label
                    key={site.cloudId}
                    className="flex cursor-pointer items-center gap-3 rounded-lg p-3 ring-1 ring-slate-200 has-[:checked]:bg-indigo-50/60 has-[:checked]:ring-indigo-500"
                  >
                    <input
                      type="radio"
                      name="site"
                      value={site.cloudId}
                      checked={selected === site.cloudId}
                      onChange={() => setPicked(site.cloudId)}
                      className="size-4 accent-indigo-600"
                    />
                    <span className="min-w-0 flex-1">
                      <span className="block text-sm font-medium text-slate-900">{site.name}</span>
                      <span className="block truncate text-[13px] text-slate-500">{site.url}</span>
                    </span>
                    {site.alreadyConnected && <Badge>Already connected</Badge>}
                  </label>
                ))}
              </div>
            </fieldset>
            {choose.isError && (
              <Alert tone="danger" className="mt-4">
                {toProblem(choose.error).message}
              </Alert>
            )}
            <div className="mt-4 flex flex-wrap items-center justify-between gap-3">
              <p className="text-[13px] text-slate-500">
                This choice expires {relativeTime(choice.data.expiresAt)}.
              </p>
              <div className="flex gap-2">
                <Button onClick={onCancel}>Cancel</Button>
                <Button
                  type="submit"
                  variant="primary"
                  loading={choose.isPending}
                  disabled={selected === null}
                >
                  Connect site
                </Button>
              </div>
            </div>
          </form>
        )}
      </div>
    </Card>
  );
}
