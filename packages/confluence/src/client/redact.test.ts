import { describe, expect, test } from 'vitest';
import { redactSecrets, redactUpstreamText, redactValue, truncate } from './redact.js';

describe('redactSecrets', () => {
  test.each([
    ['Authorization: Bearer abc.DEF-123_x=', 'Authorization: ***'],
    ['got Bearer abc.DEF-123_x= back', 'got Bearer *** back'],
    ['Basic dXNlcjpwYXNz', 'Basic ***'],
    [
      '{"access_token":"a1", "refresh_token" : "r\\"2", "scope":"x"}',
      '{"access_token":"***", "refresh_token" : "***", "scope":"x"}',
    ],
    ['{"client_secret":"s3cr3t"}', '{"client_secret":"***"}'],
    [
      'grant_type=refresh_token&refresh_token=abc&client_secret=xyz',
      'grant_type=refresh_token&refresh_token=***&client_secret=***',
    ],
  ])('%s', (input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  test('scrubs literal secrets that appear without a marker', () => {
    expect(redactSecrets('token abcdefgh1234 was echoed', ['abcdefgh1234'])).toBe('token *** was echoed');
  });

  test('leaves ordinary text and short strings alone', () => {
    expect(redactSecrets('{"code":"NOT_FOUND","title":"Not found"}', ['ab'])).toBe(
      '{"code":"NOT_FOUND","title":"Not found"}',
    );
  });
});

describe('redactValue', () => {
  test('masks secret-named keys at any depth and redacts strings', () => {
    expect(
      redactValue({
        a: { accessToken: 'x', list: ['Bearer zzz'] },
        Authorization: 'y',
        clientSecret: 'z',
        ok: 1,
      }),
    ).toEqual({
      a: { accessToken: '***', list: ['Bearer ***'] },
      Authorization: '***',
      clientSecret: '***',
      ok: 1,
    });
  });
});

test('truncate flattens whitespace and caps length', () => {
  expect(truncate('a\n\n  b')).toBe('a b');
  expect(truncate('x'.repeat(400), 10)).toBe(`${'x'.repeat(9)}…`);
});

describe('redactUpstreamText', () => {
  test('redacts credential-shaped runs that nothing labels as secrets, keeps ids and words', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
    const opaque = 'Xq7vT0pLm3nB8kR2sW9yZ4aC6dF1gH5j'; // an emulator-style base64url token
    const cloudId = '11111111-1111-4111-8111-111111111111';
    const text = `invalid token ${jwt}; also ${opaque} and hub_${'a'.repeat(64)} for site ${cloudId}\u0007!`;
    const out = redactUpstreamText(text);
    expect(out).toBe(`invalid token ***; also *** and *** for site ${cloudId} !`);
    expect(redactUpstreamText('The refresh token is invalid or expired')).toBe(
      'The refresh token is invalid or expired',
    );
  });
});
