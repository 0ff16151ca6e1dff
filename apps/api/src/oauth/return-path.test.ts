import { describe, expect, it } from 'vitest';

import { parseReturnPath, withQuery } from './return-path.js';

describe('parseReturnPath', () => {
  it.each([
    ['/integrations', '/integrations'],
    ['/integrations/confluence?tab=sites#top', '/integrations/confluence?tab=sites#top'],
    ['/search?q=a%20b', '/search?q=a%20b'],
    ['/a/../integrations', '/integrations'],
  ])('keeps the same-origin path %j', (input, expected) => {
    expect(parseReturnPath(input)).toBe(expected);
  });

  it.each([
    '',
    'integrations',
    '//evil.example',
    '///evil.example',
    '/\\evil.example',
    '\\/evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    '/ /evil.example',
    '/%2F/evil.example',
    '/%2f%2fevil.example',
    '/%5Cevil.example',
    '/%09/evil.example',
    '/.//evil.example', // dot segments resolve to //evil.example
    '/..//evil.example',
    '/a/..//evil.example',
    '/%2e//evil.example',
    '/%2e/%2Fevil.example', // stored as /%2Fevil.example, which decodes to //evil.example
    '/a/%2e%2e/%2F%2Fevil.example',
    '/%2E/%5Cevil.example',
    '/%E0%A4%A', // not decodable
    'https://evil.example/integrations',
    'javascript:alert(1)',
    `/${'a'.repeat(600)}`,
  ])('refuses %j', (input) => {
    expect(parseReturnPath(input)).toBeNull();
  });

  it('refuses what is not a single string (a repeated query parameter arrives as an array)', () => {
    expect(parseReturnPath(['/a', '/b'])).toBeNull();
    expect(parseReturnPath(undefined)).toBeNull();
  });
});

describe('withQuery', () => {
  it('adds parameters, keeps the fragment last, and drops stale outcome parameters', () => {
    expect(withQuery('/integrations?tab=x&error=old#f', { error: 'no_sites', message: 'a & b' })).toBe(
      '/integrations?tab=x&error=no_sites&message=a+%26+b#f',
    );
    expect(withQuery('/integrations?error=old&message=m&choose=p', { connected: 'c1' })).toBe(
      '/integrations?connected=c1',
    );
  });
});
