// Retry-safe writes over real HTTP against the emulator: one idempotencyKey, one write, whichever surface
// (tRPC, tools.invoke, MCP) sends it; and strict inputs refusing unknown fields by name on each of them.
import { randomUUID } from 'node:crypto';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { written } from '@hub/confluence';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { useTestDatabase } from '../test-support/database.js';
import {
  apiClient,
  connect,
  newWorkspace,
  rejection,
  useApiHarness,
  type TestWorkspace,
} from '../test-support/api-harness.js';
import { canonicalJson, fingerprintOf, runOnce, type IdempotentCall } from './idempotency.js';

const t = useTestDatabase();
const harness = useApiHarness(t);
let ws: TestWorkspace;
let mcp: Client;

beforeAll(async () => {
  ws = await newWorkspace(harness());
  await connect(harness(), ws.workspaceId);
  mcp = new Client({ name: 'idempotency-test', version: '1.0.0' });
  await mcp.connect(
    new StreamableHTTPClientTransport(new URL('/mcp', harness().url), {
      requestInit: { headers: { authorization: `Bearer ${ws.memberKey}` } },
    }),
  );
});
afterAll(() => mcp.close());
beforeEach(() => harness().emu.control.clearFaults());

/** How many pages and comments the emulator was asked to create so far. */
async function writesSent(): Promise<number> {
  const log = await harness().emu.control.requests();
  return log.filter((r) => r.method !== 'GET' && r.path.includes('/wiki/api/v2/')).length;
}

const newKey = () => `k-${randomUUID()}`;
const page = (title: string) => ({
  spaceKey: 'ENG',
  title: `${title} ${randomUUID().slice(0, 8)}`,
  body: 'x',
});

describe('idempotencyKey', () => {
  it('one key, one page: tRPC, tools.invoke and MCP all replay the first result', async () => {
    const hub = apiClient(harness(), { apiKey: ws.memberKey });
    const input = { ...page('Once'), idempotencyKey: newKey() };
    const before = await writesSent();

    const first = written(await hub.confluence.createPage.mutate(input));
    const again = await hub.confluence.createPage.mutate(input);
    const invoked = await hub.tools.invoke.mutate({ name: 'create_confluence_page', input });
    const viaMcp = (await mcp.callTool({
      name: 'create_confluence_page',
      arguments: input,
    })) as CallToolResult;

    expect(again).toEqual(first);
    expect(invoked).toEqual({ ok: true, result: first });
    expect(viaMcp.isError).toBeFalsy();
    expect(viaMcp.structuredContent).toEqual(first);
    expect(await writesSent()).toBe(before + 1);
  });

  it('concurrent first calls wait for the one that runs, and get its result', async () => {
    const hub = apiClient(harness(), { apiKey: ws.memberKey });
    await harness().emu.control.addFault({ method: 'POST', path: '^/ex/[^?]*/pages$', delayMs: 400 });
    const input = { ...page('Concurrent'), idempotencyKey: newKey() };
    const before = await writesSent();
    const results = await Promise.all(
      Array.from({ length: 4 }, () => hub.confluence.createPage.mutate(input).then(written)),
    );
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(await writesSent()).toBe(before + 1);
  });

  it('the same key with another input, or for another tool, is refused and writes nothing', async () => {
    const hub = apiClient(harness(), { apiKey: ws.memberKey });
    const key = newKey();
    const created = written(
      await hub.confluence.createPage.mutate({ ...page('First'), idempotencyKey: key }),
    );
    const before = await writesSent();

    const changed = await rejection(
      hub.confluence.createPage.mutate({ ...page('Other'), idempotencyKey: key }),
    );
    expect(changed.data).toMatchObject({ kind: 'IDEMPOTENCY_KEY_REUSED', httpStatus: 422, retryable: false });
    expect(changed.message).toMatch(/already used with a different input.*Send a new key/);
    const otherTool = await hub.tools.invoke.mutate({
      name: 'add_confluence_comment',
      input: { pageId: created.id, body: 'hi', idempotencyKey: key },
    });
    expect(otherTool).toMatchObject({
      ok: false,
      error: { kind: 'IDEMPOTENCY_KEY_REUSED', message: /for create_confluence_page/ },
    });
    expect(await writesSent()).toBe(before);
  });

  it('keys are the caller’s own: another key of the workspace with the same idempotencyKey writes its own page', async () => {
    const input = { ...page('Mine'), idempotencyKey: newKey() };
    const member = written(
      await apiClient(harness(), { apiKey: ws.memberKey }).confluence.createPage.mutate(input),
    );
    const admin = apiClient(harness(), { apiKey: ws.adminKey });
    // Same title in the same space: Confluence refuses the second page, so the admin's call really ran.
    const refused = await rejection(admin.confluence.createPage.mutate(input));
    expect(refused.data?.kind).toBe('BAD_REQUEST');
    expect(member.id).toMatch(/^\d+$/);
  });

  it('a failed call releases its key: the retry runs again', async () => {
    const hub = apiClient(harness(), { apiKey: ws.memberKey });
    await harness().emu.control.addFault({ method: 'POST', path: '^/ex/[^?]*/pages$', status: 400 });
    const input = { ...page('Retry'), idempotencyKey: newKey() };
    expect((await rejection(hub.confluence.createPage.mutate(input))).data?.kind).toBe('BAD_REQUEST');
    const retried = written(await hub.confluence.createPage.mutate(input));
    expect(retried.title).toBe(input.title);
  });

  it('a dry run writes nothing and leaves the key for the real call', async () => {
    const hub = apiClient(harness(), { apiKey: ws.memberKey });
    const input = { ...page('Preview'), idempotencyKey: newKey() };
    const before = await writesSent();
    const preview = await hub.confluence.createPage.mutate({ ...input, dryRun: true });
    expect(preview).toMatchObject({ dryRun: true, title: input.title, body: '<p>x</p>' });
    expect(await writesSent()).toBe(before);
    expect(await hub.confluence.createPage.mutate(input)).toMatchObject({
      dryRun: false,
      title: input.title,
    });
    expect(await writesSent()).toBe(before + 1);
  });
});

describe('runOnce on the database', () => {
  const call = (over: Partial<IdempotentCall> = {}): IdempotentCall => ({
    workspaceId: ws.workspaceId,
    principal: { kind: 'apiKey', id: 'key-1' },
    key: newKey(),
    tool: 'create_confluence_page',
    fingerprint: 'f1',
    ...over,
  });

  /** Starts a first call that holds its key until `finish`; resolves once it has claimed the key. */
  async function holdKey(c: IdempotentCall) {
    let finish: (value: string) => void = () => undefined;
    let claimed: () => void = () => undefined;
    const running = new Promise<void>((resolve) => (claimed = resolve));
    const first = runOnce(
      t.db,
      c,
      () => {
        claimed();
        return new Promise<string>((resolve) => (finish = resolve));
      },
      undefined,
    );
    await running;
    return { first, finish: (value: string) => finish(value) };
  }

  it('answers IDEMPOTENCY_IN_PROGRESS (retryable) when the first call outlasts the wait', async () => {
    const c = call();
    const { first, finish } = await holdKey(c);
    const second = await runOnce(t.db, c, () => Promise.resolve('second'), undefined, {
      maxWaitMs: 30,
    }).catch((e: unknown) => e);
    expect(second).toMatchObject({ kind: 'IDEMPOTENCY_IN_PROGRESS', details: { retryAfterMs: 2000 } });
    finish('first');
    expect(await first).toBe('first');
    expect(await runOnce(t.db, c, () => Promise.resolve('second'), undefined)).toBe('first');
  });

  it('takes over a claim whose process died (lease run out), never one with another input', async () => {
    const c = call();
    // A claim that never completes, as if its process died mid-call.
    const { first, finish } = await holdKey(c);
    const other = runOnce(t.db, { ...c, fingerprint: 'other' }, () => Promise.resolve('x'), undefined, {
      leaseMs: 0,
    });
    await expect(other).rejects.toMatchObject({ kind: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await runOnce(t.db, c, () => Promise.resolve('taken over'), undefined, { leaseMs: 0 })).toBe(
      'taken over',
    );
    // The first call, finishing late, no longer holds the key: its result is not stored over the new one.
    finish('late');
    expect(await first).toBe('late');
    expect(await runOnce(t.db, c, () => Promise.resolve('again'), undefined)).toBe('taken over');
  });

  it('fingerprints ignore key order and the key itself', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: undefined }] })).toBe('{"a":[{"d":2}],"b":1}');
    expect(fingerprintOf('t', 'c', { a: 1, b: 2, idempotencyKey: 'x' })).toBe(
      fingerprintOf('t', 'c', { b: 2, a: 1 }),
    );
    expect(fingerprintOf('t', 'c', { a: 1 })).not.toBe(fingerprintOf('t', 'other', { a: 1 }));
  });
});

describe('unknown input fields', () => {
  it('are a BAD_REQUEST naming the field on tRPC, tools.invoke and MCP; nothing is written', async () => {
    const hub = apiClient(harness(), { apiKey: ws.memberKey });
    const input = { pageId: '1', versoin: 2, body: 'x' };
    const before = await writesSent();
    // tRPC's own input validation: the procedure's schema is the tool's, strict.
    const trpc = await rejection(hub.confluence.updatePage.mutate(input as never));
    expect(trpc.data?.kind).toBe('BAD_REQUEST');
    expect(trpc.message).toMatch(/Unknown field "versoin"/);
    const invoked = await hub.tools.invoke.mutate({ name: 'update_confluence_page', input });
    expect(invoked).toMatchObject({
      ok: false,
      error: { kind: 'BAD_REQUEST', message: /Unknown field "versoin"/ },
    });
    const viaMcp = (await mcp.callTool({
      name: 'get_confluence_spaces',
      arguments: { dryRun: true },
    })) as CallToolResult;
    expect(viaMcp.isError).toBe(true);
    expect(JSON.stringify(viaMcp.content)).toMatch(/Unknown field \\"dryRun\\"/);
    expect(await writesSent()).toBe(before);
  });
});
