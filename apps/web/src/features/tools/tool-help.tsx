import type { CatalogTool } from '../../lib/tool-catalog';

/** Text with `backtick` spans shown as code (the registry writes field names that way). */
export function CodeText({ text }: { text: string }) {
  return text.split(/(`[^`]+`)/).map((part, i) =>
    part.length > 2 && part.startsWith('`') && part.endsWith('`') ? (
      <code
        key={i}
        className="rounded bg-white px-1 font-mono text-[12px] text-slate-800 ring-1 ring-slate-200"
      >
        {part.slice(1, -1)}
      </code>
    ) : (
      part
    ),
  );
}

/** What a tool does in one sentence for the admin; the description LLMs get, word for word, one click away. */
export function ToolHelp({ tool }: { tool: CatalogTool }) {
  return (
    <>
      <p className="mt-1.5 text-[13px] leading-relaxed text-slate-700" data-testid="tool-summary">
        <CodeText text={tool.summary} />
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
