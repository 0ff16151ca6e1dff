import { z } from 'zod';
import { UpstreamError } from '../errors.js';
import { HttpEngine } from '../client/http.js';
import { abortableSleep, DEFAULT_RETRY } from '../client/retry.js';
import { type OAuthConfig, resolveOAuthConfig } from './config.js';

/** A Confluence/Jira site the token reaches. `cloudId` goes into every API URL. */
export interface AtlassianSite {
  cloudId: string;
  name: string;
  url: string;
  scopes: string[];
  avatarUrl?: string;
}

export interface AtlassianAccount {
  accountId: string;
  name: string;
  email?: string;
  picture?: string;
}

const siteSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  url: z.string(),
  scopes: z.array(z.string()).nullish(),
  avatarUrl: z.string().nullish(),
});

const accountSchema = z.looseObject({
  account_id: z.string().min(1),
  name: z.string().nullish(),
  nickname: z.string().nullish(),
  email: z.string().nullish(),
  picture: z.string().nullish(),
});

/** GETs against `{api}` with the same retry/timeout/error mapping as the Confluence client. */
async function getJson<S extends z.ZodType>(
  cfg: OAuthConfig,
  accessToken: string,
  path: string,
  scope: string | undefined,
  schema: S,
): Promise<z.output<S>> {
  const c = resolveOAuthConfig(cfg);
  const engine = new HttpEngine({
    baseUrl: c.apiBaseUrl,
    getAccessToken: () => Promise.resolve(accessToken),
    transport: c.transport,
    timeoutMs: c.timeoutMs,
    retry: DEFAULT_RETRY,
    sleep: abortableSleep,
    userAgent: c.userAgent,
  });
  const res = await engine.send({
    method: 'GET',
    path,
    context: { subject: `Atlassian ${path}`, ...(scope === undefined ? {} : { scope }) },
  });
  const parsed = schema.safeParse(res.json);
  if (!parsed.success) {
    throw new UpstreamError(`Atlassian answered GET ${path} with an unexpected body.`, {
      status: res.status,
      details: { method: 'GET', path },
    });
  }
  return parsed.data;
}

/**
 * The sites this token reaches. Order is not meaningful: let the user choose when there are several, never take
 * the first one blindly.
 */
export async function getAccessibleResources(
  cfg: OAuthConfig,
  accessToken: string,
): Promise<AtlassianSite[]> {
  const sites = await getJson(
    cfg,
    accessToken,
    '/oauth/token/accessible-resources',
    undefined,
    z.array(siteSchema),
  );
  return sites.map((s) => {
    const site: AtlassianSite = { cloudId: s.id, name: s.name, url: s.url, scopes: s.scopes ?? [] };
    if (typeof s.avatarUrl === 'string') site.avatarUrl = s.avatarUrl;
    return site;
  });
}

/** The consenting user's Atlassian account (needs `read:me`). */
export async function getMe(cfg: OAuthConfig, accessToken: string): Promise<AtlassianAccount> {
  const me = await getJson(cfg, accessToken, '/me', 'read:me', accountSchema);
  const account: AtlassianAccount = {
    accountId: me.account_id,
    name: me.name ?? me.nickname ?? me.account_id,
  };
  if (typeof me.email === 'string') account.email = me.email;
  if (typeof me.picture === 'string') account.picture = me.picture;
  return account;
}
