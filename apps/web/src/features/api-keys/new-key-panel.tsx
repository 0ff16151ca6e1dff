import { useEffect, useRef } from 'react';

import { Button } from '../../ui/button';
import { CopyButton } from '../../ui/copy-button';
import { IconKey } from '../../ui/icons';
import { mcpConfig } from './key-policy';

/** The one time a key is visible: copy it now, or an MCP client's configuration with it. */
export function NewKeyPanel({
  apiKey,
  name,
  onDone,
  origin = window.location.origin,
}: {
  apiKey: string;
  name: string;
  onDone: () => void;
  /** Where MCP clients reach this hub: the page's own origin. */
  origin?: string;
}) {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.select(), []);
  const config = mcpConfig(origin, apiKey);
  return (
    <section
      className="rounded-xl bg-indigo-50 p-4 ring-1 ring-indigo-600/20 sm:p-5"
      aria-labelledby="new-key-title"
      data-testid="new-key"
    >
      <div className="flex items-start gap-3">
        <span className="hidden size-9 shrink-0 items-center justify-center rounded-lg bg-indigo-600 text-white sm:flex">
          <IconKey className="size-5" />
        </span>
        <div className="min-w-0 flex-1">
          <h2 id="new-key-title" className="text-sm font-semibold break-words text-indigo-950">
            Copy the key for “{name}” now
          </h2>
          <p className="mt-0.5 text-[13px] text-indigo-900/80">
            It is shown only this once: the hub stores a hash, not the key. Keep it in your service&apos;s
            secret store.
          </p>
          <div className="mt-3 flex flex-col gap-2 sm:flex-row">
            <label htmlFor="new-key-value" className="sr-only">
              New API key
            </label>
            <input
              ref={input}
              id="new-key-value"
              readOnly
              value={apiKey}
              onFocus={(event) => event.target.select()}
              className="h-9 min-w-0 flex-1 rounded-lg border-0 bg-white px-3 font-mono text-[13px] text-slate-900 ring-1 ring-indigo-300 ring-inset focus:ring-2 focus:ring-indigo-600 focus:outline-none"
            />
            <CopyButton text={apiKey} label="Copy key" fallbackInputId="new-key-value" />
            <Button variant="primary" onClick={onDone}>
              Done
            </Button>
          </div>
          <div className="mt-4">
            <div className="flex flex-wrap items-end justify-between gap-2">
              <div className="min-w-0">
                <h3 id="mcp-config-title" className="text-sm font-semibold text-indigo-950">
                  MCP client configuration
                </h3>
                <p className="text-[13px] text-indigo-900/80">
                  For Claude, Cursor, VS Code and other MCP clients: the hub&apos;s tools over Streamable HTTP
                  at <code className="font-mono text-xs break-all">{origin}/mcp</code>.
                </p>
              </div>
              <CopyButton
                text={config}
                label="Copy configuration"
                fallbackInputId="mcp-config"
                testId="copy-mcp-config"
              />
            </div>
            <pre
              id="mcp-config"
              aria-labelledby="mcp-config-title"
              tabIndex={0}
              data-testid="mcp-config"
              className="mt-2 max-w-full overflow-x-auto rounded-lg bg-slate-950 p-3 font-mono text-[12px] leading-relaxed whitespace-pre-wrap text-slate-200 wrap-anywhere"
            >
              {config}
            </pre>
          </div>
        </div>
      </div>
    </section>
  );
}
