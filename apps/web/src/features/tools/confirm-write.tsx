import type { Connection, ToolManifest } from '../../lib/api-types';
import { ConfirmDialog } from '../../ui/dialog';

const VERBS: Record<string, string> = {
  create_confluence_page: 'create a page',
  update_confluence_page: 'replace the page with a new version',
  add_confluence_comment: 'post a comment',
};

/** Write tools ask first: what will change, where, with which input (bodies shortened). */
export function ConfirmWrite({
  tool,
  input,
  connection,
  onConfirm,
  onCancel,
}: {
  tool: ToolManifest;
  input: Record<string, unknown> | null;
  connection: Connection | undefined;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const verb = VERBS[tool.name] ?? 'change Confluence';
  const site = connection?.site.name ?? 'the default connection';
  return (
    <ConfirmDialog
      open={input !== null}
      title={`Run ${tool.title.toLowerCase()}?`}
      confirmLabel="Run it"
      tone="primary"
      onConfirm={onConfirm}
      onCancel={onCancel}
      testId="confirm-write"
    >
      <p>
        This will {verb} on <strong className="text-slate-900">{site}</strong>. People see the change in
        Confluence at once; the hub cannot undo it.
      </p>
      {input !== null && (
        <dl className="mt-3 space-y-1 rounded-lg bg-slate-50 p-3 text-[13px] ring-1 ring-slate-200 ring-inset">
          {Object.entries(input).map(([key, value]) => (
            <div key={key} className="flex gap-2">
              <dt className="shrink-0 font-mono text-slate-500">{key}</dt>
              <dd className="min-w-0 truncate text-slate-800">{summarize(value)}</dd>
            </div>
          ))}
        </dl>
      )}
    </ConfirmDialog>
  );
}

function summarize(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 80
    ? `${oneLine.slice(0, 80)}… (${text.length.toLocaleString('en')} characters)`
    : oneLine;
}
