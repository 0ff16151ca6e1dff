import { Writable } from 'node:stream';

import { describe, expect, it } from 'vitest';

import { createLogger } from './logger.js';

function capture({ pretty = false } = {}) {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: createLogger({ level: 'debug', destination, pretty }), output: () => lines.join('') };
}

const ACCESS = 'eyJraWQiOi.access-token-SECRET-1';
const REFRESH = 'refresh-token-SECRET-2';
const CLIENT_SECRET = 'client-secret-SECRET-3';

describe('logger redaction', () => {
  it('redacts tokens, secrets, passwords, cookies and authorization headers wherever they sit', () => {
    const { logger, output } = capture();
    logger.info(
      {
        req: {
          method: 'POST',
          url: '/oauth/token',
          headers: {
            authorization: `Bearer ${ACCESS}`,
            cookie: 'better-auth.session_token=SESSION-SECRET-4',
          },
        },
        access_token: ACCESS,
        tokens: { refresh_token: REFRESH, accessToken: ACCESS },
        upstream: { body: { client_secret: CLIENT_SECRET } },
        signIn: { password: 'PASSWORD-SECRET-5' },
        headers: { Authorization: `Bearer ${ACCESS}`, 'x-api-key': 'hub_KEYSECRET6' },
        connection: { access_token_enc: 'v1.k1.iv.CIPHERTEXT-7' },
      },
      'token exchange done',
    );
    const text = output();
    for (const secret of [
      'access-token-SECRET-1',
      REFRESH,
      CLIENT_SECRET,
      'SESSION-SECRET-4',
      'PASSWORD-SECRET-5',
      'KEYSECRET6',
      'CIPHERTEXT-7',
    ]) {
      expect(text).not.toContain(secret);
    }
    const line = JSON.parse(text) as { msg: string; req: { url: string; headers: Record<string, string> } };
    expect(line.msg).toBe('token exchange done');
    expect(line.req.url).toBe('/oauth/token');
    expect(line.req.headers.authorization).toBe('[redacted]');
  });
});

describe('readable logs (LOG_FORMAT=pretty, the demo at a terminal)', () => {
  it('writes one line per entry with time, level and message, and redacts as the JSON format does', () => {
    const { logger, output } = capture({ pretty: true });
    logger.info({ connectionId: 'c-1', tokens: { refresh_token: REFRESH } }, 'refreshed');
    logger.warn({ headers: { authorization: `Bearer ${ACCESS}` } }, 'slow upstream');
    const text = output();
    expect(text).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: refreshed\n/);
    expect(text).toContain('WARN: slow upstream');
    expect(text).toContain('connectionId: "c-1"');
    expect(text).not.toContain(REFRESH);
    expect(text).not.toContain('access-token-SECRET-1');
    expect(text).toContain('[redacted]');
    expect(text).not.toMatch(/^\{/m);
  });
});
