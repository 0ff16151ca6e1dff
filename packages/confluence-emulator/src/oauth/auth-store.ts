import { randomBytes } from 'node:crypto';

/** What a user consented to: one account, one app, some scopes, some sites. */
export interface Grant {
  accountId: string;
  clientId: string;
  scopes: string[];
  cloudIds: string[];
}

export interface AuthCode extends Grant {
  redirectUri: string;
  expiresAt: number;
}

export interface AccessToken extends Grant {
  expiresAt: number;
}

/** Every refresh token descended from one consent; reuse of a stale member kills them all. */
interface TokenFamily extends Grant {
  createdAt: number;
  revoked: boolean;
  latest: string;
}

interface RefreshToken {
  familyId: string;
  issuedAt: number;
  /** When a newer token replaced this one; null while it is the family's current token. */
  rotatedAt: number | null;
}

export interface TokenResponse {
  access_token: string;
  refresh_token?: string;
  expires_in: number;
  scope: string;
  token_type: 'Bearer';
}

export interface AuthTimings {
  accessTokenTtlSeconds: number;
  refreshReuseLeewaySeconds: number;
}

const CODE_TTL_MS = 10 * 60_000;
const DAY_MS = 86_400_000;
const REFRESH_INACTIVITY_MS = 90 * DAY_MS;
const FAMILY_ABSOLUTE_MS = 365 * DAY_MS;

export type RefreshOutcome = { ok: true; tokens: TokenResponse } | { ok: false; familyInvalidated: boolean };

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export class AuthStore {
  private readonly codes = new Map<string, AuthCode>();
  private readonly access = new Map<string, AccessToken>();
  private readonly families = new Map<string, TokenFamily>();
  private readonly refresh = new Map<string, RefreshToken>();

  constructor(private readonly timings: AuthTimings) {}

  issueCode(grant: Grant, redirectUri: string, now: number): string {
    const code = randomToken();
    this.codes.set(code, { ...grant, redirectUri, expiresAt: now + CODE_TTL_MS });
    return code;
  }

  /** Single use: the code is gone after the first attempt, whatever its outcome. */
  takeCode(code: string, clientId: string, redirectUri: string, now: number): AuthCode | null {
    const found = this.codes.get(code);
    this.codes.delete(code);
    if (found === undefined || found.expiresAt < now) return null;
    if (found.clientId !== clientId || found.redirectUri !== redirectUri) return null;
    return found;
  }

  /** A refresh token (and its family) only when the grant includes offline_access. */
  issueTokens(grant: Grant, now: number): TokenResponse {
    const tokens = this.issueAccess(grant, now);
    if (!grant.scopes.includes('offline_access')) return tokens;
    const familyId = randomToken(12);
    const refreshToken = randomToken(48);
    this.families.set(familyId, { ...grant, createdAt: now, revoked: false, latest: refreshToken });
    this.refresh.set(refreshToken, { familyId, issuedAt: now, rotatedAt: null });
    return { ...tokens, refresh_token: refreshToken };
  }

  rotate(token: string, clientId: string, now: number): RefreshOutcome {
    const found = this.refresh.get(token);
    const family = found === undefined ? undefined : this.families.get(found.familyId);
    if (found === undefined || family === undefined || family.revoked || family.clientId !== clientId) {
      return { ok: false, familyInvalidated: false };
    }
    if (now - family.createdAt > FAMILY_ABSOLUTE_MS) return { ok: false, familyInvalidated: false };
    if (found.rotatedAt !== null && now - found.rotatedAt > this.timings.refreshReuseLeewaySeconds * 1000) {
      family.revoked = true;
      return { ok: false, familyInvalidated: true };
    }
    if (found.rotatedAt === null && now - found.issuedAt > REFRESH_INACTIVITY_MS) {
      return { ok: false, familyInvalidated: false };
    }
    // Within the leeway a stale token still refreshes; whatever was current is rotated out with it.
    const current = this.refresh.get(family.latest);
    if (current !== undefined && current.rotatedAt === null) current.rotatedAt = now;
    const next = randomToken(48);
    this.refresh.set(next, { familyId: found.familyId, issuedAt: now, rotatedAt: null });
    family.latest = next;
    return { ok: true, tokens: { ...this.issueAccess(family, now), refresh_token: next } };
  }

  /** The live access token, or null when unknown or expired. */
  lookupAccess(token: string, now: number): AccessToken | null {
    const found = this.access.get(token);
    return found === undefined || found.expiresAt <= now ? null : found;
  }

  /** Issued by this server and expired by now (not unknown, not live). */
  isExpiredAccess(token: string, now: number): boolean {
    const found = this.access.get(token);
    return found !== undefined && found.expiresAt <= now;
  }

  expireAccess(now: number, accountId?: string): number {
    let count = 0;
    for (const token of this.access.values()) {
      if (accountId !== undefined && token.accountId !== accountId) continue;
      if (token.expiresAt > now) count++;
      token.expiresAt = Math.min(token.expiresAt, now);
    }
    return count;
  }

  revokeAccount(accountId: string): number {
    let count = 0;
    for (const family of this.families.values()) {
      if (family.accountId !== accountId || family.revoked) continue;
      family.revoked = true;
      count++;
    }
    return count;
  }

  private issueAccess(grant: Grant, now: number): TokenResponse {
    const token = randomToken(48);
    const ttl = this.timings.accessTokenTtlSeconds;
    this.access.set(token, {
      accountId: grant.accountId,
      clientId: grant.clientId,
      scopes: [...grant.scopes],
      cloudIds: [...grant.cloudIds],
      expiresAt: now + ttl * 1000,
    });
    return { access_token: token, expires_in: ttl, scope: grant.scopes.join(' '), token_type: 'Bearer' };
  }
}
