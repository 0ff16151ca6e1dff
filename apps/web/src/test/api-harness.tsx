import type { AppRouter } from '@hub/api';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { createTRPCClient, TRPCClientError, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import type { ReactElement } from 'react';
import { Router } from 'wouter';
import { memoryLocation } from 'wouter/memory-location';

import { TRPCProvider } from '../lib/trpc';

/** Answers per procedure path ('tools.list', …); what a handler throws comes back as a TRPCClientError. */
export type ApiHandlers = Record<string, (input: unknown) => unknown>;

/**
 * Renders a page against canned API answers instead of a server: the same providers as main.tsx with a tRPC
 * link that calls `handlers`, and wouter at `path`. `calls` records every procedure called, with its input.
 */
export function renderWithApi(ui: ReactElement, handlers: ApiHandlers, path = '/') {
  const calls: { path: string; input: unknown }[] = [];
  const link: TRPCLink<AppRouter> =
    () =>
    ({ op }) =>
      observable((observer) => {
        calls.push({ path: op.path, input: op.input });
        Promise.resolve()
          .then(() => {
            const handler = handlers[op.path];
            if (handler === undefined) throw new Error(`No test answer for ${op.path}`);
            return handler(op.input);
          })
          .then(
            (data) => {
              observer.next({ result: { type: 'data', data } });
              observer.complete();
            },
            (error: unknown) =>
              observer.error(TRPCClientError.from(error instanceof Error ? error : new Error(String(error)))),
          );
      });
  const trpcClient = createTRPCClient<AppRouter>({ links: [link] });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  const location = memoryLocation({ path });
  const view = render(
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <Router hook={location.hook} searchHook={location.searchHook}>
          {ui}
        </Router>
      </TRPCProvider>
    </QueryClientProvider>,
  );
  return { ...view, calls, queryClient };
}
