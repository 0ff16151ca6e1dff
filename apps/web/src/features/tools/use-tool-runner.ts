import { useMutation } from '@tanstack/react-query';
import { useRef, useState } from 'react';

import { useTRPC } from '../../lib/trpc';
import type { ToolRun } from './types';

/**
 * Runs tools through `tools.invoke` (never throws for tool failures) and times each round trip. `onFinished` sees
 * each run that is still the latest when it ends.
 */
export function useToolRunner(onFinished: (run: ToolRun) => void = () => undefined) {
  const trpc = useTRPC();
  const invoke = useMutation(trpc.tools.invoke.mutationOptions());
  const [run, setRun] = useState<ToolRun | null>(null);
  const counter = useRef(0);

  const finish = (done: ToolRun) => {
    if (done.id !== counter.current) return;
    setRun(done);
    onFinished(done);
  };

  const start = async (tool: string, input: Record<string, unknown>, connectionId: string | undefined) => {
    const id = ++counter.current;
    const at = new Date().toISOString();
    const started = performance.now();
    const base = { id, tool, input, connectionId, at };
    try {
      const outcome = await invoke.mutateAsync({ name: tool, input, connectionId });
      finish({ ...base, durationMs: performance.now() - started, outcome });
    } catch (failure) {
      finish({ ...base, durationMs: performance.now() - started, outcome: null, failure });
    }
  };

  /** Forgets the shown result, and the answer of a run still under way (another tool was chosen). */
  const clear = () => {
    counter.current++;
    invoke.reset();
    setRun(null);
  };

  return { run, running: invoke.isPending, start, clear };
}
