import type { CatalogTool } from '../../lib/tool-catalog';

/** What a tool does in one sentence for the admin; the description LLMs get, word for word, one click away. */
export function ToolHelp({ tool }: { tool: CatalogTool }) {
  return (
    <>
      <p className="mt-1.5 text-[13px] leading-relaxed text-slate-700" data-testid="tool-summary">
        {tool.summary}
      </p>
      <details className="group mt-2 text-[13px]" data-testid="tool-agent-description">
        <summary className="cursor-pointer rounded font-medium text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">
          Description agents see
        </summary>
        <p className="mt-1.5 font-mono text-[12px] leading-relaxed whitespace-pre-wrap text-slate-600">
          {tool.description}
        </p>
        <p className="mt-1 text-xs text-slate-500">
          Sent as it is, with the input schema, to LLMs and MCP clients that list the hub&apos;s tools.
        </p>
      </details>
    </>
  );
}
