import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

import { afterEach, describe, expect, it } from 'vitest';

import { releasingAsyncContext } from './async-context.js';

const GLOBAL = Symbol.for('better-auth:global');
type Global = { context: Record<string, unknown> };
const betterAuthGlobal = () => {
  const holder = globalThis as unknown as Record<symbol, Global | undefined>;
  holder[GLOBAL] ??= { context: {} };
  return holder[GLOBAL];
};

/** A stand-in for better-auth: each call runs inside its own store, as better-auth's endpoints do. */
function fakeAuth(storage: AsyncLocalStorage<string>) {
  const inside = async (name: string, waitMs: number) =>
    storage.run(name, async () => {
      await sleep(waitMs);
      return storage.getStore();
    });
  const endpoint = Object.assign((args: { name: string; waitMs: number }) => inside(args.name, args.waitMs), {
    path: '/x',
  });
  return {
    handler: async (request: Request) => new Response((await inside(request.url, 0)) ?? 'none'),
    api: { endpoint, version: '1' },
  };
}

describe('releasingAsyncContext', () => {
  const storage = new AsyncLocalStorage<string>();
  betterAuthGlobal().context.testStorage = storage;
  afterEach(() => storage.disable());

  it('keeps each call its store while others start and finish, and releases it when none is running', async () => {
    const auth = releasingAsyncContext(fakeAuth(storage));
    storage.enterWith('outside');
    const long = auth.api.endpoint({ name: 'long', waitMs: 30 });
    expect(await auth.api.endpoint({ name: 'short', waitMs: 0 })).toBe('short');
    // 'short' finished while 'long' runs: nothing was released, 'long' still reads its own store.
    expect(await long).toBe('long');
    // Both done: the storage is disabled, so even the store entered out here is gone.
    expect(storage.getStore()).toBeUndefined();
    // … and the next call enables it again.
    expect(await (await auth.handler(new Request('http://hub/again'))).text()).toBe('http://hub/again');
  });

  it('keeps what is not a function, the endpoints’ own properties, and a replaced endpoint', async () => {
    const raw = fakeAuth(storage);
    const auth = releasingAsyncContext(raw);
    expect(auth.api.version).toBe('1');
    expect(auth.api.endpoint.path).toBe('/x');
    raw.api.endpoint = Object.assign(
      (_args: { name: string; waitMs: number }) => Promise.resolve('replaced'),
      {
        path: '/y',
      },
    );
    expect(await auth.api.endpoint({ name: 'n', waitMs: 0 })).toBe('replaced');
  });

  it('releases after a failed call too', async () => {
    const auth = releasingAsyncContext({
      handler: (_request: Request) => storage.run('failing', () => Promise.reject(new Error('boom'))),
      api: {},
    });
    storage.enterWith('outside');
    await expect(auth.handler(new Request('http://hub/'))).rejects.toThrow('boom');
    expect(storage.getStore()).toBeUndefined();
  });
});
