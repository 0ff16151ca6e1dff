import { useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'wouter';

import type { Connection, ToolManifest } from '../../lib/api-types';
import type { CatalogTool } from '../../lib/tool-catalog';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { Card } from '../../ui/card';
import { IconPlay } from '../../ui/icons';
import { liveConnections } from '../integrations/connection-health';
import { defaultRoute, refusalReason } from '../integrations/default-connection';
import {
  fieldsFromSchema,
  initialValues,
  valuesFromInput,
  type FieldErrors,
  type FormValues,
} from './json-schema';
import { ConfirmWrite } from './confirm-write';
import { SchemaForm } from './schema-form';
import { ToolPicker } from './tool-picker';
import { ToolResultPanel } from './tool-result';
import type { Chain, ToolName, ToolRun } from './types';
import { useToolRunner } from './use-tool-runner';
import { writeTarget } from './write-target';

const FIRST_TOOL: ToolName = 'search_confluence_pages';

/** The tester proper: the tool and connection, the form, the result, and the confirmation of writes. */
export function Tester({
  tools,
  catalog,
  connections,
  connectionsLoaded,
}: {
  tools: ToolManifest[];
  catalog: CatalogTool[];
  /** Every connection of the workspace, disconnected ones included (the default may be one of them). */
  connections: Connection[];
  connectionsLoaded: boolean;
}) {
  const live = liveConnections(connections);
  const route = defaultRoute(connections);
  const [toolName, setToolName] = useState<string>(
    tools.some((t) => t.name === FIRST_TOOL) ? FIRST_TOOL : (tools[0]?.name ?? ''),
  );
  const [connectionId, setConnectionId] = useState('');
  const [valuesByTool, setValuesByTool] = useState<Record<string, FormValues>>({});
  const [pendingWrite, setPendingWrite] = useState<Record<string, unknown> | null>(null);
  const formRef = useRef<HTMLDivElement>(null);
  // Runs after the write dialog's own effect has closed it (which hands focus back to the Run button).
  const [connectionFocus, setConnectionFocus] = useState(0);
  useEffect(() => {
    if (connectionFocus > 0) document.getElementById('tool-connection')?.focus();
  }, [connectionFocus]);
  // After a save the form moves to the saved version, so a second change starts from it (never a stale version);
  // the edits and the idempotency key belonged to that save and are cleared.
  const runner = useToolRunner((done) => {
    const saved = savedVersion(done);
    if (saved === null) return;
    setValuesByTool((all) => {
      const current = all[saved.tool];
      if (current === undefined) return all;
      return {
        ...all,
        [saved.tool]: { ...current, version: String(saved.version), edits: '', idempotencyKey: '' },
      };
    });
  });

  // The list can shrink under the tester (an admin switched a capability off): fall back to the first tool.
  const tool = tools.find((t) => t.name === toolName) ?? tools[0];
  const fields = useMemo(() => fieldsFromSchema(tool?.inputSchema), [tool]);
  const shownName = tool?.name ?? '';
  const values = valuesByTool[shownName] ?? initialValues(fields);
  const connection = connectionId === '' ? undefined : connectionId;
  const lastRun = runner.run?.tool === shownName ? runner.run : null;
  const serverErrors = fieldErrorsOf(lastRun);

  // A result belongs to its tool: choosing another one clears it (and drops the answer of a run under way).
  const selectTool = (name: string) => {
    if (name !== shownName) runner.clear();
    setToolName(name);
  };

  const submit = (input: Record<string, unknown>) => {
    if (tool === undefined) return;
    // A dry run writes nothing: nothing to confirm.
    if (tool.readOnly || input.dryRun === true) void runner.start(tool.name, input, connection);
    else setPendingWrite(input);
  };

  const chain: Chain = (name, input, options) => {
    const target = tools.find((t) => t.name === name);
    if (target === undefined) return;
    selectTool(name);
    setValuesByTool((all) => ({
      ...all,
      [name]: valuesFromInput(fieldsFromSchema(target.inputSchema), input),
    }));
    if (options?.run === true && target.readOnly) void runner.start(name, input, connection);
    else formRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  };

  return (
    <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,5fr)_minmax(0,6fr)]">
      <Card className="p-5">
        <div ref={formRef} className="scroll-mt-24">
          {connectionsLoaded && live.length === 0 && (
            <Alert tone="warning" className="mb-4" title="No Confluence connection yet">
              Tools will answer <code className="font-mono text-xs">NOT_CONNECTED</code>.{' '}
              <Link href="/integrations" className="font-medium underline">
                Connect Confluence in Integrations
              </Link>{' '}
              first.
            </Alert>
          )}
          {live.length > 0 && connectionId === '' && route.kind !== 'default' && (
            <Alert tone="warning" className="mb-4" title="Choose a connection" testId="default-refused">
              {refusalReason(route)} Choose a connection below to run tools on a site.
            </Alert>
          )}
          <ToolPicker
            tools={tools}
            catalog={catalog}
            toolName={shownName}
            onToolChange={selectTool}
            connections={live}
            defaultRoute={connectionsLoaded ? route : undefined}
            connectionId={connectionId}
            onConnectionChange={setConnectionId}
          />
          {tool !== undefined && (
            <div className="mt-5 border-t border-slate-200 pt-5">
              <SchemaForm
                key={tool.name}
                idPrefix={`tool-${tool.name}`}
                fields={fields}
                values={values}
                serverErrors={serverErrors}
                onChange={(name, value) =>
                  setValuesByTool((all) => ({
                    ...all,
                    [tool.name]: { ...(all[tool.name] ?? initialValues(fields)), [name]: value },
                  }))
                }
                onSubmit={submit}
                actions={
                  <>
                    <Button type="submit" variant="primary" loading={runner.running} icon={<IconPlay />}>
                      {tool.readOnly ? 'Run' : 'Run…'}
                    </Button>
                    <Button
                      variant="ghost"
                      onClick={() =>
                        setValuesByTool((all) => ({ ...all, [tool.name]: initialValues(fields) }))
                      }
                    >
                      Clear form
                    </Button>
                  </>
                }
              />
            </div>
          )}
        </div>
      </Card>
      <ToolResultPanel
        run={lastRun}
        running={runner.running}
        tools={tools}
        connections={connections}
        onChain={chain}
      />
      {tool !== undefined && (
        <ConfirmWrite
          tool={tool}
          input={pendingWrite}
          target={writeTarget(connections, connectionId)}
          onCancel={() => setPendingWrite(null)}
          onChooseConnection={() => {
            setPendingWrite(null);
            setConnectionFocus((n) => n + 1);
          }}
          onConfirm={(target) => {
            if (pendingWrite !== null) void runner.start(tool.name, pendingWrite, target);
            setPendingWrite(null);
          }}
        />
      )}
    </div>
  );
}

/** Field errors the server reported for the last run of this tool (zod, on bad input). */
function fieldErrorsOf(run: ToolRun | null): FieldErrors | undefined {
  if (run?.outcome?.ok !== false) return undefined;
  const errors = run.outcome.error.fieldErrors;
  if (errors === undefined) return undefined;
  return Object.fromEntries(Object.entries(errors).map(([field, messages]) => [field, messages.join(' ')]));
}

/** The version an update run just saved (not a dry run), or null. */
function savedVersion(run: ToolRun): { tool: string; version: number } | null {
  if (run.tool !== 'update_confluence_page' || run.outcome?.ok !== true) return null;
  const result = run.outcome.result as { dryRun?: boolean; version?: unknown };
  if (result.dryRun !== false || typeof result.version !== 'number') return null;
  return { tool: run.tool, version: result.version };
}
