import type { Emulator } from '../emulator.js';
import { ACME_CLOUD_ID } from '../identities.js';
import type { IssueTokensInput } from '../control/operations.js';
import type { PageJson, SpaceJson, V2List } from './shapes.js';

export interface Res<T> {
  status: number;
  headers: Headers;
  body: T;
}

/** fetch + JSON (when the answer is JSON); never follows redirects so tests can see 302s. */
export async function request<T = Record<string, unknown>>(
  url: string,
  init: RequestInit = {},
): Promise<Res<T>> {
  const res = await fetch(url, { redirect: 'manual', ...init });
  const text = await res.text();
  const isJson = (res.headers.get('content-type') ?? '').includes('json') && text.length > 0;
  return { status: res.status, headers: res.headers, body: (isJson ? JSON.parse(text) : text) as T };
}

export function jsonInit(method: string, body: unknown, headers: Record<string, string> = {}): RequestInit {
  return { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

/** A Confluence client for tests: paths are relative to `/ex/confluence/{cloudId}`. */
export class ConfluenceApi {
  constructor(
    readonly emu: Emulator,
    public token: string,
    readonly cloudId: string = ACME_CLOUD_ID,
  ) {}

  get base(): string {
    return `${this.emu.url}/ex/confluence/${this.cloudId}`;
  }

  private auth(): Record<string, string> {
    return { authorization: `Bearer ${this.token}` };
  }

  get<T = Record<string, unknown>>(path: string): Promise<Res<T>> {
    return request<T>(`${this.base}${path}`, { headers: this.auth() });
  }

  post<T = Record<string, unknown>>(path: string, body: unknown): Promise<Res<T>> {
    return request<T>(`${this.base}${path}`, jsonInit('POST', body, this.auth()));
  }

  put<T = Record<string, unknown>>(path: string, body: unknown): Promise<Res<T>> {
    return request<T>(`${this.base}${path}`, jsonInit('PUT', body, this.auth()));
  }

  delete<T = Record<string, unknown>>(path: string): Promise<Res<T>> {
    return request<T>(`${this.base}${path}`, { method: 'DELETE', headers: this.auth() });
  }

  /** Follows `_links.next` (v2: relative to the gateway prefix) to the end; returns every page of results. */
  async all<T>(path: string, v1 = false): Promise<{ pages: Res<{ results: T[] }>[]; results: T[] }> {
    const pages: Res<{ results: T[]; _links: { next?: string } }>[] = [];
    let next: string | undefined = path;
    while (next !== undefined) {
      const res: Res<{ results: T[]; _links: { next?: string } }> = await this.get(next);
      if (res.status !== 200) throw new Error(`GET ${next} answered ${res.status}`);
      pages.push(res);
      next = res.body._links.next === undefined ? undefined : `${v1 ? '/wiki' : ''}${res.body._links.next}`;
      if (pages.length > 100) throw new Error('pagination does not end');
    }
    return { pages, results: pages.flatMap((p) => p.body.results) };
  }
}

export async function apiFor(emu: Emulator, input: Partial<IssueTokensInput> = {}): Promise<ConfluenceApi> {
  const tokens = await emu.control.issueTokens({ accountId: 'acc-ada', ...input });
  return new ConfluenceApi(emu, tokens.access_token, input.cloudIds?.[0] ?? ACME_CLOUD_ID);
}

/** A new page in ENG with a one-paragraph body, for tests of what can be done to a page. */
export async function newEngPage(api: ConfluenceApi, title: string): Promise<PageJson> {
  const eng = (await api.get<V2List<SpaceJson>>('/wiki/api/v2/spaces?keys=ENG')).body.results[0];
  const res = await api.post<PageJson>('/wiki/api/v2/pages', {
    spaceId: eng?.id,
    title,
    body: { representation: 'storage', value: '<p>old</p>' },
  });
  if (res.status !== 200) throw new Error(`creating "${title}" answered ${res.status}`);
  return res.body;
}
