import { useMutation } from '@tanstack/react-query';
import { useRef, useState } from 'react';

import { useTRPC } from '../../lib/trpc';
import type { ToolRun } from './types';

/** Runs tools through `tools.invoke` (never throws for tool failures) and times each round trip. */
export function useToolRunner() {
  const trpc = useTRPC();
  const invoke = useMutation(trpc.tools.invoke.mutationOptions());
  const [run, setRun] = useState<ToolRun | null>(null);
  const counter = useRef(0);

  const start = async (tool: string, input: Record<string, unknown>, connectionId: string | undefined) => {
    const id = ++counter.current;
    const at = new Date().toISOString();
    const started = performance.now();
    const base = { id, tool, input, connectionId, at };
    try {
      const outcome = await invoke.mutateAsync({ name: tool, input, connectionId });
      if (id === counter.current) setRun({ ...base, durationMs: performance.now() - started, outcome });
    } catch (failure) {
      if (id === counter.current) {
        setRun({ ...base, durationMs: performance.now() - started, outcome: null, failure });
      }
    }
  };

  return { run, running: invoke.isPending, start };
}
