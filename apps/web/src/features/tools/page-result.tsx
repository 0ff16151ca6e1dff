import { useQuery } from '@tanstack/react-query';
import { useMemo, useState, type ReactNode } from 'react';

import { useTRPC } from '../../lib/trpc';
import { Badge } from '../../ui/badge';
import { ButtonLink } from '../../ui/button';
import { IconExternal } from '../../ui/icons';
import { JsonView } from '../../ui/json-view';
import { ProblemAlert } from '../../ui/problem-alert';
import { LoadingBlock } from '../../ui/spinner';
import { Tabs } from '../../ui/tabs';
import { storageToSafeHtml } from './storage-preview';
import { ChainButton } from './chain-button';
import type { Chain, PageOutput } from './types';

type View = 'preview' | 'markdown' | 'json';

/**
 * A page read: rendered preview (storage, sanitized), Markdown and JSON. The tool returned one body format; the
 * other is read on demand when its tab opens (one more get_confluence_page call, logged in Activity).
 */
export function PageResult({
  page,
  connectionId,
  onChain,
}: {
  page: PageOutput;
  connectionId: string | undefined;
  onChain: Chain;
}) {
  const format = page.body.format;
  const [view, setView] = useState<View>(format === 'markdown' ? 'markdown' : 'preview');
  const editable = format === 'markdown' || format === 'storage';
  return (
    <div className="space-y-4" data-testid="page-result">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h3 className="text-base font-semibold text-slate-900" data-testid="page-title">
            {page.title}
          </h3>
          <p className="mt-0.5 text-[13px] text-slate-500">
            Page {page.id} · {page.spaceKey ?? `space ${page.spaceId}`} ·{' '}
            <span data-testid="page-version">version {page.version.number}</span>
            {page.labels.length > 0 && ` · ${page.labels.join(', ')}`}
          </p>
        </div>
        {page.status !== 'current' && <Badge tone="warning">{page.status}</Badge>}
      </div>
      <div className="flex flex-wrap gap-2">
        <ChainButton
          tool="update_confluence_page"
          size="sm"
          variant="primary"
          onClick={() =>
            onChain('update_confluence_page', {
              pageId: page.id,
              version: page.version.number,
              title: page.title,
              ...(editable ? { body: page.body.value, bodyFormat: format } : {}),
            })
          }
        >
          Edit this page
        </ChainButton>
        <ChainButton
          tool="add_confluence_comment"
          size="sm"
          onClick={() => onChain('add_confluence_comment', { pageId: page.id })}
        >
          Comment on it
        </ChainButton>
        {page.webUrl !== null && (
          <ButtonLink
            size="sm"
            variant="ghost"
            href={page.webUrl}
            target="_blank"
            rel="noreferrer"
            icon={<IconExternal />}
          >
            Open in Confluence
          </ButtonLink>
        )}
      </div>
      <Tabs
        label="Page view"
        tabs={[
          { key: 'preview', label: 'Preview' },
          { key: 'markdown', label: 'Markdown' },
          { key: 'json', label: 'JSON' },
        ]}
        selected={view}
        onSelect={setView}
      >
        {view === 'json' && <JsonView value={page} />}
        {view === 'preview' && (
          <BodyInFormat page={page} format="storage" connectionId={connectionId}>
            {(storage) => <StoragePreview storage={storage} />}
          </BodyInFormat>
        )}
        {view === 'markdown' && (
          <BodyInFormat page={page} format="markdown" connectionId={connectionId}>
            {(markdown) => (
              <pre
                className="max-h-[32rem] overflow-auto rounded-lg bg-slate-50 p-4 font-mono text-[12.5px] leading-relaxed whitespace-pre-wrap text-slate-800 ring-1 ring-slate-200 ring-inset"
                data-testid="page-markdown"
                tabIndex={0}
              >
                {markdown}
              </pre>
            )}
          </BodyInFormat>
        )}
      </Tabs>
    </div>
  );
}

function BodyInFormat({
  page,
  format,
  connectionId,
  children,
}: {
  page: PageOutput;
  format: 'storage' | 'markdown';
  connectionId: string | undefined;
  children: (body: string) => ReactNode;
}) {
  const trpc = useTRPC();
  const have = page.body.format === format;
  const other = useQuery({
    ...trpc.confluence.getPage.queryOptions({
      pageId: page.id,
      bodyFormat: format,
      version: page.version.number,
      ...(connectionId === undefined ? {} : { connectionId }),
    }),
    enabled: !have,
    staleTime: Infinity,
  });
  if (have) return children(page.body.value);
  if (other.isPending) return <LoadingBlock label={`Loading the ${format} body…`} rows={4} />;
  if (other.isError) {
    return (
      <ProblemAlert
        title={`Could not load the ${format} body`}
        error={other.error}
        onRetry={() => void other.refetch()}
      />
    );
  }
  return children(other.data.body.value);
}

function StoragePreview({ storage }: { storage: string }) {
  const html = useMemo(() => storageToSafeHtml(storage), [storage]);
  if (html.trim() === '') return <p className="text-sm text-slate-500">This page is empty.</p>;
  return (
    <div
      className="confluence-preview max-h-[40rem] overflow-auto rounded-lg p-4 ring-1 ring-slate-200 ring-inset"
      data-testid="page-preview"
      // Sanitized by DOMPurify in storageToSafeHtml.
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
