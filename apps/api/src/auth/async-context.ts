import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * better-auth keeps its request, endpoint and transaction state in AsyncLocalStorage instances (on a global under
 * this symbol). On Node 20 the first `run()` of any instance installs promise hooks for the whole process, and they
 * stay installed: from then on every promise anywhere, each tool call's included, pays for context propagation
 * (≈ 5% of the API's CPU on a tool call that never touches better-auth, the API key being cached).
 *
 * `releasingAsyncContext` counts the better-auth calls in flight and disables those instances whenever the count
 * drops to zero: no better-auth code is running then, so no store is needed, and the next call's `run()` enables
 * them again (AsyncLocalStorage does that itself). better-auth's background work ("runInBackgroundOrAwait") is
 * awaited here, as no background handler is configured.
 */
const BETTER_AUTH_GLOBAL = Symbol.for('better-auth:global');

let inFlight = 0;

function betterAuthStorages(): AsyncLocalStorage<unknown>[] {
  const global = (globalThis as Record<symbol, { context?: Record<string, unknown> } | undefined>)[
    BETTER_AUTH_GLOBAL
  ];
  return Object.values(global?.context ?? {}).filter(
    (value): value is AsyncLocalStorage<unknown> => value instanceof AsyncLocalStorage,
  );
}

async function tracked<T>(call: () => Promise<T>): Promise<T> {
  inFlight += 1;
  try {
    return await call();
  } finally {
    inFlight -= 1;
    if (inFlight === 0) for (const storage of betterAuthStorages()) storage.disable();
  }
}

/** The same function, its properties kept (better-auth endpoints carry `path` and `options`), its calls counted. */
function trackedFunction<F extends (...args: never[]) => unknown>(fn: F): F {
  return new Proxy(fn, {
    apply: (target, thisArg, args) =>
      tracked(async () => (await Reflect.apply(target, thisArg, args)) as unknown),
  });
}

/** `auth` with `handler` and every `auth.api` endpoint counted, so its async context is released between calls. */
export function releasingAsyncContext<
  A extends { handler: (request: Request) => Promise<Response>; api: object },
>(auth: A): A {
  // By function, not by name: an endpoint replaced on the object (a test's spy) is wrapped in its turn.
  const wrapped = new WeakMap<object, unknown>();
  const api = new Proxy(auth.api, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if (!wrapped.has(value)) wrapped.set(value, trackedFunction(value as (...args: never[]) => unknown));
      return wrapped.get(value);
    },
  });
  return { ...auth, handler: trackedFunction(auth.handler), api };
}
