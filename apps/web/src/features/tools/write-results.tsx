import { ChainButton } from './chain-button';
import type { ReactNode } from 'react';

import { ButtonLink } from '../../ui/button';
import { IconCheckCircle, IconExternal } from '../../ui/icons';
import type { Chain, CommentOutput, CreateOutput, UpdateOutput } from './types';

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

export function CreateSummary({ result, onChain }: { result: CreateOutput; onChain: Chain }) {
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

export function UpdateSummary({ result, onChain }: { result: UpdateOutput; onChain: Chain }) {
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
