import type { AppRouter } from '@hub/api';
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';

import { isUnauthenticated } from './problem';

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

export type ApiClient = ReturnType<typeof createApiClient>;

/** Same-origin tRPC over HTTP batching; the session cookie rides along. */
export function createApiClient(url = '/trpc') {
  return createTRPCClient<AppRouter>({ links: [httpBatchLink({ url })] });
}

/**
 * Shared cache. A request that comes back UNAUTHORIZED (the session ended in another tab, or expired) calls
 * `onSessionLost`, which re-reads the session so the sign-in screen shows instead of a wall of errors.
 */
export function createQueryClient(onSessionLost: () => void = () => undefined): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        // The session query failing is how the sign-in screen appears; re-reading it would loop.
        if (isUnauthenticated(error) && !isSessionKey(query.queryKey)) onSessionLost();
      },
    }),
    mutationCache: new MutationCache({
      onError: (error) => {
        if (isUnauthenticated(error)) onSessionLost();
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        refetchOnWindowFocus: true,
        // Client errors will not fix themselves; network blips and 5xx get two more tries.
        retry: (failures, error) => failures < 2 && isRetryable(error),
      },
      mutations: { retry: false },
    },
  });
}

function isRetryable(error: unknown): boolean {
  const status = (error as { data?: { httpStatus?: number } } | null)?.data?.httpStatus;
  return status === undefined || status >= 500;
}

/** tRPC's key for session.me is [['session', 'me'], {…}]; a prefix of it matches in invalidateQueries. */
export const SESSION_KEY = [['session', 'me']] as const;

export function isSessionKey(key: readonly unknown[]): boolean {
  const path = key[0];
  return Array.isArray(path) && path[0] === 'session' && path[1] === 'me';
}
