import { TRPCClientError } from '@trpc/client';

/** An error as the panel shows it: what happened and what to do next. */
export interface Problem {
  /** HubError / Confluence kind (NOT_CONNECTED, VERSION_CONFLICT, …) or the tRPC code; null when unknown. */
  kind: string | null;
  message: string;
  httpStatus: number | null;
  /** Extra fields the API sends with some kinds (currentVersion, retryAfterMs, fieldErrors, …). */
  data: Record<string, unknown>;
}

const UNREACHABLE =
  "Can't reach the Integrations Hub API. Check that the server is running (pnpm start), then try again.";

const GENERIC: Record<string, string> = {
  INTERNAL_SERVER_ERROR:
    'Something went wrong on the server. Try again; if it keeps failing, check the API log.',
  INTERNAL: 'Something went wrong on the server. Try again; if it keeps failing, check the API log.',
  UNAUTHORIZED: 'Your session has ended. Sign in again.',
  UNAUTHENTICATED: 'Your session has ended. Sign in again.',
};

export function toProblem(error: unknown): Problem {
  if (error instanceof TRPCClientError) {
    const data = (error.data ?? null) as Record<string, unknown> | null;
    if (data === null) return { kind: null, message: UNREACHABLE, httpStatus: null, data: {} };
    const kind = typeof data.kind === 'string' ? data.kind : typeof data.code === 'string' ? data.code : null;
    const httpStatus = typeof data.httpStatus === 'number' ? data.httpStatus : null;
    const generic = kind === null ? undefined : GENERIC[kind];
    const message =
      generic !== undefined && (kind === 'INTERNAL_SERVER_ERROR' || error.message === '')
        ? generic
        : error.message;
    return { kind, message, httpStatus, data };
  }
  if (error instanceof TypeError) return { kind: null, message: UNREACHABLE, httpStatus: null, data: {} };
  const message = error instanceof Error && error.message !== '' ? error.message : String(error);
  return { kind: null, message, httpStatus: null, data: {} };
}

export function isUnauthenticated(error: unknown): boolean {
  return (
    error instanceof TRPCClientError &&
    (error.data as { httpStatus?: number } | undefined)?.httpStatus === 401
  );
}
