import { DEFAULT_RATE_LIMIT, rateLimitConfigSchema, type RateLimitConfig } from './control/rate-limit.js';

/** A registered OAuth 2.0 (3LO) app. */
export interface ClientRegistration {
  clientId: string;
  clientSecret: string;
  /** Shown on the consent page; defaults to the client id. */
  name?: string;
  /** Allowed callback URLs. Atlassian requires the registered callback; omit to accept any. */
  redirectUris?: string[];
}

export type SeedName = 'demo' | 'empty';

export interface EmulatorOptions {
  port?: number;
  host?: string;
  seed?: SeedName;
  clients?: ClientRegistration[];
  accessTokenTtlSeconds?: number;
  refreshReuseLeewaySeconds?: number;
  /** Answer an expired (known) access token as the gateway has been seen to: 404 on v2, 403 on v1, not 401. */
  expiredTokenQuirk?: boolean;
  /**
   * Give sites the emulator's own URL (`<emulator>/sites/acme`) instead of Atlassian's, and serve a plain page view
   * there, so web links (`_links.base` + `webui`, a site's `url`) open something real in a demo. Off by default:
   * tests compare against Atlassian-shaped URLs.
   */
  serveSites?: boolean;
  /**
   * The points meter per OAuth app (control/rate-limit.ts): default a quota no benchmark reaches, reported in
   * headers but not enforced. `{ quota: 500, enforce: true }` makes over-quota calls 429s.
   */
  rateLimit?: Partial<RateLimitConfig>;
  quiet?: boolean;
}

export type ResolvedOptions = Required<Omit<EmulatorOptions, 'rateLimit'>> & { rateLimit: RateLimitConfig };

export const DEMO_CLIENT: Readonly<ClientRegistration> = Object.freeze({
  clientId: 'hub-demo-client',
  clientSecret: 'hub-demo-secret',
  name: 'Integrations Hub (demo)',
});

export function resolveOptions(options: EmulatorOptions = {}): ResolvedOptions {
  return {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    seed: options.seed ?? 'demo',
    clients: options.clients ?? [{ ...DEMO_CLIENT }],
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
    refreshReuseLeewaySeconds: options.refreshReuseLeewaySeconds ?? 600,
    expiredTokenQuirk: options.expiredTokenQuirk ?? false,
    serveSites: options.serveSites ?? false,
    rateLimit: rateLimitConfigSchema.parse({ ...DEFAULT_RATE_LIMIT, ...options.rateLimit }),
    quiet: options.quiet ?? true,
  };
}
