import type { Connection, ToolManifest } from '../../lib/api-types';
import { toolCatalog, type CatalogTool } from '../../lib/tool-catalog';
import { Badge } from '../../ui/badge';
import { Field, selectClass } from '../../ui/field';
import { defaultOptionLabel, type DefaultRoute } from '../integrations/default-connection';
import { ToolHelp } from './tool-help';

export function ToolPicker({
  tools,
  catalog,
  toolName,
  onToolChange,
  connections,
  defaultRoute,
  connectionId,
  onConnectionChange,
}: {
  tools: ToolManifest[];
  /** The registry (tools.catalog): where the words about each tool come from. */
  catalog: CatalogTool[];
  toolName: string;
  onToolChange: (name: string) => void;
  /** The live connections, to choose from. */
  connections: Connection[];
  /** Where a call that names no connection goes (the first option); undefined while connections load. */
  defaultRoute: DefaultRoute | undefined;
  connectionId: string;
  onConnectionChange: (id: string) => void;
}) {
  const tool = tools.find((t) => t.name === toolName);
  const about = catalog.find((t) => t.name === toolName) ?? toolCatalog(tool === undefined ? [] : [tool])[0];
  const reads = tools.filter((t) => t.readOnly);
  const writes = tools.filter((t) => !t.readOnly);
  return (
    <div className="space-y-4">
      <div className="grid gap-4">
        <Field
          id="tool-connection"
          label="Connection"
          help="Which Confluence site the tool talks to. Without one, calls use the workspace default and only the default: never another site in its place."
        >
          <select
            id="tool-connection"
            value={connectionId}
            onChange={(event) => onConnectionChange(event.target.value)}
            className={selectClass}
            aria-describedby="tool-connection-help"
          >
            <option value="">
              {defaultRoute === undefined ? 'Workspace default' : defaultOptionLabel(defaultRoute)}
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
            {/* tools.list names only what the connections allow: a group may be empty. */}
            {reads.length > 0 && (
              <optgroup label="Read">
                {reads.map((t) => (
                  <option key={t.name} value={t.name}>
                    {t.title}
                  </option>
                ))}
              </optgroup>
            )}
            {writes.length > 0 && (
              <optgroup label="Write (asks first)">
                {writes.map((t) => (
                  <option key={t.name} value={t.name}>
                    {t.title}
                  </option>
                ))}
              </optgroup>
            )}
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
          {about !== undefined && <ToolHelp tool={about} />}
        </div>
      )}
    </div>
  );
}
