import type { Connection, ToolManifest } from '../../lib/api-types';
import { Badge } from '../../ui/badge';
import { Field, selectClass } from '../../ui/field';
import { workspaceDefault } from '../integrations/connection-health';

export function ToolPicker({
  tools,
  toolName,
  onToolChange,
  connections,
  connectionId,
  onConnectionChange,
}: {
  tools: ToolManifest[];
  toolName: string;
  onToolChange: (name: string) => void;
  connections: Connection[];
  connectionId: string;
  onConnectionChange: (id: string) => void;
}) {
  const tool = tools.find((t) => t.name === toolName);
  const fallback = workspaceDefault(connections);
  const reads = tools.filter((t) => t.readOnly);
  const writes = tools.filter((t) => !t.readOnly);
  return (
    <div className="space-y-4">
      <div className="grid gap-4">
        <Field id="tool-connection" label="Connection" help="Which Confluence site the tool talks to.">
          <select
            id="tool-connection"
            value={connectionId}
            onChange={(event) => onConnectionChange(event.target.value)}
            className={selectClass}
            aria-describedby="tool-connection-help"
          >
            <option value="">
              {fallback === undefined
                ? 'Workspace default (none set)'
                : `Workspace default (${fallback.site.name})`}
            </option>
            {connections.map((c) => (
              <option key={c.id} value={c.id}>
                {c.site.name}
                {c.status === 'needs_reauth' ? ' (needs re-authorization)' : ''}
              </option>
            ))}
          </select>
        </Field>
        <Field id="tool-name" label="Tool">
          <select
            id="tool-name"
            value={toolName}
            onChange={(event) => onToolChange(event.target.value)}
            className={selectClass}
          >
            <optgroup label="Read">
              {reads.map((t) => (
                <option key={t.name} value={t.name}>
                  {t.title}
                </option>
              ))}
            </optgroup>
            <optgroup label="Write (asks first)">
              {writes.map((t) => (
                <option key={t.name} value={t.name}>
                  {t.title}
                </option>
              ))}
            </optgroup>
          </select>
        </Field>
      </div>
      {tool !== undefined && (
        <div className="rounded-lg bg-slate-50 p-3.5 ring-1 ring-slate-200 ring-inset">
          <div className="flex flex-wrap items-center gap-2">
            <code className="font-mono text-[13px] font-semibold text-slate-900" data-testid="tool-id">
              {tool.name}
            </code>
            {tool.readOnly ? (
              <Badge tone="success">Read-only</Badge>
            ) : (
              <Badge tone="warning">Changes Confluence</Badge>
            )}
          </div>
          <p className="mt-1.5 text-[13px] leading-relaxed text-slate-600">{tool.description}</p>
        </div>
      )}
    </div>
  );
}
