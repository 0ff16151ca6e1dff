import type { Tone } from '../../ui/badge';
import type { Connection } from '../../lib/api-types';
import { relativeTime } from '../../lib/format';

export type HealthState = 'active' | 'needs_reauth' | 'error' | 'disconnected';

export interface Health {
  state: HealthState;
  label: string;
  tone: Tone;
  /** One sentence: what the state means for tool calls and what to do, if anything. */
  summary: string;
  /** The access token line: when it expires or expired, and what happens then. */
  token: string;
}

/**
 * The badge of a connection, from the stored status and refresh health: `needs_reauth` (Atlassian refused the
 * refresh token: only a reconnect helps), an error (the last refresh failed for a transient reason: the hub
 * retries), or active.
 */
export function connectionHealth(connection: Connection, now: number = Date.now()): Health {
  const token = tokenLine(connection.accessTokenExpiresAt, now);
  if (connection.status === 'disconnected') {
    return {
      state: 'disconnected',
      label: 'Disconnected',
      tone: 'neutral',
      summary: 'Its tokens were deleted. Reconnect to use this site again.',
      token: 'No token stored',
    };
  }
  if (connection.status === 'needs_reauth') {
    return {
      state: 'needs_reauth',
      label: 'Needs re-authorization',
      tone: 'warning',
      summary:
        'Atlassian no longer accepts this connection (access was revoked or the app removed). Tool calls fail until an admin reconnects it.',
      token: 'Not used until reconnected',
    };
  }
  if (connection.lastError !== null) {
    const expired =
      connection.accessTokenExpiresAt !== null && Date.parse(connection.accessTokenExpiresAt) <= now;
    return {
      state: 'error',
      label: 'Error',
      tone: 'danger',
      summary: expired
        ? 'The last token refresh failed and the access token has expired, so tool calls fail for now. The hub retries every minute; reconnect if it keeps failing.'
        : 'The last token refresh failed. Calls still work until the access token expires; the hub retries every minute. Reconnect if it keeps failing.',
      token,
    };
  }
  return {
    state: 'active',
    label: 'Active',
    tone: 'success',
    summary: 'Tool calls can use this site. Tokens are refreshed automatically.',
    token,
  };
}

function tokenLine(expiresAt: string | null, now: number): string {
  if (expiresAt === null) return 'Unknown expiry';
  const at = Date.parse(expiresAt);
  if (at > now) return `Expires ${relativeTime(expiresAt, now)}`;
  return `Expired ${relativeTime(expiresAt, now)}; renewed on the next call`;
}

/** Disconnected rows stay in the database (for the activity log); the card lists the live ones. */
export function liveConnections(connections: Connection[]): Connection[] {
  return connections.filter((c) => c.status !== 'disconnected');
}

export const RECONNECT_HREF = '/oauth/confluence/start?returnTo=%2Fintegrations';
