import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import type { AppRouter } from '@hub/api';

export type { AppRouter };

export interface HubClientOptions {
  /** Base URL of the Integrations Hub API, e.g. `https://hub.internal.example.com`. */
  url: string;
  /** A service API key created in the panel (API keys) or with `hub api-key create`. */
  apiKey: string;
  /** Inject a fetch implementation (tests, proxies). Defaults to the global fetch. */
  fetch?: typeof globalThis.fetch;
  /** Requests made in the same tick are sent as one HTTP batch; cap its size. Default 10. */
  maxBatchItems?: number;
}

/**
 * A fully typed client of the Hub's tRPC API for internal TypeScript services:
 *
 * ```ts
 * const hub = createHubClient({ url: process.env.HUB_URL!, apiKey: process.env.HUB_API_KEY! });
 * const { results } = await hub.confluence.searchPages.query({ text: 'runbook', spaceKeys: ['ENG'] });
 * ```
 */
export function createHubClient(options: HubClientOptions) {
  const url = `${options.url.replace(/\/+$/, '')}/trpc`;
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url,
        maxItems: options.maxBatchItems ?? 10,
        headers: () => ({ authorization: `Bearer ${options.apiKey}` }),
        ...(options.fetch ? { fetch: options.fetch } : {}),
      }),
    ],
  });
}

export type HubClient = ReturnType<typeof createHubClient>;

/** The Hub's error kind (`NOT_CONNECTED`, `VERSION_CONFLICT`, `RATE_LIMITED`, …) of a failed call, if any. */
export function hubErrorKind(error: unknown): string | undefined {
  if (!(error instanceof TRPCClientError)) return undefined;
  const data: unknown = error.data;
  if (typeof data !== 'object' || data === null || !('kind' in data)) return undefined;
  return typeof data.kind === 'string' ? data.kind : undefined;
}

export { TRPCClientError };
