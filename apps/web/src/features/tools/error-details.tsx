import { Alert } from '../../ui/alert';
import { JsonView } from '../../ui/json-view';
import { ChainButton } from './chain-button';
import { ConflictResolver } from './conflict-resolver';
import type { ToolError } from '../../lib/api-types';
import type { Chain, ToolRun } from './types';

const HINTS: Record<string, string> = {
  NOT_CONNECTED:
    'Choose a live connection above, or have an admin connect or reconnect the site (or set another default) in Integrations.',
  NEEDS_REAUTH: 'An admin must reconnect this site in Integrations (Reconnect).',
  REAUTH_REQUIRED: 'An admin must reconnect this site in Integrations (Reconnect).',
  CONNECTION_AMBIGUOUS: 'Pick a connection above, or set a default one in Integrations.',
  VERSION_CONFLICT:
    'Someone changed the page since you read it: re-read it and re-apply your change on their version (nothing of theirs is overwritten unseen).',
  EDIT_NOT_APPLICABLE:
    'Nothing was written: read the page and fix the heading or text named (an edit, or an inline comment’s selection).',
  IDEMPOTENCY_KEY_REUSED: 'That idempotency key was used for another write: use a new key for a new write.',
  IDEMPOTENCY_IN_PROGRESS:
    'The first call with this key is still running: run again in a few seconds for its result.',
  PAGE_ARCHIVED: 'Restore the page in Confluence first, then read it and update it.',
  NOT_FOUND: 'Check the id; search or list pages to find the right one.',
  INVALID_CQL: 'Fix the CQL syntax, or use the structured fields instead of cql.',
  SCOPE_MISSING: 'Reconnect the site and grant the scope it asks for.',
  POLICY_DENIED:
    'The connection does not allow this (its capabilities or spaces): choose another connection, or have an admin change what it allows in Integrations.',
  FORBIDDEN_TOOL: "The tool is not on the key's list: an admin can add it in API keys (Edit access).",
};

/** A tool's failure: the kind to branch on, the message, and a way forward where the panel knows one. */
export function ErrorDetails({ run, error, onChain }: { run: ToolRun; error: ToolError; onChain: Chain }) {
  const { kind, message, retryable, ...extra } = error;
  const current = typeof extra.currentVersion === 'number' ? extra.currentVersion : undefined;
  const pageId = typeof run.input.pageId === 'string' ? run.input.pageId : undefined;
  const hint = HINTS[kind] ?? (retryable ? 'This may be temporary: try again in a moment.' : undefined);
  const retryAfter =
    typeof extra.retryAfterMs === 'number' ? Math.ceil(extra.retryAfterMs / 1000) : undefined;
  return (
    <div className="space-y-4" data-testid="tool-error">
      <Alert
        tone="danger"
        title={<code className="font-mono">{kind}</code>}
        actions={
          current !== undefined && pageId !== undefined ? (
            <ChainButton
              tool="get_confluence_page"
              size="sm"
              onClick={() => onChain('get_confluence_page', { pageId }, { run: true })}
            >
              Read the page again
            </ChainButton>
          ) : undefined
        }
      >
        <p>{message}</p>
        {hint !== undefined && <p className="mt-1 font-medium">{hint}</p>}
        {retryAfter !== undefined && (
          <p className="mt-1">Confluence asks to wait {retryAfter} s before retrying.</p>
        )}
      </Alert>
      {current !== undefined && pageId !== undefined && run.tool === 'update_confluence_page' && (
        <ConflictResolver run={run} current={current} onChain={onChain} />
      )}
      {Object.keys(extra).length > 0 && (
        <div>
          <p className="mb-2 text-[13px] font-medium text-slate-700">Details</p>
          <JsonView value={extra} maxHeight="max-h-64" />
        </div>
      )}
    </div>
  );
}
