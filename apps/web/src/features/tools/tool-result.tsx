import { useState, type ReactNode } from 'react';

import type { Connection, ToolManifest } from '../../lib/api-types';
import { ROUND_TRIP_HELP } from '../../lib/durations';
import { formatDuration, formatTime } from '../../lib/format';
import { Badge } from '../../ui/badge';
import { Card, EmptyState } from '../../ui/card';
import { IconPlay } from '../../ui/icons';
import { JsonView } from '../../ui/json-view';
import { ProblemAlert } from '../../ui/problem-alert';
import { Spinner } from '../../ui/spinner';
import { Tabs } from '../../ui/tabs';
import { defaultRoute } from '../integrations/default-connection';
import { ErrorDetails } from './error-details';
import { SearchHits, SpacePages, SpacesList } from './list-results';
import { PageResult } from './page-result';
import type {
  Chain,
  CommentOutput,
  CreateOutput,
  PageOutput,
  SearchOutput,
  SpacePagesOutput,
  SpacesOutput,
  ToolRun,
  UpdateOutput,
} from './types';
import { CommentSummary, CreateSummary, UpdateSummary } from './write-results';

export function ToolResultPanel({
  run,
  running,
  tools,
  connections,
  onChain,
}: {
  run: ToolRun | null;
  running: boolean;
  tools: ToolManifest[];
  /** Every connection of the workspace, to name the site a run went to. */
  connections: Connection[];
  onChain: Chain;
}) {
  const title = run === null ? undefined : (tools.find((t) => t.name === run.tool)?.title ?? run.tool);
  const site = run === null ? undefined : siteOf(run, connections);
  return (
    <Card className="min-h-64 p-5 lg:sticky lg:top-24" aria-busy={running}>
      <div aria-live="polite" className="sr-only">
        {running
          ? 'Running…'
          : run === null
            ? ''
            : run.outcome?.ok === true
              ? `${title} succeeded`
              : `${title} failed`}
      </div>
      {run === null && !running && (
        <EmptyState icon={<IconPlay className="size-5" />} title="No result yet">
          Pick a tool, fill in its input and choose Run. The result appears here with its duration; pages also
          get a rendered preview.
        </EmptyState>
      )}
      {running && run === null && (
        <div className="flex items-center justify-center gap-2 py-16 text-sm text-slate-600">
          <Spinner /> Running…
        </div>
      )}
      {run !== null && (
        <div className={running ? 'opacity-60 transition-opacity' : undefined}>
          <header className="mb-4 flex flex-wrap items-center gap-x-3 gap-y-1" data-testid="run-header">
            {run.outcome?.ok === true ? (
              <Badge tone="success" dot>
                Succeeded
              </Badge>
            ) : (
              <Badge tone="danger" dot>
                Failed
              </Badge>
            )}
            <span className="text-sm font-semibold text-slate-900">{title}</span>
            <span className="text-[13px] text-slate-500" data-testid="run-duration">
              <abbr title={ROUND_TRIP_HELP} className="cursor-help no-underline">
                {formatDuration(run.durationMs)} round trip
              </abbr>{' '}
              · {formatTime(run.at)}
              {site !== undefined && ` · ${site}`}
            </span>
            {running && <Spinner className="size-4 text-slate-500" label="Running" />}
          </header>
          <RunBody run={run} onChain={onChain} />
        </div>
      )}
    </Card>
  );
}

/** The site a run went to: the named connection, else the default if calls could use it (else none). */
function siteOf(run: ToolRun, connections: Connection[]): string | undefined {
  if (run.connectionId !== undefined) return connections.find((c) => c.id === run.connectionId)?.site.name;
  const route = defaultRoute(connections);
  return route.kind === 'default' ? route.connection.site.name : undefined;
}

function RunBody({ run, onChain }: { run: ToolRun; onChain: Chain }) {
  if (run.outcome === null)
    return <ProblemAlert title="The request did not reach the tool" error={run.failure} />;
  if (!run.outcome.ok) return <ErrorDetails run={run} error={run.outcome.error} onChain={onChain} />;
  const result = run.outcome.result;
  switch (run.tool) {
    case 'get_confluence_page':
      return (
        <PageResult
          key={run.id}
          page={result as PageOutput}
          connectionId={run.connectionId}
          onChain={onChain}
        />
      );
    case 'search_confluence_pages':
      return (
        <WithJson
          result={result}
          summary={<SearchHits result={result as SearchOutput} input={run.input} onChain={onChain} />}
        />
      );
    case 'get_confluence_space_pages':
      return (
        <WithJson
          result={result}
          summary={<SpacePages result={result as SpacePagesOutput} input={run.input} onChain={onChain} />}
        />
      );
    case 'get_confluence_spaces':
      return (
        <WithJson
          result={result}
          summary={<SpacesList result={result as SpacesOutput} onChain={onChain} />}
        />
      );
    case 'create_confluence_page':
      return (
        <WithJson
          result={result}
          summary={<CreateSummary result={result as CreateOutput} onChain={onChain} />}
        />
      );
    case 'update_confluence_page':
      return (
        <WithJson
          result={result}
          summary={<UpdateSummary result={result as UpdateOutput} onChain={onChain} />}
        />
      );
    case 'add_confluence_comment':
      return (
        <WithJson
          result={result}
          summary={<CommentSummary result={result as CommentOutput} onChain={onChain} />}
        />
      );
    default:
      return <JsonView value={result} />;
  }
}

function WithJson({ result, summary }: { result: unknown; summary: ReactNode }) {
  const [tab, setTab] = useState<'summary' | 'json'>('summary');
  return (
    <Tabs
      label="Result view"
      tabs={[
        { key: 'summary', label: 'Result' },
        { key: 'json', label: 'JSON' },
      ]}
      selected={tab}
      onSelect={setTab}
    >
      {tab === 'summary' ? summary : <JsonView value={result} />}
    </Tabs>
  );
}
