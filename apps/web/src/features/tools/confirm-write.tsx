import type { ToolManifest } from '../../lib/api-types';
import { ConfirmDialog } from '../../ui/dialog';
import type { WriteTarget } from './write-target';

interface Ask {
  /** The dialog's question, in the admin's words. */
  title: string;
  confirm: string;
  /** "This will … on Acme." */
  verb: string;
}

/** What each write tool asks before it runs; a write tool the panel has no words for asks in general terms. */
export function askBeforeWriting(toolName: string, input: Record<string, unknown> | null): Ask {
  switch (toolName) {
    case 'create_confluence_page':
      return { title: 'Create this page in Confluence?', confirm: 'Create page', verb: 'create a page' };
    case 'update_confluence_page':
      return {
        title: 'Update this page in Confluence?',
        confirm: 'Update page',
        verb: 'replace the page with a new version',
      };
    case 'add_confluence_comment':
      return typeof input?.parentCommentId === 'string' || typeof input?.parentCommentId === 'number'
        ? { title: 'Post this reply in Confluence?', confirm: 'Post reply', verb: 'post a reply' }
        : { title: 'Post this comment in Confluence?', confirm: 'Post comment', verb: 'post a comment' };
    case 'add_confluence_inline_comment':
      return {
        title: 'Post this comment on the page text in Confluence?',
        confirm: 'Post comment',
        verb: 'post a comment anchored to (and highlighting) the selected text',
      };
    case 'resolve_confluence_comment':
      return input?.resolved === false
        ? {
            title: 'Reopen this comment in Confluence?',
            confirm: 'Reopen comment',
            verb: 'reopen the comment',
          }
        : {
            title: 'Resolve this comment in Confluence?',
            confirm: 'Resolve comment',
            verb: 'resolve the comment (it can be reopened)',
          };
    case 'add_confluence_labels':
      return {
        title: 'Add these labels in Confluence?',
        confirm: 'Add labels',
        verb: 'add labels to the page',
      };
    case 'remove_confluence_label':
      return {
        title: 'Remove this label in Confluence?',
        confirm: 'Remove label',
        verb: 'remove a label from the page',
      };
    case 'upload_confluence_attachment':
      return {
        title: 'Upload this file to the page in Confluence?',
        confirm: 'Upload file',
        verb: 'attach the file to the page (a file of the same name gets a new version)',
      };
    case 'restore_confluence_page_version':
      return {
        title: 'Restore this version in Confluence?',
        confirm: 'Restore version',
        verb: "replace the page's content with the past version (saved as a new version; the history is kept)",
      };
    case 'move_confluence_page':
      return {
        title: 'Move this page in Confluence?',
        confirm: 'Move page',
        verb: 'move the page and its child pages',
      };
    case 'copy_confluence_page':
      return input?.includeChildren === true
        ? {
            title: 'Copy this page and its child pages in Confluence?',
            confirm: 'Copy pages',
            verb: 'copy the page and every page below it',
          }
        : { title: 'Copy this page in Confluence?', confirm: 'Copy page', verb: 'make a copy of the page' };
    case 'archive_confluence_page':
      return {
        title: 'Archive this page in Confluence?',
        confirm: 'Archive page',
        verb: 'archive the page (a space admin can restore it)',
      };
    case 'delete_confluence_page':
      return {
        title: 'Delete this page in Confluence?',
        confirm: 'Delete page',
        verb: "move the page to its space's trash (a space admin can restore it from there)",
      };
    default:
      return {
        title: 'Make this change in Confluence?',
        confirm: 'Make the change',
        verb: 'change Confluence',
      };
  }
}

/**
 * Write tools ask first: what will change, where, with which input (bodies shortened). The site named here is
 * the one the call goes to: confirming sends that connection's id, so a default changed meanwhile cannot
 * redirect it. When the call would be refused (no usable default, a connection gone), nothing is sent: the
 * dialog asks to choose a connection instead.
 */
export function ConfirmWrite({
  tool,
  input,
  target,
  onConfirm,
  onChooseConnection,
  onCancel,
}: {
  tool: ToolManifest;
  input: Record<string, unknown> | null;
  target: WriteTarget;
  onConfirm: (connectionId: string) => void;
  onChooseConnection: () => void;
  onCancel: () => void;
}) {
  const { title, confirm, verb } = askBeforeWriting(tool.name, input);
  if (target.kind === 'refused') {
    return (
      <ConfirmDialog
        open={input !== null}
        title="Choose a connection first"
        confirmLabel="Choose a connection"
        tone="primary"
        onConfirm={onChooseConnection}
        onCancel={onCancel}
        testId="confirm-write"
      >
        <p>
          This would {verb}, but the call would be refused. {target.reason} Nothing has been sent.
        </p>
      </ConfirmDialog>
    );
  }
  const site = target.connection.site.name;
  return (
    <ConfirmDialog
      open={input !== null}
      title={title}
      confirmLabel={confirm}
      tone="primary"
      onConfirm={() => onConfirm(target.connection.id)}
      onCancel={onCancel}
      testId="confirm-write"
    >
      <p>
        This will {verb} on <strong className="text-slate-900">{site}</strong>
        {target.viaDefault && ' (the workspace default)'}. People see the change in Confluence at once; the
        hub cannot undo it.
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
