import type { ConfluenceError } from '@hub/confluence';

import { isDatabaseUnavailable, sqlState } from '../db/errors.js';
import { HubError } from '../errors.js';

/** The domain errors the vault raises; messages say what to do next and never carry a token. */

export interface SiteRef {
  id: string;
  siteName: string;
  siteUrl: string;
}

export function notConnected(): HubError {
  return new HubError(
    'NOT_CONNECTED',
    'No Confluence site is connected to this workspace. Connect Confluence in Integrations first.',
  );
}

export function connectionDisconnected(siteName: string): HubError {
  return new HubError(
    'NOT_CONNECTED',
    `The Confluence connection to ${siteName} was disconnected. Connect Confluence in Integrations first.`,
  );
}

/** The workspace's default was disconnected: it stays the default, so nothing moves to another site. */
export function defaultDisconnected(siteName: string): HubError {
  return new HubError(
    'NOT_CONNECTED',
    `The workspace's default Confluence connection, ${siteName}, was disconnected. An admin can reconnect it ` +
      'or set another default in Integrations; or pass connectionId to choose a connection.',
  );
}

/** The connection disappeared or was disconnected between choosing it and asking for its token. */
export function connectionGone(): HubError {
  return new HubError(
    'NOT_CONNECTED',
    'This Confluence connection was disconnected. Connect Confluence in Integrations first.',
  );
}

export function connectionNotFound(connectionId: string): HubError {
  return new HubError('NOT_FOUND', `No Confluence connection with id ${connectionId} in this workspace.`);
}

export function needsReauth(connectionId: string, siteName: string, lastError: string): HubError {
  return new HubError(
    'NEEDS_REAUTH',
    `Atlassian no longer accepts this workspace's authorization for Confluence site ${siteName}. ` +
      'An admin must reconnect Confluence in Integrations.',
    { details: { connectionId, siteName, lastError } },
  );
}

export function connectionAmbiguous(connections: SiteRef[]): HubError {
  const names = connections.map((c) => `${c.siteName} (${c.id})`).join(', ');
  return new HubError(
    'CONNECTION_AMBIGUOUS',
    `This workspace has no default Confluence connection: pass connectionId (one of ${names}) or ask an ` +
      'admin to set a default connection in Integrations.',
    { details: { connections } },
  );
}

export function connectionUnavailable(
  connectionId: string,
  siteName: string,
  cause: ConfluenceError,
): HubError {
  const retryAfterMs = retryAfterOf(cause);
  return new HubError(
    'CONNECTION_UNAVAILABLE',
    `Could not refresh the Confluence access token for ${siteName}: ${cause.message} ` +
      'The connection is kept; try again shortly.',
    {
      cause,
      details: {
        connectionId,
        siteName,
        retryable: true,
        upstreamKind: cause.kind,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      },
    },
  );
}

/** `retryAfterMs` of a RateLimitedError or UpstreamUnavailableError, when Atlassian sent Retry-After. */
export function retryAfterOf(error: ConfluenceError): number | undefined {
  const value = (error as { retryAfterMs?: unknown }).retryAfterMs;
  return typeof value === 'number' ? value : undefined;
}

/**
 * Log fields for an unexpected failure (database, decryption): its name, SQLSTATE and kind, never its message,
 * which for a failed query quotes the parameters (token envelopes among them).
 */
export function failureFields(error: unknown): { error: string; code?: string; kind?: string } {
  const name = error instanceof Error ? error.name : typeof error;
  const code = sqlState(error);
  const kind = (error as { kind?: unknown } | null)?.kind;
  return {
    error: name,
    ...(code === undefined ? {} : { code }),
    ...(typeof kind === 'string' ? { kind } : {}),
  };
}

/**
 * Logs a failure of database or decryption work: an unreachable database is expected from time to time (callers
 * get 503 UNAVAILABLE and retry), so it is a warning; anything else is an error.
 */
export function logFailure(
  logger: {
    warn: (fields: object, message: string) => void;
    error: (fields: object, message: string) => void;
  },
  error: unknown,
  fields: object,
  message: string,
): void {
  if (isDatabaseUnavailable(error))
    logger.warn({ ...fields, ...failureFields(error) }, `${message}: database unreachable`);
  else logger.error({ ...fields, ...failureFields(error) }, message);
}
