import { defaultTransport, type Transport } from '../client/transport.js';

/** Atlassian OAuth 2.0 (3LO) app settings. Base URLs are configuration so tests and the demo use the emulator. */
export interface OAuthConfig {
  clientId: string;
  clientSecret: string;
  /** Default `https://auth.atlassian.com` (authorize page and token endpoint). */
  authBaseUrl?: string;
  /** Default `https://api.atlassian.com` (accessible-resources, /me). */
  apiBaseUrl?: string;
  transport?: Transport;
  /** Clock for `expiresAt`, in ms since the epoch. Default `Date.now`. */
  now?: () => number;
  /** Per request, default 30 s. */
  timeoutMs?: number;
  userAgent?: string;
}

export interface ResolvedOAuthConfig {
  clientId: string;
  clientSecret: string;
  authBaseUrl: string;
  apiBaseUrl: string;
  transport: Transport;
  now: () => number;
  timeoutMs: number;
  userAgent: string;
}

const trimSlash = (url: string): string => url.replace(/\/+$/, '');

export function resolveOAuthConfig(cfg: OAuthConfig): ResolvedOAuthConfig {
  return {
    clientId: cfg.clientId,
    clientSecret: cfg.clientSecret,
    authBaseUrl: trimSlash(cfg.authBaseUrl ?? 'https://auth.atlassian.com'),
    apiBaseUrl: trimSlash(cfg.apiBaseUrl ?? 'https://api.atlassian.com'),
    transport: cfg.transport ?? defaultTransport(),
    now: cfg.now ?? Date.now,
    timeoutMs: cfg.timeoutMs ?? 30_000,
    userAgent: cfg.userAgent ?? '@hub/confluence',
  };
}
