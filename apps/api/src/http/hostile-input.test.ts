import { request } from 'node:http';

import { beforeAll, describe, expect, it, vi } from 'vitest';

import { createApp } from '../app.js';
import { createTestAuthService } from '../test-support/auth.js';
import { createTestDatabase, useTestDatabase } from '../test-support/database.js';
import {
  apiClient,
  connect,
  newWorkspace,
  rejection,
  signInOverHttp,
  useApiHarness,
  type TestWorkspace,
} from '../test-support/api-harness.js';
import { listen } from '../test-support/listen.js';

/**
 * Regression tests for defects found by trying to break the API (issue 7, part 2): each of these answered 500,
 * leaked internals, or cost seconds of CPU before the fix.
 */

const t = useTestDatabase();
const harness = useApiHarness(t);
let ws: TestWorkspace;
let connectionId: string;

beforeAll(async () => {
  ws = await newWorkspace(harness());
  connectionId = (await connect(harness(), ws.workspaceId)).id;
});

const json = (key: string) => ({ 'content-type': 'application/json', authorization: `Bearer ${key}` });

/** POSTs a declared-huge body, sending only `sendBytes` of it, and resolves with the status the server answered. */
function postDeclaring(
  url: string,
  declaredBytes: number,
  sendBytes: number,
  headers: Record<string, string>,
) {
  return new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(declaredBytes) },
    });
    req.on('response', (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, connection: res.headers.connection });
      req.destroy();
    });
    req.on('error', reject);
    req.write(Buffer.alloc(sendBytes, 'a'));
  });
}

describe('bodies are limited per route before they are read', () => {
  it('a sign-in declaring 150 MB is refused at once with 413, without waiting for the body', async () => {
    const answer = await postDeclaring(
      `${harness().url}/api/auth/sign-in/email`,
      150 * 1024 * 1024,
      64 * 1024,
      {
        'content-type': 'application/json',
        origin: harness().url,
      },
    );
    expect(answer).toEqual({ status: 413, connection: 'close' });
  });

  it('an anonymous tRPC post is never read; an authenticated read procedure takes kilobytes', async () => {
    const anonymous = await postDeclaring(
      `${harness().url}/trpc/tools.invoke`,
      150 * 1024 * 1024,
      64 * 1024,
      {
        'content-type': 'application/json',
      },
    );
    expect(anonymous).toEqual({ status: 401, connection: 'close' });
    const small = await fetch(`${harness().url}/trpc/integrations.test`, {
      method: 'POST',
      headers: json(ws.adminKey),
      body: JSON.stringify({ connectionId: 'x'.repeat(100 * 1024) }),
    });
    expect(small.status).toBe(413);
  });

  it('a body nested 5,000 levels deep is a 400, not a 500 (and a 6 MB one costs no parse)', async () => {
    const deep = `{"name":"get_confluence_spaces","input":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    const response = await fetch(`${harness().url}/trpc/tools.invoke`, {
      method: 'POST',
      headers: json(ws.memberKey),
      body: deep,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { message: 'The request body is nested deeper than 64 levels', data: { kind: 'BAD_REQUEST' } },
    });
    const huge = '['.repeat(3 * 1024 * 1024) + ']'.repeat(3 * 1024 * 1024);
    const big = await fetch(`${harness().url}/trpc/tools.invoke`, {
      method: 'POST',
      headers: json(ws.memberKey),
      body: huge,
    });
    expect(big.status).toBe(400);
    const query = await fetch(
      `${harness().url}/trpc/confluence.getSpaces?input=${encodeURIComponent('['.repeat(2000) + ']'.repeat(2000))}`,
      { headers: json(ws.memberKey) },
    );
    expect(query.status).toBe(400);
  });

  it('refuses over-long passwords before better-auth (and its hashing) sees them', async () => {
    const handler = vi.spyOn(harness().auth.auth, 'handler');
    const response = await fetch(`${harness().url}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: harness().url },
      body: JSON.stringify({ email: ws.admin.email, password: 'p'.repeat(10_000) }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      code: 'PASSWORD_TOO_LONG',
      message: 'Passwords are at most 256 characters',
    });
    expect(handler).not.toHaveBeenCalled();
    handler.mockRestore();
  });

  it('takes only JSON on the auth routes', async () => {
    const response = await fetch(`${harness().url}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: harness().url },
      body: `email=${encodeURIComponent(ws.admin.email)}&password=${ws.admin.password}`,
    });
    expect(response.status).toBe(415);
  });
});

describe('NUL and lone surrogates are invalid input naming the field, never a 500', () => {
  const NUL = 'a\u0000b';
  const LONE = 'a\ud800b';

  it.each([
    ['apiKeys.revoke', (c: Client) => c.apiKeys.revoke.mutate({ id: NUL }), 'id'],
    ['activity.list cursor', (c: Client) => c.activity.list.query({ cursor: NUL }), 'cursor'],
    [
      'activity.list connectionId',
      (c: Client) => c.activity.list.query({ connectionId: NUL }),
      'connectionId',
    ],
    ['activity.stats', (c: Client) => c.activity.stats.query({ connectionId: NUL }), 'connectionId'],
    [
      'integrations.disconnect',
      (c: Client) => c.integrations.disconnect.mutate({ connectionId: NUL }),
      'connectionId',
    ],
    [
      'getSpaces connectionId',
      (c: Client) => c.confluence.getSpaces.query({ connectionId: NUL }),
      'connectionId',
    ],
    [
      'getSpacePages spaceKey',
      (c: Client) => c.confluence.getSpacePages.query({ spaceKey: LONE }),
      'spaceKey',
    ],
    ['searchPages text', (c: Client) => c.confluence.searchPages.query({ text: LONE }), 'text'],
    ['apiKeys.create name', (c: Client) => c.apiKeys.create.mutate({ name: NUL }), 'name'],
    [
      'tools.invoke nested input',
      (c: Client) => c.tools.invoke.mutate({ name: 'search_confluence_pages', input: { text: LONE } }),
      'input',
    ],
  ])('%s', async (_label, call, field) => {
    const error = await rejection(call(apiClient(harness(), { apiKey: ws.adminKey })));
    expect(error.data).toMatchObject({ code: 'BAD_REQUEST', httpStatus: 400, kind: 'BAD_REQUEST' });
    expect(Object.keys(error.data?.zodError?.fieldErrors ?? {})).toEqual([field]);
    expect(error.message).toMatch(/NUL character|valid Unicode/);
    expect(error.message).not.toMatch(/insert|select|params|Failed query/i);
  });

  it('a lone surrogate in every tool that sends text upstream', async () => {
    const hub = apiClient(harness(), { apiKey: ws.memberKey });
    await harness().emu.control.clearRequests();
    const errors = await Promise.all([
      rejection(hub.confluence.createPage.mutate({ spaceKey: 'ENG', title: LONE, body: 'x', connectionId })),
      rejection(hub.confluence.addComment.mutate({ pageId: '1', body: LONE })),
      rejection(hub.confluence.updatePage.mutate({ pageId: '1', version: 1, body: LONE })),
      rejection(hub.confluence.searchPages.query({ cql: `text ~ "${LONE}"` })),
    ]);
    expect(errors.map((error) => error.data?.kind)).toEqual(Array(4).fill('BAD_REQUEST'));
    expect(await harness().emu.control.requests()).toEqual([]);
  });
});

type Client = ReturnType<typeof apiClient>;

describe('internals stay out of answers', () => {
  it('a failed key creation answers "Internal server error", never the SQL or its parameters', async () => {
    const create = vi
      .spyOn(harness().auth.auth.api, 'createApiKey')
      .mockRejectedValueOnce(
        new Error('Failed query: insert into "apikey" ("key") values ($1)\nparams: Zm9vYmFyLWhhc2g,org-123'),
      );
    const error = await rejection(
      apiClient(harness(), { apiKey: ws.adminKey }).apiKeys.create.mutate({ name: 'n' }),
    );
    create.mockRestore();
    expect(error.data).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', httpStatus: 500 });
    expect(error.message).toBe('Internal server error');
    expect(JSON.stringify(error.data)).not.toMatch(/insert|params|Zm9vYmFyLWhhc2g/);
    const logged = harness()
      .logLines.filter((line) => line.includes('tRPC procedure failed'))
      .join('');
    expect(logged).not.toContain('Zm9vYmFyLWhhc2g');
  });

  it('a revoked key is an info line without a stack, not an error', async () => {
    const admin = apiClient(harness(), { apiKey: ws.adminKey });
    const { key, apiKey } = await admin.apiKeys.create.mutate({ name: 'short-lived' });
    await admin.apiKeys.revoke.mutate({ id: apiKey.id });
    const before = harness().logLines.length;
    expect((await rejection(apiClient(harness(), { apiKey: key }).session.me.query())).data?.httpStatus).toBe(
      401,
    );
    const lines = harness()
      .logLines.slice(before)
      .map((line) => JSON.parse(line) as { level: number; msg: string; reason?: string; stack?: unknown });
    expect(lines.filter((line) => line.level >= 40)).toEqual([]);
    expect(lines.filter((line) => line.msg === 'API key refused')).toMatchObject([
      { level: 30, reason: 'revoked' },
    ]);
    expect(JSON.stringify(lines)).not.toContain('stack');
  });

  it('a session call from another site is refused; from the panel it goes through', async () => {
    const cookie = await signInOverHttp(harness(), ws.admin.email, ws.admin.password);
    const call = (origin: string) =>
      fetch(`${harness().url}/trpc/integrations.test`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, origin },
        body: '{}',
      });
    const evil = await call('https://evil.example');
    expect(evil.status).toBe(403);
    expect(await evil.json()).toMatchObject({ error: { message: /Cross-site request refused/ } });
    expect((await call(harness().url)).status).toBe(200);
  });
});

describe('the database unreachable', () => {
  it('valid API keys and sessions get 503 UNAVAILABLE (retryable), never 401 or 500', async () => {
    const cookie = await signInOverHttp(harness(), ws.admin.email, ws.admin.password);
    const gone = await createTestDatabase();
    await gone.close();
    // The same users and keys, on a database that no longer answers.
    const auth = createTestAuthService(gone.db, { baseURL: harness().url });
    const url = await listen(createApp({ ...harness().services, db: gone.db, auth, webDist: null }));
    const credentials: Record<string, string>[] = [{ authorization: `Bearer ${ws.memberKey}` }, { cookie }];
    for (const headers of credentials) {
      const response = await fetch(`${url}/trpc/session.me`, { headers });
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({
        error: { data: { code: 'SERVICE_UNAVAILABLE', kind: 'UNAVAILABLE', retryable: true } },
      });
    }
    const signIn = await fetch(`${url}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: harness().url },
      body: JSON.stringify({ email: ws.admin.email, password: ws.admin.password }),
    });
    expect(signIn.status).toBe(503);
    expect(await signIn.json()).toMatchObject({ code: 'UNAVAILABLE' });
  });
});
