import { ChainButton } from './chain-button';
import type { ReactNode } from 'react';

import { ButtonLink } from '../../ui/button';
import { IconCheckCircle, IconExternal } from '../../ui/icons';
import type { Chain, CommentOutput, CreateOutput, UpdateOutput } from './types';

type Preview<T> = Extract<T, { dryRun: true }>;

function Summary({ children, actions }: { children: ReactNode; actions: ReactNode }) {
  return (
    <div className="space-y-4" data-testid="write-result">
      <div className="flex gap-2.5 rounded-lg bg-emerald-50 p-3.5 text-sm text-emerald-950 ring-1 ring-emerald-600/20 ring-inset">
        <IconCheckCircle className="mt-px size-5 shrink-0 text-emerald-600" />
        <div>{children}</div>
      </div>
      <div className="flex flex-wrap gap-2">{actions}</div>
    </div>
  );
}

function ConfluenceLink({ url }: { url: string | null }) {
  if (url === null) return null;
  return (
    <ButtonLink size="sm" variant="ghost" href={url} target="_blank" rel="noreferrer" icon={<IconExternal />}>
      Open in Confluence
    </ButtonLink>
  );
}

/** A dry run's answer: nothing was written; what would have been sent, and for an update the diff. */
function PreviewSummary({ children, body, diff }: { children: ReactNode; body: string; diff?: string }) {
  return (
    <div className="space-y-3" data-testid="dry-run-result">
      <div className="rounded-lg bg-sky-50 p-3.5 text-sm text-sky-950 ring-1 ring-sky-600/20 ring-inset">
        <strong>Dry run: nothing was written.</strong> {children}
      </div>
      {diff !== undefined &&
        (diff === '' ? (
          <p className="text-sm text-slate-600">The page content would not change.</p>
        ) : (
          <DiffView diff={diff} />
        ))}
      <details className="text-sm">
        <summary className="cursor-pointer text-slate-600">Storage XHTML that would be sent</summary>
        <pre className="mt-2 max-h-64 overflow-auto rounded-md bg-slate-50 p-3 text-xs whitespace-pre-wrap">
          {body}
        </pre>
      </details>
    </div>
  );
}

/** A unified diff, one line per row, additions and removals coloured. */
export function DiffView({ diff }: { diff: string }) {
  const lines = diff.split('\n').filter((line) => !line.startsWith('===') && !line.startsWith('Index:'));
  return (
    <pre
      className="max-h-80 overflow-auto rounded-md bg-slate-50 p-3 text-xs leading-5 ring-1 ring-slate-200"
      data-testid="diff"
      aria-label="Changes, as a unified diff"
    >
      {lines.map((line, i) => (
        <div
          key={i}
          className={
            line.startsWith('+') && !line.startsWith('+++')
              ? 'bg-emerald-100 text-emerald-900'
              : line.startsWith('-') && !line.startsWith('---')
                ? 'bg-rose-100 text-rose-900'
                : line.startsWith('@@')
                  ? 'text-sky-700'
                  : 'text-slate-700'
          }
        >
          {line === '' ? ' ' : line}
        </div>
      ))}
    </pre>
  );
}

export function CreateSummary({ result, onChain }: { result: CreateOutput; onChain: Chain }) {
  if (result.dryRun) return <CreatePreview result={result} />;
  return (
    <Summary
      actions={
        <>
          <ChainButton
            tool="get_confluence_page"
            size="sm"
            onClick={() => onChain('get_confluence_page', { pageId: result.id }, { run: true })}
          >
            Read the new page
          </ChainButton>
          <ConfluenceLink url={result.webUrl} />
        </>
      }
    >
      Created <strong>{result.title}</strong> (page {result.id}, version {result.version}
      {result.status === 'draft' ? ', draft' : ''}).
    </Summary>
  );
}

function CreatePreview({ result }: { result: Preview<CreateOutput> }) {
  const where =
    result.parentId !== null
      ? `under page ${result.parentId}`
      : result.rootLevel
        ? 'at the top level'
        : 'under the space homepage';
  return (
    <PreviewSummary body={result.body}>
      Would create <strong>{result.title}</strong> {where}
      {result.status === 'draft' ? ' as a draft' : ''}.
    </PreviewSummary>
  );
}

export function UpdateSummary({ result, onChain }: { result: UpdateOutput; onChain: Chain }) {
  if (result.dryRun) {
    return (
      <PreviewSummary body={result.body} diff={result.diff}>
        Would save <strong>{result.title}</strong>
        {result.title === result.previousTitle ? '' : ` (renamed from ${result.previousTitle})`} as version{' '}
        {result.version}.
      </PreviewSummary>
    );
  }
  return (
    <Summary
      actions={
        <>
          <ChainButton
            tool="get_confluence_page"
            size="sm"
            onClick={() => onChain('get_confluence_page', { pageId: result.id }, { run: true })}
          >
            Read it again
          </ChainButton>
          <ChainButton
            tool="add_confluence_comment"
            size="sm"
            onClick={() => onChain('add_confluence_comment', { pageId: result.id })}
          >
            Comment on it
          </ChainButton>
          <ConfluenceLink url={result.webUrl} />
        </>
      }
    >
      Updated <strong>{result.title}</strong>: version {result.previousVersion} →{' '}
      <strong>{result.version}</strong>.
    </Summary>
  );
}

export function CommentSummary({ result, onChain }: { result: CommentOutput; onChain: Chain }) {
  if (result.dryRun) {
    return (
      <PreviewSummary body={result.body}>
        Would post a{' '}
        {result.parentCommentId === null ? 'comment' : `reply to comment ${result.parentCommentId}`}
        {result.pageId === null ? '' : ` on page ${result.pageId}`}.
      </PreviewSummary>
    );
  }
  return (
    <Summary
      actions={
        <>
          <ChainButton
            tool="add_confluence_comment"
            size="sm"
            onClick={() => onChain('add_confluence_comment', { parentCommentId: result.id })}
          >
            Reply to this comment
          </ChainButton>
          {result.pageId !== null && (
            <ChainButton
              tool="get_confluence_page"
              size="sm"
              onClick={() => onChain('get_confluence_page', { pageId: result.pageId ?? '' }, { run: true })}
            >
              Read the page
            </ChainButton>
          )}
          <ConfluenceLink url={result.webUrl} />
        </>
      }
    >
      {result.parentCommentId === null ? 'Comment' : 'Reply'} posted (comment {result.id}
      {result.parentCommentId === null
        ? `, on page ${result.pageId ?? '?'}`
        : `, replying to ${result.parentCommentId}`}
      ).
    </Summary>
  );
}
