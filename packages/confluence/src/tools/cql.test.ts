import { describe, expect, test } from 'vitest';
import { buildCql, cqlString, readableExcerpt } from './cql.js';

describe('cqlString', () => {
  test('quotes and escapes backslashes and double quotes', () => {
    expect(cqlString('plain')).toBe('"plain"');
    expect(cqlString('say "hi"')).toBe('"say \\"hi\\""');
    expect(cqlString('C:\\path')).toBe('"C:\\\\path"');
  });

  test('a value cannot break out of its literal', () => {
    expect(cqlString('x" OR space = "SECRET')).toBe('"x\\" OR space = \\"SECRET"');
  });
});

describe('buildCql', () => {
  test('joins structured filters with AND and quotes every value', () => {
    expect(
      buildCql({ type: 'page', spaceKeys: ['ENG', '~acc-ada'], labels: ['runbook'], text: 'deploy "prod"' }),
    ).toBe(
      'type = page AND space IN ("ENG", "~acc-ada") AND label = "runbook" AND text ~ "deploy \\"prod\\""',
    );
  });

  test('adds title and ORDER BY', () => {
    expect(buildCql({ title: 'Release notes', orderBy: 'lastModified DESC' })).toBe(
      'title ~ "Release notes" ORDER BY lastModified DESC',
    );
  });
});

describe('readableExcerpt', () => {
  test('turns highlight markers into bold and unescapes entities', () => {
    expect(readableExcerpt('Use @@@hl@@@deploy@@@endhl@@@ &amp; &lt;rollback&gt; ')).toBe(
      'Use **deploy** & <rollback>',
    );
    expect(readableExcerpt('it&#x27;s &#39;fine&#39;&nbsp;&hellip; &bogus;')).toBe(
      "it's 'fine'\u00a0… &bogus;",
    );
  });
});
