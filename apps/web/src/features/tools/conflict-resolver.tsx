import { useState } from 'react';

import { toProblem } from '../../lib/problem';
import { useTRPCClient } from '../../lib/trpc';
import { Button } from '../../ui/button';
import { ChainButton } from './chain-button';
import { reapplyChange, theirsAgainstMine } from './reapply';
import type { Chain, ToolRun } from './types';
import { DiffView } from './write-results';

type Resolution =
  | { state: 'idle' }
  | { state: 'loading' }
  | { state: 'failed'; message: string }
  | { state: 'ready'; diff: string; merged: string | null; theirs: string };

/**
 * What a VERSION_CONFLICT on update_confluence_page offers: re-read the page and re-apply my change on the version
 * someone saved since, and a diff of theirs against mine — never resubmitting my body over theirs unread. Edits
 * re-run on the current version as they are (the server applies them); a whole body is merged (my change from the
 * version I read, put on theirs) when the two touched different lines, else left for me to merge by hand.
 */
export function ConflictResolver({
  run,
  current,
  onChain,
}: {
  run: ToolRun;
  current: number;
  onChain: Chain;
}) {
  const client = useTRPCClient();
  const [resolution, setResolution] = useState<Resolution>({ state: 'idle' });
  const input = run.input;
  const pageId = String(input.pageId);
  const mine = typeof input.body === 'string' ? input.body : undefined;
  const readVersion = typeof input.version === 'number' ? input.version : Number(input.version);
  const onVersion = (extra: Record<string, unknown>) =>
    onChain('update_confluence_page', { ...input, version: current, ...extra });

  const reread = async () => {
    if (mine === undefined) return;
    setResolution({ state: 'loading' });
    const bodyFormat = input.bodyFormat === 'storage' ? 'storage' : 'markdown';
    const read = (version?: number) =>
      client.confluence.getPage.query({
        pageId,
        bodyFormat,
        ...(version === undefined ? {} : { version }),
        ...(run.connectionId === undefined ? {} : { connectionId: run.connectionId }),
      });
    try {
      const [base, theirs] = await Promise.all([read(readVersion), read()]);
      const outcome = reapplyChange(base.body.value, theirs.body.value, mine);
      setResolution({
        state: 'ready',
        theirs: theirs.body.value,
        diff: theirsAgainstMine(theirs.body.value, mine, theirs.version.number),
        merged: 'merged' in outcome ? outcome.merged : null,
      });
    } catch (error) {
      setResolution({ state: 'failed', message: toProblem(error).message });
    }
  };

  if (input.edits !== undefined) {
    return (
      <ChainButton tool="update_confluence_page" size="sm" onClick={() => onVersion({ dryRun: true })}>
        Re-apply my edits to version {current} (preview first)
      </ChainButton>
    );
  }
  if (mine === undefined) {
    // A title or status change does not depend on the body: it applies to their version as it is.
    return (
      <ChainButton tool="update_confluence_page" size="sm" onClick={() => onVersion({})}>
        Re-apply my change to version {current}
      </ChainButton>
    );
  }
  return (
    <div className="w-full space-y-3" data-testid="conflict-resolver">
      {resolution.state !== 'ready' && (
        <Button size="sm" loading={resolution.state === 'loading'} onClick={() => void reread()}>
          Re-read and re-apply my change
        </Button>
      )}
      {resolution.state === 'failed' && (
        <p className="text-sm text-rose-700">Could not read the page: {resolution.message}</p>
      )}
      {resolution.state === 'ready' && (
        <>
          <p className="text-sm">
            {resolution.merged !== null
              ? `Your change applies cleanly on version ${current}. Load it into the form, check it (a dry run shows the diff) and save.`
              : `Your change and theirs touch the same lines, so it cannot be re-applied as is. Load their version ${current}, redo your change on it, and save.`}
          </p>
          <p className="text-[13px] font-medium text-slate-700">Theirs (version {current}) against yours</p>
          {resolution.diff === '' ? (
            <p className="text-sm text-slate-600">Their version already reads like yours.</p>
          ) : (
            <DiffView diff={resolution.diff} />
          )}
          <div className="flex flex-wrap gap-2">
            {resolution.merged !== null && (
              <ChainButton
                tool="update_confluence_page"
                size="sm"
                variant="primary"
                onClick={() => onVersion({ body: resolution.merged })}
              >
                Load my change on version {current}
              </ChainButton>
            )}
            <ChainButton
              tool="update_confluence_page"
              size="sm"
              onClick={() => onVersion({ body: resolution.theirs })}
            >
              Load their version {current}
            </ChainButton>
          </div>
        </>
      )}
    </div>
  );
}
