import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import type { AppRouter, ErrorKind, HubErrorData } from '@hub/api';

export type { AppRouter, ErrorKind, HubErrorData };
export type { RouterInputs, RouterOutputs } from '@hub/api';

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

/** A failed call's error, typed by the Hub's router: `error.data` is {@link HubErrorData}. */
export type HubClientError = TRPCClientError<AppRouter>;

/** True for errors thrown by a Hub client call (whether the server answered or the request failed). */
export function isHubClientError(error: unknown): error is HubClientError {
  return error instanceof TRPCClientError;
}

/**
 * The Hub's error kind (`NOT_CONNECTED`, `VERSION_CONFLICT`, `RATE_LIMITED`, …) of a failed call: what to branch
 * on. Undefined for anything else (a network failure, a non-Hub error).
 */
export function hubErrorKind(error: unknown): ErrorKind | undefined {
  const kind: unknown = hubErrorData(error)?.kind;
  return typeof kind === 'string' ? (kind as ErrorKind) : undefined;
}

/** The server's error details (`kind`, `retryAfterMs`, `currentVersion`, `connections`, …), if it answered. */
export function hubErrorData(error: unknown): HubErrorData | undefined {
  if (!(error instanceof TRPCClientError)) return undefined;
  const data: unknown = error.data;
  if (typeof data !== 'object' || data === null || !('kind' in data)) return undefined;
  return data as HubErrorData;
}

export { TRPCClientError };

/**
 * A write's result when it was not a dry run: `createPage`, `updatePage` and `addComment` answer a union on
 * `dryRun` (a preview when you sent `dryRun: true`). Narrows it, throwing on a preview.
 *
 * ```ts
 * const page = written(await hub.confluence.createPage.mutate({ spaceKey: 'ENG', title: 'Notes', body: '# Hi' }));
 * page.id;
 * ```
 */
export function written<T extends { dryRun: boolean }>(result: T): Exclude<T, { dryRun: true }> {
  if (result.dryRun) throw new Error('Expected a written result, got a dry run preview (dryRun: true)');
  return result as Exclude<T, { dryRun: true }>;
}
