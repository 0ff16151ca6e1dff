import { relativeTime } from '../../lib/format';
import { EmptyState } from '../../ui/card';
import { Excerpt, More, Row, WebLink } from './result-parts';
import { ChainButton } from './chain-button';
import type { Chain, SearchOutput, SpacePagesOutput, SpacesOutput } from './types';

export function SearchHits({
  result,
  input,
  onChain,
}: {
  result: SearchOutput;
  input: Record<string, unknown>;
  onChain: Chain;
}) {
  if (result.results.length === 0) {
    return (
      <EmptyState title="No matches">
        Nothing matched <code className="font-mono text-xs">{result.cql}</code>. Try other words or fewer
        filters.
      </EmptyState>
    );
  }
  return (
    <div>
      <p className="text-[13px] text-slate-500">
        {result.totalSize === null ? `${result.results.length} results` : `${result.totalSize} results`} for{' '}
        <code className="font-mono text-xs text-slate-700">{result.cql}</code>
      </p>
      <ul className="divide-y divide-slate-100">
        {result.results.map((hit) => (
          <Row
            key={`${hit.type}-${hit.id}`}
            title={hit.title}
            meta={[
              hit.type,
              hit.spaceKey,
              hit.lastModified === null ? null : `edited ${relativeTime(hit.lastModified)}`,
            ]
              .filter(Boolean)
              .join(' · ')}
            actions={
              <>
                {hit.type === 'page' && (
                  <ChainButton
                    tool="get_confluence_page"
                    size="sm"
                    onClick={() => onChain('get_confluence_page', { pageId: hit.id }, { run: true })}
                  >
                    Open page
                  </ChainButton>
                )}
                <WebLink url={hit.webUrl} />
              </>
            }
          >
            {hit.excerpt !== '' && (
              <p className="mt-1 line-clamp-2 text-[13px] text-slate-600">
                <Excerpt text={hit.excerpt} />
              </p>
            )}
          </Row>
        ))}
      </ul>
      <More
        cursor={result.nextCursor}
        onMore={(cursor) => onChain('search_confluence_pages', { ...input, cursor }, { run: true })}
      />
    </div>
  );
}

export function SpacePages({
  result,
  input,
  onChain,
}: {
  result: SpacePagesOutput;
  input: Record<string, unknown>;
  onChain: Chain;
}) {
  if (result.pages.length === 0)
    return <EmptyState title="No pages">This space has no pages with these filters.</EmptyState>;
  return (
    <div>
      <ul className="divide-y divide-slate-100">
        {result.pages.map((page) => (
          <Row
            key={page.id}
            title={page.title}
            meta={`Page ${page.id}${page.version === null ? '' : ` · version ${page.version}`}${page.status === 'current' ? '' : ` · ${page.status}`}`}
            actions={
              <>
                <ChainButton
                  tool="get_confluence_page"
                  size="sm"
                  onClick={() => onChain('get_confluence_page', { pageId: page.id }, { run: true })}
                >
                  Open page
                </ChainButton>
                <WebLink url={page.webUrl} />
              </>
            }
          />
        ))}
      </ul>
      <More
        cursor={result.nextCursor}
        onMore={(cursor) => onChain('get_confluence_space_pages', { ...input, cursor }, { run: true })}
      />
    </div>
  );
}

export function SpacesList({ result, onChain }: { result: SpacesOutput; onChain: Chain }) {
  if (result.spaces.length === 0)
    return (
      <EmptyState title="No spaces">The connected account sees no spaces with these filters.</EmptyState>
    );
  return (
    <div>
      <ul className="divide-y divide-slate-100">
        {result.spaces.map((space) => (
          <Row
            key={space.id}
            title={
              <>
                {space.name} <code className="ml-1 font-mono text-xs text-slate-500">{space.key}</code>
              </>
            }
            meta={[space.type, space.status, space.description].filter(Boolean).join(' · ')}
            actions={
              <>
                <ChainButton
                  tool="get_confluence_space_pages"
                  size="sm"
                  onClick={() =>
                    onChain('get_confluence_space_pages', { spaceKey: space.key }, { run: true })
                  }
                >
                  List pages
                </ChainButton>
                <WebLink url={space.webUrl} />
              </>
            }
          />
        ))}
      </ul>
      <More
        cursor={result.nextCursor}
        onMore={(cursor) => onChain('get_confluence_spaces', { cursor }, { run: true })}
      />
    </div>
  );
}
