import { ACME_CLOUD_ID } from '@hub/confluence-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createApp } from '../app.js';
import { useTestDatabase } from '../test-support/database.js';
import {
  consentOverHttp,
  followCallback,
  newUser,
  newWorkspace,
  signInOverHttp,
  useApiHarness,
  type TestWorkspace,
} from '../test-support/api-harness.js';
import { listen } from '../test-support/listen.js';
import { reportSummary } from '../test-support/suite-summary.js';

/**
 * OAuth and session attacks against the whole app (better-auth sessions, the connect routes, tRPC): states that
 * are missing, forged, expired, replayed, raced, another user's or sessionless; open redirects in every form
 * we know, checked after normalisation; cross-site use of the session cookie; password guessing by address
 * (with spoofed forwarding headers) and by account. Each attack must be refused, and a refused callback must
 * never exchange its code.
 */

const t = useTestDatabase();
let offset = 0;
const harness = useApiHarness(t, { seed: 'demo', app: { now: () => Date.now() + offset } });
let ws: TestWorkspace;
let cookie: string;
let colleagueCookie: string;

const attacks: { name: string; refused: boolean }[] = [];
let connectedOfRace = 0;
afterAll(() => {
  const refused = attacks.filter((a) => a.refused).length;
  reportSummary(
    'oauth & session',
    `${attacks.length} attacks → ${refused} refused, ${attacks.length - refused} got through; ` +
      `${codesByRefused} codes exchanged by refused callbacks; ${connectedOfRace} of 2 racing callbacks connected`,
  );
});
let codesByRefused = 0;

const codeExchanges = async () => (await harness().emu.control.stats()).token.authorization_code;

const consentedCallback = (as: string) => consentOverHttp(harness(), as, { sites: [ACME_CLOUD_ID] });
const land = (callbackUrl: string, as?: string) => followCallback(harness(), callbackUrl, as);

/** A callback attack: refused (an error outcome) and no code exchanged for it. */
async function callbackAttack(
  name: string,
  run: () => Promise<{ connected: string | null; error: string | null }>,
) {
  const before = await codeExchanges();
  const outcome = await run();
  const exchanged = (await codeExchanges()) - before;
  codesByRefused += outcome.error === null ? 0 : exchanged;
  attacks.push({ name, refused: outcome.error !== null && outcome.connected === null && exchanged === 0 });
  expect(outcome.connected, name).toBeNull();
  expect(outcome.error, name).toMatch(/state|forbidden/);
  expect(exchanged, name).toBe(0);
}

beforeAll(async () => {
  ws = await newWorkspace(harness(), 'Target');
  const colleague = await newUser(harness(), ws.workspaceId, 'admin');
  cookie = await signInOverHttp(harness(), ws.admin.email, ws.admin.password);
  colleagueCookie = await signInOverHttp(harness(), colleague.email, colleague.password);
});

describe('OAuth state', () => {
  it('refuses missing, forged, other-user, sessionless and expired states without exchanging a code', async () => {
    const cb = '/oauth/confluence/callback';
    await callbackAttack('missing state', () => land(`${cb}?code=stolen-code`, cookie));
    await callbackAttack('forged state', () =>
      land(`${cb}?code=stolen-code&state=${'A'.repeat(43)}`, cookie),
    );
    const theirs = await consentedCallback(cookie);
    await callbackAttack("another user's state", () => land(theirs, colleagueCookie));
    await callbackAttack('callback without a session', () => land(theirs));
    // Neither burnt it: the admin who started the consent still completes it.
    expect((await land(theirs, cookie)).connected).toEqual(expect.any(String));

    const late = await consentedCallback(cookie);
    offset += 10 * 60_000 + 1000;
    try {
      await callbackAttack('expired state', () => land(late, cookie));
    } finally {
      offset -= 10 * 60_000 + 1000;
    }
  });

  it('a state is single-use: a replay loses, and of two racing callbacks exactly one connects', async () => {
    const once = await consentedCallback(cookie);
    expect((await land(once, cookie)).connected).toEqual(expect.any(String));
    await callbackAttack('replayed state', () => land(once, cookie));

    const raced = await consentedCallback(cookie);
    const before = await codeExchanges();
    const outcomes = await Promise.all([land(raced, cookie), land(raced, cookie)]);
    connectedOfRace = outcomes.filter((o) => o.connected !== null).length;
    expect(outcomes.map((o) => o.error).sort()).toEqual(['invalid_state', null].sort());
    expect(connectedOfRace).toBe(1);
    expect((await codeExchanges()) - before).toBe(1);
    attacks.push({ name: 'racing callback', refused: connectedOfRace === 1 });
  });
});

describe('open redirects', () => {
  it('refuses every off-site return path, judged after normalisation, and stores none', async () => {
    const forms = [
      '//evil.example',
      '///evil.example',
      '/\\evil.example',
      '\\/evil.example',
      '/\t/evil.example',
      '/%2F/evil.example',
      '/%2f%2fevil.example',
      '/%5Cevil.example',
      '/.//evil.example',
      '/%2e//evil.example',
      '/%2e/%2Fevil.example',
      '/a/..//evil.example',
      'https://evil.example/integrations',
      'javascript:alert(1)',
      '/%0d%0aLocation:%20https://evil.example',
    ];
    for (const returnTo of forms) {
      const response = await fetch(
        `${harness().url}/oauth/confluence/start?returnTo=${encodeURIComponent(returnTo)}`,
        {
          headers: { cookie },
          redirect: 'manual',
        },
      );
      const refused = response.status === 400;
      attacks.push({ name: `returnTo ${returnTo}`, refused });
      expect(response.status, returnTo).toBe(400);
    }
  });
});

describe('the session cookie from another site', () => {
  it('refuses cross-site tRPC mutations and better-auth posts', async () => {
    const evil = 'https://evil.example';
    const mutation = await fetch(`${harness().url}/trpc/apiKeys.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, origin: evil },
      body: JSON.stringify({ name: 'planted-by-csrf' }),
    });
    attacks.push({ name: 'cross-site tRPC mutation', refused: mutation.status === 403 });
    expect(mutation.status).toBe(403);
    const fetchSite = await fetch(`${harness().url}/trpc/apiKeys.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'sec-fetch-site': 'cross-site' },
      body: JSON.stringify({ name: 'planted-by-csrf' }),
    });
    attacks.push({ name: 'cross-site tRPC mutation (Sec-Fetch-Site)', refused: fetchSite.status === 403 });
    expect(fetchSite.status).toBe(403);
    const form = await fetch(`${harness().url}/trpc/apiKeys.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: 'name=planted-by-csrf',
    });
    attacks.push({ name: 'cross-site form post', refused: form.status === 415 });
    expect(form.status).toBe(415);
    const signOut = await fetch(`${harness().url}/api/auth/sign-out`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, origin: evil },
      body: '{}',
    });
    attacks.push({ name: 'cross-site sign-out', refused: signOut.status === 403 });
    expect(signOut.status).toBe(403);
    const me = await fetch(`${harness().url}/trpc/session.me`, { headers: { cookie } });
    expect(me.status).toBe(200);
  });
});

describe('password guessing', () => {
  const guess = (url: string, email: string, forwardedFor: string) =>
    fetch(`${url}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: harness().url, 'x-forwarded-for': forwardedFor },
      body: JSON.stringify({ email, password: 'guess-guess-guess' }),
    }).then((r) => r.status);

  it('by address: spoofed X-Forwarded-For does not escape the limit (no proxy trusted by default)', async () => {
    const url = await listen(createApp({ ...harness().services, webDist: null }));
    // Sign-ins from 127.0.0.1 earlier in this file count too: within 5 attempts the limit is reached, and a new
    // forwarded address each time changes nothing.
    const statuses = [];
    for (let i = 0; i < 8; i += 1) statuses.push(await guess(url, ws.admin.email, `203.0.113.${i + 1}`));
    const firstLimited = statuses.indexOf(429);
    attacks.push({
      name: 'guessing from spoofed addresses',
      refused: firstLimited !== -1 && firstLimited < 5,
    });
    expect(firstLimited).toBeGreaterThanOrEqual(0);
    expect(firstLimited).toBeLessThan(5);
    expect(statuses.slice(firstLimited)).toEqual(Array<number>(8 - firstLimited).fill(429));
  });

  it('by account: 10 addresses behind a trusted proxy still lock the account', async () => {
    const victim = await newWorkspace(harness(), 'Guessed');
    const url = await listen(createApp({ ...harness().services, webDist: null, trustProxy: 'loopback' }));
    const statuses = [];
    for (let i = 0; i < 10; i += 1)
      statuses.push(await guess(url, victim.admin.email, `198.51.100.${i + 1}`));
    attacks.push({ name: 'guessing one account from many addresses', refused: statuses.at(-1) === 429 });
    expect(statuses.slice(0, 9).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});
