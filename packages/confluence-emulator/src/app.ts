import type { IncomingHttpHeaders } from 'node:http';
import { Clock } from './clock.js';
import { IdSequence, SiteStore } from './confluence/store.js';
import { FaultStore } from './control/faults.js';
import { PointsMeter } from './control/rate-limit.js';
import { RequestLog } from './control/request-log.js';
import type { RequestBody } from './http/read-body.js';
import type { Params } from './http/router.js';
import type { Site } from './identities.js';
import { SITES } from './identities.js';
import { AuthStore } from './oauth/auth-store.js';
import type { ResolvedOptions } from './options.js';
import { seedContent } from './seed/index.js';

export interface TokenCounters {
  authorization_code: number;
  refresh_token: number;
  failed: number;
}

/** Everything `POST /__control/reset` throws away. */
export interface State {
  clock: Clock;
  auth: AuthStore;
  sites: Map<string, SiteStore>;
  faults: FaultStore;
  log: RequestLog;
  rate: PointsMeter;
  tokenCounters: TokenCounters;
  requestCount: number;
}

export interface App {
  readonly options: ResolvedOptions;
  state: State;
  /** The emulator's own base URL, known once it listens. */
  url: string;
}

export interface Ctx {
  app: App;
  state: State;
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  params: Params;
  body: RequestBody;
}

/** `acme` for `https://acme.atlassian.net`: the site's path segment under `/sites/` when the emulator serves sites. */
export function siteSlug(site: Site): string {
  return new URL(site.url).hostname.split('.')[0] ?? site.cloudId;
}

/** A site's browser URL: Atlassian's, or with `serveSites` the emulator's own (known once it listens). */
export function siteUrl(app: Pick<App, 'options' | 'url'>, site: Site): string {
  return app.options.serveSites ? `${app.url}/sites/${siteSlug(site)}` : site.url;
}

/** `urlOf` is asked at request time: the emulator's URL is known only once it listens. */
export function createState(options: ResolvedOptions, urlOf: (site: Site) => string = (s) => s.url): State {
  const clock = new Clock();
  const ids = new IdSequence();
  const sites = new Map(SITES.map((site) => [site.cloudId, new SiteStore(site, ids, () => urlOf(site))]));
  seedContent(options.seed, sites);
  return {
    clock,
    auth: new AuthStore(options),
    sites,
    faults: new FaultStore(),
    log: new RequestLog(),
    rate: new PointsMeter({ ...options.rateLimit }),
    tokenCounters: { authorization_code: 0, refresh_token: 0, failed: 0 },
    requestCount: 0,
  };
}
