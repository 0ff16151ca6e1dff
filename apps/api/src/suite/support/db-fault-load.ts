import { bearer, httpStatus, trpcCall, type CallOutcome, type TrpcTarget } from './trpc-http.js';

/**
 * A steady mix of calls at one API process while its database fails, every answer kept with when it was asked:
 *
 * - `tool`: confluence.getSpaces batched with tools.list (one HTTP request, as @hub/client's batch link sends it),
 *   with a long-lived key. Needs no database while the key, connection and token are cached; either answering OK
 *   tells that the request got past authentication, i.e. that the tool ran and so must have an activity row.
 * - `invoke`: tools.invoke get_confluence_spaces, same key: the tool's own failures come back in-band (HTTP 200),
 *   so an HTTP error means it never ran.
 * - `list` (integrations.list, same key), `cookie` (session.me with a session cookie), `freshKey` (session.me
 *   with a key this process has never seen): each needs the database every time.
 */
export type CallKind = 'tool' | 'invoke' | 'list' | 'cookie' | 'freshKey';
export const DATABASE_KINDS: CallKind[] = ['list', 'cookie', 'freshKey'];

export interface CallRecord {
  kind: CallKind;
  startedAt: number;
  endedAt: number;
  status: number;
  transportError?: string;
  /** Every call of the request, tools.invoke's in-band error unwrapped. */
  outcomes: CallOutcome[];
  /** A tool call that ran (got past authentication): one activity row is owed for it. */
  ran: boolean;
}

export interface ReadyRecord {
  startedAt: number;
  endedAt: number;
  status: number;
}

export interface LoadOptions {
  target: TrpcTarget;
  steadyKey: string;
  /** Used once each; `freshKey` calls stop when they run out. */
  freshKeys: string[];
  cookie: string;
}

export interface Load {
  calls: CallRecord[];
  ready: ReadyRecord[];
  stop(): Promise<void>;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const SPACES_INPUT = { limit: 1 };

export const succeeded = (c: CallRecord): boolean =>
  c.status !== 0 && c.outcomes.length > 0 && c.outcomes.every((o) => o.ok);

export function startLoad(options: LoadOptions): Load {
  const calls: CallRecord[] = [];
  const ready: ReadyRecord[] = [];
  const fresh = [...options.freshKeys];
  let running = true;

  const call = async (kind: CallKind): Promise<void> => {
    const startedAt = performance.now();
    const answer = await send(kind);
    if (answer === undefined) return;
    const outcomes = answer.outcomes.map(unwrapInvoke(kind));
    // One batch is authenticated once: a getSpaces that answered OK got past it as surely as a tools.list that
    // did (tools.list can still fail on its own, reading policies while the database is down).
    const ran =
      (kind === 'tool' && (answer.outcomes[0]?.ok === true || answer.outcomes[1]?.ok === true)) ||
      (kind === 'invoke' && answer.status === 200);
    calls.push({ kind, startedAt, endedAt: performance.now(), ...answer, outcomes, ran });
  };

  const send = (kind: CallKind) => {
    const { target, steadyKey } = options;
    switch (kind) {
      case 'tool':
        return trpcCall(
          target,
          [{ path: 'confluence.getSpaces', input: SPACES_INPUT }, { path: 'tools.list' }],
          { headers: bearer(steadyKey) },
        );
      case 'invoke':
        return trpcCall(
          target,
          [{ path: 'tools.invoke', input: { name: 'get_confluence_spaces', input: SPACES_INPUT } }],
          { headers: bearer(steadyKey), mutation: true },
        );
      case 'list':
        return trpcCall(target, [{ path: 'integrations.list' }], { headers: bearer(steadyKey) });
      case 'cookie':
        return trpcCall(target, [{ path: 'session.me' }], { headers: { cookie: options.cookie } });
      case 'freshKey': {
        const key = fresh.shift();
        if (key === undefined) return undefined;
        return trpcCall(target, [{ path: 'session.me' }], { headers: bearer(key) });
      }
    }
  };

  const worker = async (kinds: CallKind[], gapMs: number) => {
    for (let i = 0; running; i += 1) {
      await call(kinds[i % kinds.length] as CallKind);
      await pause(gapMs);
    }
  };
  const readiness = async () => {
    while (running) {
      const startedAt = performance.now();
      const status = await httpStatus(options.target, '/readyz');
      ready.push({ startedAt, endedAt: performance.now(), status });
      await pause(100);
    }
  };

  const workers = [
    worker(['tool', 'invoke'], 5),
    worker(['invoke', 'tool'], 5),
    worker(['list', 'cookie', 'list', 'freshKey'], 10),
    readiness(),
  ];
  return {
    calls,
    ready,
    async stop() {
      running = false;
      await Promise.all(workers);
    },
  };
}

/** tools.invoke answers `{ ok: false, error }` for a tool that ran and failed: count that as the call's outcome. */
function unwrapInvoke(kind: CallKind) {
  return (outcome: CallOutcome): CallOutcome => {
    if (kind !== 'invoke' || !outcome.ok) return outcome;
    const data = outcome.data as { ok?: boolean; error?: { kind?: string; retryable?: boolean } };
    if (data.ok !== false) return outcome;
    return {
      ok: false,
      kind: data.error?.kind ?? null,
      retryable: data.error?.retryable,
      httpStatus: undefined,
    };
  };
}
